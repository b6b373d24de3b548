"""Judging a request as its ingress does, for the sources' validation tests."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopbridge.config.loader import parse_settings
from shopbridge.sources.inventory.ingress import Normalize
from shopbridge.sources.verdict import FieldError

RECEIVED_AT = 1_800_000_000.5
SHOPS = parse_settings(
    """
shops:
  acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_x}
"""
).shops


@dataclass(frozen=True)
class Judge:
    """A source's ``normalize`` applied to one request for the shop ``acme``."""

    normalize: Normalize

    def ok(self, payload: Any) -> dict[str, Any]:
        """The stored document of an accepted request."""
        result = self.normalize(payload, SHOPS, RECEIVED_AT)
        assert isinstance(result, dict), result
        return dict(result)

    def problems(self, payload: Any) -> list[tuple[str, str]]:
        """The (field, message) of each field error of a refused request."""
        result = self.normalize(payload, SHOPS, RECEIVED_AT)
        assert isinstance(result, list), result
        return [(p.field, p.message) for p in result if isinstance(p, FieldError)]
