"""The ``order`` preset: a clean order document from Shopify's REST ``orders/*`` payload.

Shopify's order payload has 90-odd keys, most of them in two currencies and three
spellings (``total_price``, ``total_price_set``, ``current_total_price``). ERP, WMS,
payment and fraud systems want the same few things: who, what (lines with SKU,
quantity, prices, taxes, discounts), where to, how much, and in what state. This module
builds that document; a flow's ``map`` then receives it and may extend it.

Rules: amounts are decimal strings in the shop's currency, as Shopify writes them;
ids stay exact integers (they exceed 2**53); a field the payload lacks (a webhook
trimmed by ``include_fields``) is null or an empty list, never an error; nothing is
guessed. The schema, with an example, is in ``docs/orders.md``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from shopbridge import errors
from shopbridge.types import JSONValue

from .amounts import ZERO, amount, money_set, sum_amounts, text
from .payload import objects

__all__ = ["ORDER_TOPICS", "order_document"]

# Topics whose payload is the whole order (``orders/delete`` sends only the id and
# ``orders/edited`` an order edit, so the preset does not apply to them).
ORDER_TOPICS: Final = frozenset(
    {
        "orders/create",
        "orders/updated",
        "orders/paid",
        "orders/cancelled",
        "orders/fulfilled",
        "orders/partially_fulfilled",
    }
)

_ADDRESS_KEYS: Final = (
    "name",
    "first_name",
    "last_name",
    "company",
    "address1",
    "address2",
    "city",
    "province",
    "province_code",
    "zip",
    "country",
    "country_code",
    "phone",
)
_DISCOUNT_KEYS: Final = (
    "type",
    "code",
    "title",
    "description",
    "value",
    "value_type",
    "target_type",
    "target_selection",
    "allocation_method",
)


def order_document(payload: JSONValue) -> JSONValue:
    """The clean document of one ``orders/*`` payload.

    Raises:
        MappingError: the payload is not a JSON object.
    """
    if not isinstance(payload, dict):
        raise errors.MappingError("preset 'order': the event is not a JSON object")
    order: Mapping[str, Any] = payload
    applications = objects(order.get("discount_applications"))
    cancelled_at = order.get("cancelled_at")
    return {
        "id": order.get("id"),
        "gid": order.get("admin_graphql_api_id"),
        "name": order.get("name"),
        "number": order.get("order_number"),
        "created_at": order.get("created_at"),
        "updated_at": order.get("updated_at"),
        "processed_at": order.get("processed_at"),
        "financial_status": order.get("financial_status"),
        "fulfillment_status": order.get("fulfillment_status"),
        "cancelled": cancelled_at is not None,
        "cancelled_at": cancelled_at,
        "cancel_reason": order.get("cancel_reason"),
        "closed_at": order.get("closed_at"),
        "test": order.get("test"),
        "source_name": order.get("source_name"),
        "currency": order.get("currency"),
        "presentment_currency": order.get("presentment_currency"),
        "taxes_included": order.get("taxes_included"),
        "email": order.get("email") or order.get("contact_email"),
        "phone": order.get("phone"),
        "locale": order.get("customer_locale"),
        "buyer_accepts_marketing": order.get("buyer_accepts_marketing"),
        "tags": _tags(order.get("tags")),
        "note": order.get("note"),
        "attributes": _properties(order.get("note_attributes")),
        "customer": _customer(order.get("customer")),
        "billing_address": _address(order.get("billing_address")),
        "shipping_address": _address(order.get("shipping_address")),
        "lines": [_line(line, applications) for line in objects(order.get("line_items"))],
        "shipping_lines": [_shipping_line(line) for line in objects(order.get("shipping_lines"))],
        "discount_codes": [
            {
                "code": code.get("code"),
                "amount": text(amount(code.get("amount"))),
                "type": code.get("type"),
            }
            for code in objects(order.get("discount_codes"))
        ],
        "discounts": [{key: app.get(key) for key in _DISCOUNT_KEYS} for app in applications],
        "taxes": _taxes(order.get("tax_lines")),
        "payment_gateways": [
            g for g in _list_of(order.get("payment_gateway_names")) if isinstance(g, str)
        ],
        "totals": _totals(order),
        "reconciled": order.get("reconciled") is True,
    }


def _totals(order: Mapping[str, Any]) -> dict[str, JSONValue]:
    shipping = money_set(order.get("total_shipping_price_set"))
    if shipping is None and order.get("shipping_lines") is not None:
        shipping = sum_amounts(amount(s.get("price")) for s in objects(order.get("shipping_lines")))
    refunded = sum_amounts(
        amount(transaction.get("amount"))
        for refund in objects(order.get("refunds"))
        for transaction in objects(refund.get("transactions"))
        if transaction.get("kind") == "refund" and transaction.get("status") == "success"
    )
    return {
        "line_items": text(amount(order.get("total_line_items_price"))),
        "discounts": text(amount(order.get("total_discounts"))),
        "subtotal": text(amount(order.get("subtotal_price"))),
        "shipping": text(shipping),
        "tax": text(amount(order.get("total_tax"))),
        "total": text(amount(order.get("total_price"))),
        "current_total": text(amount(order.get("current_total_price"))),
        "outstanding": text(amount(order.get("total_outstanding"))),
        "refunded": text(refunded),
    }


def _line(line: Mapping[str, Any], applications: Sequence[Mapping[str, Any]]) -> JSONValue:
    unit_price = amount(line.get("price"))
    quantity = line.get("quantity")
    subtotal = (
        unit_price * quantity
        if unit_price is not None and isinstance(quantity, int) and not isinstance(quantity, bool)
        else None
    )
    allocations = objects(line.get("discount_allocations"))
    discount = (
        sum_amounts(amount(a.get("amount")) for a in allocations)
        if allocations
        else amount(line.get("total_discount"))
    )
    return {
        "id": line.get("id"),
        "gid": line.get("admin_graphql_api_id"),
        "sku": line.get("sku"),
        "title": line.get("title"),
        "variant_title": line.get("variant_title"),
        "name": line.get("name"),
        "vendor": line.get("vendor"),
        "product_id": line.get("product_id"),
        "variant_id": line.get("variant_id"),
        "quantity": quantity,
        "current_quantity": line.get("current_quantity"),
        "fulfillable_quantity": line.get("fulfillable_quantity"),
        "fulfillment_status": line.get("fulfillment_status"),
        "unit_price": text(unit_price),
        "subtotal": text(subtotal),
        "discount": text(discount if discount is not None else ZERO),
        "total": text(subtotal - (discount or ZERO) if subtotal is not None else None),
        "tax": text(_tax_total(line.get("tax_lines"))),
        "taxes": _taxes(line.get("tax_lines")),
        "discounts": [_allocation(a, applications) for a in allocations],
        "requires_shipping": line.get("requires_shipping"),
        "taxable": line.get("taxable"),
        "gift_card": line.get("gift_card"),
        "grams": line.get("grams"),
        "properties": _properties(line.get("properties")),
    }


def _allocation(
    allocation: Mapping[str, Any], applications: Sequence[Mapping[str, Any]]
) -> JSONValue:
    """One discount on a line, named by the discount application it comes from."""
    index = allocation.get("discount_application_index")
    application: Mapping[str, Any] = (
        applications[index]
        if isinstance(index, int) and not isinstance(index, bool) and 0 <= index < len(applications)
        else {}
    )
    return {
        "amount": text(amount(allocation.get("amount"))),
        "type": application.get("type"),
        "code": application.get("code"),
        "title": application.get("title") or application.get("description"),
    }


def _shipping_line(line: Mapping[str, Any]) -> JSONValue:
    return {
        "title": line.get("title"),
        "code": line.get("code"),
        "source": line.get("source"),
        "price": text(amount(line.get("price"))),
        "discounted_price": text(amount(line.get("discounted_price"))),
        "tax": text(_tax_total(line.get("tax_lines"))),
        "taxes": _taxes(line.get("tax_lines")),
    }


def _taxes(value: Any) -> list[JSONValue]:
    return [
        {
            "title": tax.get("title"),
            "rate": tax.get("rate"),
            "amount": text(amount(tax.get("price"))),
        }
        for tax in objects(value)
    ]


def _tax_total(value: Any) -> Decimal:
    return sum_amounts(amount(tax.get("price")) for tax in objects(value))


def _customer(value: Any) -> JSONValue:
    if not isinstance(value, Mapping):
        return None
    return {
        "id": value.get("id"),
        "gid": value.get("admin_graphql_api_id"),
        "email": value.get("email"),
        "first_name": value.get("first_name"),
        "last_name": value.get("last_name"),
        "phone": value.get("phone"),
    }


def _address(value: Any) -> JSONValue:
    if not isinstance(value, Mapping):
        return None
    return {key: value.get(key) for key in _ADDRESS_KEYS}


def _properties(value: Any) -> list[JSONValue]:
    return [{"name": p.get("name"), "value": p.get("value")} for p in objects(value)]


def _tags(value: Any) -> list[JSONValue]:
    """REST sends tags as one comma-separated string; the document has a list."""
    if isinstance(value, list):
        return [tag for tag in value if isinstance(tag, str)]
    if not isinstance(value, str):
        return []
    return [tag.strip() for tag in value.split(",") if tag.strip()]


def _list_of(value: Any) -> list[Any]:
    return value if isinstance(value, list) else []
