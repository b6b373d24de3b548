"""Customers in the store (no GraphQL here): documents, lookups, order totals.

Other domains use this module, not the GraphQL resolvers:

* ``find_by_email(state, email)`` / ``find_by_phone(state, phone)``: the customer
  owning a contact (emails compare case-insensitively, phones in E.164 form);
* ``record_order(state, customer_id, amount, order_id)``: count a placed order:
  ``numberOfOrders`` + 1, ``amountSpent`` + ``amount``, ``lastOrderId``;
* ``new_customer(state, currency)``: a blank customer document to fill and ``save``.

A customer document keeps its addresses inside it (``addresses``, with
``defaultAddressId``) and its marketing consents as stored records
(``emailMarketingConsent``/``smsMarketingConsent``, ``None`` without an email or a
phone). ``numberOfOrders`` is an ``UnsignedInt64``, which Shopify writes as a string.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import decimal_string, parse_decimal
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CUSTOMER",
    "default_address",
    "display_name",
    "email_consent",
    "find_by_email",
    "find_by_phone",
    "new_customer",
    "normalize_email",
    "normalize_phone",
    "record_order",
    "sms_consent",
]

CUSTOMER: Final = "Customer"
_EMAIL: Final = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s.]+$")
_PHONE_NOISE: Final = re.compile(r"[\s().\-]")


def normalize_email(value: str) -> str | None:
    """The stored form of an email (trimmed, lower case), or ``None`` when malformed."""
    email = value.strip().lower()
    return email if _EMAIL.match(email) else None


def normalize_phone(value: str) -> str | None:
    """A phone number in E.164 form (``+16135551212``), or ``None`` when invalid.

    Shopify parses numbers against the shop's country; the sandbox's shop is in
    Canada (a North American number), so ten digits without a ``+`` get ``+1``.
    """
    text = _PHONE_NOISE.sub("", value.strip())
    if text.startswith("+"):
        digits = text[1:]
    elif len(text) == 10:
        digits = f"1{text}"
    elif len(text) == 11 and text.startswith("1"):
        digits = text
    else:
        return None
    if not digits.isdigit() or not 8 <= len(digits) <= 15 or digits.startswith("0"):
        return None
    return f"+{digits}"


def find_by_email(state: State, email: str) -> Doc | None:
    """The customer whose email is ``email`` (case-insensitive), if any."""
    normalized = email.strip().lower()
    return state.first(CUSTOMER, "email", normalized) if normalized else None


def find_by_phone(state: State, phone: str) -> Doc | None:
    """The customer whose phone is ``phone`` (any format ``normalize_phone`` accepts)."""
    normalized = normalize_phone(phone)
    return state.first(CUSTOMER, "phone", normalized) if normalized else None


def new_customer(state: State, currency: str) -> Doc:
    """A customer document with Shopify's defaults (not saved)."""
    now = state.now()
    return {
        "__typename": CUSTOMER,
        "id": state.new_gid(CUSTOMER),
        "firstName": None,
        "lastName": None,
        "email": None,
        "phone": None,
        "note": None,
        "tags": [],
        "state": "DISABLED",
        "verifiedEmail": True,
        "taxExempt": False,
        "taxExemptions": [],
        "locale": "en",
        "multipassIdentifier": None,
        "dataSaleOptOut": False,
        "productSubscriberStatus": "NEVER_SUBSCRIBED",
        "hasTimelineComment": False,
        "emailMarketingConsent": None,
        "smsMarketingConsent": None,
        "addresses": [],
        "defaultAddressId": None,
        "numberOfOrders": "0",
        "amountSpent": {"amount": "0.0", "currencyCode": currency},
        "lastOrderId": None,
        "createdAt": now,
        "updatedAt": now,
    }


def email_consent(state: str = "NOT_SUBSCRIBED") -> dict[str, Any]:
    """A stored email consent record (the default one a new email gets)."""
    return {
        "marketingState": state,
        "marketingOptInLevel": "SINGLE_OPT_IN",
        "consentUpdatedAt": None,
        "sourceLocationId": None,
    }


def sms_consent(state: str = "NOT_SUBSCRIBED") -> dict[str, Any]:
    """A stored SMS consent record (the default one a new phone gets)."""
    return {**email_consent(state), "consentCollectedFrom": "OTHER"}


def display_name(customer: Mapping[str, Any]) -> str:
    """Full name, else email, else phone, else empty: what Shopify shows in lists."""
    name = " ".join(p for p in (customer.get("firstName"), customer.get("lastName")) if p)
    return name or customer.get("email") or customer.get("phone") or ""


def default_address(customer: Mapping[str, Any]) -> dict[str, Any] | None:
    wanted = customer.get("defaultAddressId")
    found: dict[str, Any] | None = next(
        (a for a in customer["addresses"] if a["id"] == wanted), None
    )
    return found


def record_order(state: State, customer_id: str, amount: Decimal | str, order_id: str) -> Doc:
    """Count an order placed by the customer; returns the saved customer.

    Raises ``LookupError`` when the customer does not exist.
    """
    customer = state.edit(CUSTOMER, legacy_id(customer_id))
    if customer is None:
        raise LookupError(f"customer {customer_id} does not exist")
    spent = parse_decimal(customer["amountSpent"]["amount"]) + parse_decimal(amount)
    customer["numberOfOrders"] = str(int(customer["numberOfOrders"]) + 1)
    customer["amountSpent"] = {**customer["amountSpent"], "amount": decimal_string(spent)}
    customer["lastOrderId"] = order_id
    customer["updatedAt"] = state.now()
    return state.save(customer)
