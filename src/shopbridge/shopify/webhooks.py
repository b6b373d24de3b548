"""Read and verify a Shopify webhook delivery without trusting any of it first.

Everything here returns a verdict rather than raising: a bad request is an expected
input at a trust boundary, and the route needs a reason it can turn into a status
code (one table, :data:`STATUS_BY_REASON`) and a metric label.

The HMAC is computed over the raw request bytes. Parsing and re-serialising the JSON
first would change whitespace, key order or number formatting and break the signature.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from typing import Final

from . import topics

__all__ = [
    "STATUS_BY_REASON",
    "Invalid",
    "InvalidReason",
    "WebhookHeaders",
    "parse_triggered_at",
    "read_headers",
    "status_for",
    "verify_hmac",
    "verify_webhook",
]


class InvalidReason(StrEnum):
    """Why a delivery was refused; the value is the problem code and the metric label."""

    MISSING_HEADER = "missing_header"
    UNKNOWN_SHOP = "unknown_shop"
    BAD_HMAC = "invalid_hmac"
    UNKNOWN_TOPIC = "unknown_topic"


# 401 on a bad HMAC is an App Store requirement for the compliance endpoints; a 4xx
# tells Shopify that retrying the same request is pointless.
STATUS_BY_REASON: Final[Mapping[InvalidReason, int]] = {
    InvalidReason.MISSING_HEADER: 400,
    InvalidReason.UNKNOWN_SHOP: 404,
    InvalidReason.BAD_HMAC: 401,
    InvalidReason.UNKNOWN_TOPIC: 400,
}


def status_for(reason: InvalidReason) -> int:
    return STATUS_BY_REASON[reason]


@dataclass(frozen=True, slots=True)
class Invalid:
    """A refusal. ``header`` names the missing header for ``MISSING_HEADER``."""

    reason: InvalidReason
    detail: str
    header: str | None = None


# Field → header suffix. Shopify sends ``X-Shopify-<suffix>`` on classic deliveries and
# ``shopify-<suffix>`` on the newer format; header names are case-insensitive in HTTP.
_SUFFIXES: Final = {
    "topic": "topic",
    "hmac": "hmac-sha256",
    "shop_domain": "shop-domain",
    "webhook_id": "webhook-id",
    "api_version": "api-version",
    "event_id": "event-id",
    "triggered_at": "triggered-at",
    "name": "name",
}
# In the order a missing one is reported.
_REQUIRED: Final = ("hmac", "topic", "shop_domain", "webhook_id")
_CANONICAL: Final = {
    "topic": "X-Shopify-Topic",
    "hmac": "X-Shopify-Hmac-Sha256",
    "shop_domain": "X-Shopify-Shop-Domain",
    "webhook_id": "X-Shopify-Webhook-Id",
    "api_version": "X-Shopify-API-Version",
    "event_id": "X-Shopify-Event-Id",
    "triggered_at": "X-Shopify-Triggered-At",
    "name": "X-Shopify-Name",
}


@dataclass(frozen=True, slots=True)
class WebhookHeaders:
    """The Shopify headers of one delivery, whichever spelling they arrived in."""

    topic: str
    hmac: str
    shop_domain: str
    webhook_id: str
    api_version: str | None = None
    event_id: str | None = None
    triggered_at: str | None = None
    name: str | None = None

    def recorded(self) -> dict[str, str]:
        """Headers worth keeping with the event, under lower-case ``x-shopify-*`` names.

        The HMAC is left out: it has done its job, and nothing downstream needs it.
        """
        kept: dict[str, str] = {}
        for field, suffix in _SUFFIXES.items():
            value = getattr(self, field)
            if field != "hmac" and value is not None:
                kept[f"x-shopify-{suffix}"] = value
        return kept


def read_headers(headers: Mapping[str, str]) -> WebhookHeaders | Invalid:
    """Pick the Shopify headers out of a request; every required one must be non-empty.

    Each header is looked up as ``x-shopify-*`` first, then ``shopify-*``, in any case.
    """
    lowered: dict[str, str] = {}
    for key, value in headers.items():
        lowered.setdefault(key.lower(), value.strip())
    found: dict[str, str] = {}
    for field, suffix in _SUFFIXES.items():
        text = lowered.get(f"x-shopify-{suffix}") or lowered.get(f"shopify-{suffix}")
        if text:
            found[field] = text
    missing = [_CANONICAL[field] for field in _REQUIRED if field not in found]
    if missing:
        return Invalid(
            InvalidReason.MISSING_HEADER,
            f"missing Shopify webhook header: {', '.join(missing)}",
            header=missing[0],
        )
    return WebhookHeaders(**found)


def verify_hmac(raw_body: bytes, header_value: str, secrets: Sequence[str]) -> bool:
    """True when ``header_value`` is the HMAC of ``raw_body`` under any of ``secrets``.

    Pass the current secret first, then the previous one: after a rotation Shopify can
    sign with the old secret for up to an hour. Empty secrets are skipped, because an
    HMAC under an empty key is one anybody can compute.
    """
    presented = header_value.strip().encode()
    for secret in secrets:
        if not secret:
            continue
        digest = hmac.new(secret.encode(), raw_body, hashlib.sha256).digest()
        if hmac.compare_digest(base64.b64encode(digest), presented):
            return True
    return False


def verify_webhook(
    raw_body: bytes, headers: Mapping[str, str], secrets: Sequence[str]
) -> WebhookHeaders | Invalid:
    """Headers, then signature, then topic: nothing about the body is believed unsigned."""
    parsed = read_headers(headers)
    if isinstance(parsed, Invalid):
        return parsed
    if not verify_hmac(raw_body, parsed.hmac, secrets):
        return Invalid(InvalidReason.BAD_HMAC, "the HMAC does not match this shop's secret")
    if not topics.is_known_topic(parsed.topic):
        return Invalid(
            InvalidReason.UNKNOWN_TOPIC, f"'{parsed.topic}' is not a Shopify webhook topic"
        )
    return parsed


# A zone written as a word (``2026-11-28 14:15:00 UTC``, Ruby's default), which
# ``fromisoformat`` rejects; it already accepts ``Z``, offsets and a space separator.
_TRAILING_UTC = re.compile(r"\s*(?:UTC|GMT)$", re.IGNORECASE)


def parse_triggered_at(value: str | None) -> datetime | None:
    """The moment an event fired, in UTC; None when absent or unreadable.

    Shopify writes ISO 8601 with ``Z`` or an offset and up to nine fractional digits
    (``2026-11-28T14:15:00.123456789Z``); Python keeps microseconds. A time without a
    zone is taken as UTC. Unreadable input is not a reason to refuse a signed delivery,
    so this never raises.
    """
    if not value or not value.strip():
        return None
    text = _TRAILING_UTC.sub("+00:00", value.strip())
    try:
        moment = datetime.fromisoformat(text)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.astimezone(UTC)
