"""Reading Shopify's REST payloads defensively: a webhook trimmed by ``includeFields``
lacks keys, and a list may hold nulls. Shared by the presets and the versions."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["objects"]


def objects(value: Any) -> list[Mapping[str, Any]]:
    """The objects of a list (anything else in it, or a missing list, is skipped)."""
    return [item for item in value if isinstance(item, Mapping)] if isinstance(value, list) else []
