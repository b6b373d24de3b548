"""What marketing events carry, read from Shopify's REST-shaped webhook payloads.

Checkout and order webhooks share their customer and line shapes; marketing events
carry a trimmed copy of each (the fields a marketing system acts on), so a flow without
a map still sends something small and stable. Ids are normalised to numeric strings
(``"gid://shopify/Product/7"``, ``7`` and ``"7"`` are the same product), the form the
REST payloads and Web Pixels events can both be matched in.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from shopbridge.types import JSONObject, JSONValue

__all__ = [
    "contact_of",
    "customer_summary",
    "iso_time",
    "line_summary",
    "lines_of",
    "numeric_id",
    "parse_time",
]


def parse_time(value: object) -> float | None:
    """An ISO 8601 time (``2026-07-01T10:00:00-05:00``, ``…Z``) as epoch seconds."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def iso_time(epoch: float) -> str:
    """Epoch seconds as an ISO 8601 UTC time with milliseconds (``…T10:00:00.000Z``)."""
    moment = datetime.fromtimestamp(epoch, UTC)
    return moment.isoformat(timespec="milliseconds").replace("+00:00", "Z")


def numeric_id(value: object) -> str | None:
    """The numeric id in ``7``, ``"7"`` or ``"gid://shopify/Product/7"``, as a string."""
    if isinstance(value, bool):
        return None
    if isinstance(value, int):
        return str(value) if value > 0 else None
    if isinstance(value, str):
        tail = value.rsplit("/", 1)[-1].split("?", 1)[0].strip()
        return tail if tail.isdigit() and tail.strip("0") else None
    return None


def _text(value: object) -> str | None:
    return value.strip() or None if isinstance(value, str) else None


def customer_summary(customer: object) -> JSONObject | None:
    """The customer fields a marketing system uses, or None for a guest."""
    if not isinstance(customer, Mapping):
        return None
    customer_id = numeric_id(customer.get("id"))
    if customer_id is None:
        return None
    return {
        "id": customer_id,
        "admin_graphql_api_id": f"gid://shopify/Customer/{customer_id}",
        "email": _text(customer.get("email")),
        "phone": _text(customer.get("phone")),
        "first_name": _text(customer.get("first_name")),
        "last_name": _text(customer.get("last_name")),
    }


def lines_of(payload: Mapping[str, Any], key: str = "line_items") -> list[Mapping[str, Any]]:
    """The lines of a checkout or order: the mappings in its ``key`` list, if it is one."""
    lines = payload.get(key)
    return [line for line in lines if isinstance(line, Mapping)] if isinstance(lines, list) else []


def line_summary(line: Mapping[str, Any]) -> JSONObject:
    """One checkout or order line: product, variant, SKU, title, quantity and price."""
    fields: dict[str, JSONValue] = {
        "product_id": numeric_id(line.get("product_id")),
        "variant_id": numeric_id(line.get("variant_id")),
        "sku": _text(line.get("sku")),
        "title": _text(line.get("title")),
        "variant_title": _text(line.get("variant_title")),
        "quantity": line.get("quantity") if isinstance(line.get("quantity"), int) else None,
        "price": _text(line.get("price")),
    }
    if isinstance(line.get("line_price"), str):
        fields["line_price"] = line["line_price"]
    return fields


def contact_of(payload: Mapping[str, Any]) -> tuple[str | None, str | None]:
    """The email and phone a shopper can be reached at, from the payload or its customer."""
    customer = payload.get("customer")
    customer = customer if isinstance(customer, Mapping) else {}
    email = _text(payload.get("email")) or _text(customer.get("email"))
    phones = [payload.get("phone"), payload.get("sms_marketing_phone"), customer.get("phone")]
    for address in ("shipping_address", "billing_address"):
        found = payload.get(address)
        if isinstance(found, Mapping):
            phones.append(found.get("phone"))
    phone = next((text for value in phones if (text := _text(value))), None)
    return email, phone
