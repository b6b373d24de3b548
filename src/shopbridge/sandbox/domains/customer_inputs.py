"""Applying ``CustomerInput``/``CustomerSetInput`` fields to a customer document.

Checks follow Shopify's customer model: an email must look like one and belong to no
other customer, a phone must parse to E.164 and belong to no other customer, and a
customer keeps a name, an email or a phone. Each problem is reported with the input
field it concerns, a message in Shopify's wording ("Email has already been taken")
and the ``CustomerSetUserErrorCode`` ``customerSet`` answers with; the callers turn
problems into their payload's ``userErrors``. A new email or phone gets the default
consent record (``NOT_SUBSCRIBED``); removing one removes its consent.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.customers_store import (
    email_consent,
    find_by_email,
    find_by_phone,
    normalize_email,
    normalize_phone,
    sms_consent,
)
from shopbridge.sandbox.state import Doc, State, format_time

__all__ = ["EMAIL_INPUT_STATES", "Problem", "apply_fields", "consent_record", "require_contact"]

_SCALARS: Final = ("firstName", "lastName", "note", "locale", "multipassIdentifier",
                   "taxExempt", "taxExemptions")  # fmt: skip
# "NOT_SUBSCRIBED, REDACTED, and INVALID are rejected if sent as input" (the schema).
EMAIL_INPUT_STATES: Final = frozenset({"SUBSCRIBED", "UNSUBSCRIBED", "PENDING"})
SMS_INPUT_STATES: Final = frozenset({"SUBSCRIBED", "UNSUBSCRIBED", "PENDING", "NOT_SUBSCRIBED"})


@dataclass(frozen=True, slots=True)
class Problem:
    """One input the customer cannot take: ``field`` None concerns the whole input."""

    field: str | None
    message: str
    code: str


def _utc(value: str | None) -> str | None:
    if not value:
        return None
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return format_time(moment if moment.tzinfo else moment.replace(tzinfo=UTC))


def _tags(value: list[str] | None) -> list[str]:
    seen: dict[str, str] = {}
    for tag in value or []:
        for part in tag.split(","):
            text = part.strip()
            if text and text.lower() not in seen:
                seen[text.lower()] = text
    return list(seen.values())


def _set_email(state: State, customer: Doc, raw: str | None) -> Problem | None:
    if not raw:
        customer["email"], customer["emailMarketingConsent"] = None, None
        return None
    email = normalize_email(raw)
    if email is None:
        return Problem("email", "Email is invalid", "INVALID")
    owner = find_by_email(state, email)
    if owner is not None and owner["id"] != customer["id"]:
        return Problem("email", "Email has already been taken", "TAKEN")
    if customer["emailMarketingConsent"] is None:
        customer["emailMarketingConsent"] = email_consent()
    customer["email"] = email
    return None


def _set_phone(state: State, customer: Doc, raw: str | None) -> Problem | None:
    if not raw:
        customer["phone"], customer["smsMarketingConsent"] = None, None
        return None
    phone = normalize_phone(raw)
    if phone is None:
        return Problem("phone", "Phone is invalid", "INVALID")
    owner = find_by_phone(state, phone)
    if owner is not None and owner["id"] != customer["id"]:
        return Problem("phone", "Phone has already been taken", "TAKEN")
    if customer["smsMarketingConsent"] is None:
        customer["smsMarketingConsent"] = sms_consent()
    customer["phone"] = phone
    return None


def apply_fields(state: State, customer: Doc, given: Mapping[str, Any]) -> list[Problem]:
    """Copy the sent contact, name, note, tax and tag fields onto ``customer``."""
    problems = []
    if "email" in given:
        problems.append(_set_email(state, customer, given["email"]))
    if "phone" in given:
        problems.append(_set_phone(state, customer, given["phone"]))
    for key in _SCALARS:
        if key in given:
            customer[key] = given[key]
    if customer["taxExemptions"] is None:
        customer["taxExemptions"] = []
    if customer["taxExempt"] is None:
        customer["taxExempt"] = False
    if "tags" in given:
        customer["tags"] = _tags(given["tags"])
    return [problem for problem in problems if problem is not None]


def require_contact(customer: Mapping[str, Any]) -> Problem | None:
    """Shopify keeps no customer without a name, an email or a phone."""
    if any(customer.get(key) for key in ("firstName", "lastName", "email", "phone")):
        return None
    return Problem(None, "Customer must have a name, phone number or email address", "BLANK")


def consent_record(
    state: State,
    given: Mapping[str, Any],
    current: Mapping[str, Any] | None,
    allowed: frozenset[str],
) -> tuple[dict[str, Any] | None, Problem | None]:
    """A consent record from a ``Customer*MarketingConsentInput`` (or what is wrong)."""
    marketing_state = given["marketingState"]
    if marketing_state not in allowed:
        return None, Problem(
            "marketingState", f"Marketing state {marketing_state} can't be set", "INCLUSION"
        )
    location = given.get("sourceLocationId")
    if location is not None and lookup(state, location, "Location") is None:
        return None, Problem("sourceLocationId", "Source location does not exist", "INVALID")
    base = dict(current) if current else email_consent()
    base.update(
        {
            "marketingState": marketing_state,
            "marketingOptInLevel": given.get("marketingOptInLevel")
            or base.get("marketingOptInLevel")
            or "SINGLE_OPT_IN",
            "consentUpdatedAt": _utc(given.get("consentUpdatedAt")) or state.now(),
            "sourceLocationId": location,
        }
    )
    return base, None
