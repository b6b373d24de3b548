"""``draft_orders/create``, ``draft_orders/update`` and ``draft_orders/delete`` in
Shopify's REST shape (the official 2026-07 examples).

Completing a draft changes it, so it sends ``draft_orders/update`` with status
``completed`` and the ``order_id``, next to the new order's ``orders/create``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.draft_orders_store import DRAFT_ORDER
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import decimal_string
from shopbridge.sandbox.rest.customers import rest_customer
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_tags, rest_time
from shopbridge.sandbox.rest.order_parts import amount, rest_address
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_draft_order"]


def _discount(applied: Mapping[str, Any] | None) -> Payload | None:
    if applied is None:
        return None
    return {
        "amount": amount(applied["amountSet"]),
        "description": applied["description"],
        "title": applied["title"],
        "value": decimal_string(applied["_value"]),
        "value_type": rest_enum(applied["valueType"]),
    }


def _line(line: Mapping[str, Any]) -> Payload:
    return {
        "admin_graphql_api_id": line["id"],
        "applied_discount": _discount(line["appliedDiscount"]),
        "custom": line["custom"],
        "fulfillment_service": "manual",
        "gift_card": line["isGiftCard"],
        "grams": line["grams"],
        "id": legacy_id(line["id"]),
        "name": line["name"],
        "price": amount(line["originalUnitPriceSet"]),
        "product_id": numeric_id(line["productId"]),
        "properties": [{"name": a["key"], "value": a["value"]} for a in line["customAttributes"]],
        "quantity": line["quantity"],
        "requires_shipping": line["requiresShipping"],
        "sku": line["sku"],
        "tax_lines": [],
        "taxable": line["taxable"],
        "title": line["title"],
        "variant_id": numeric_id(line["variantId"]),
        "variant_title": line["variantTitle"],
        "vendor": line["vendor"],
    }


def _customer(state: State, draft: Mapping[str, Any]) -> Payload | None:
    found = state.get_gid(draft["customerId"]) if draft["customerId"] else None
    if found is None:
        return None
    rendered = rest_customer(state, found)
    rendered.pop("addresses", None)
    return rendered


def rest_draft_order(state: State, draft: Mapping[str, Any]) -> Payload:
    """The body of ``draft_orders/create`` and ``draft_orders/update``."""
    return {
        "admin_graphql_api_id": draft["id"],
        "allow_discount_codes_in_checkout?": draft["allowDiscountCodesInCheckout"],
        "api_client_id": None,
        "applied_discount": _discount(draft["appliedDiscount"]),
        "b2b?": False,
        "billing_address": rest_address(draft["billingAddress"]),
        "completed_at": rest_time(state, draft["completedAt"]),
        "created_at": rest_time(state, draft["createdAt"]),
        "created_on_api_version_handle": None,
        "currency": draft["currencyCode"],
        "customer": _customer(state, draft),
        "email": draft["email"],
        "id": legacy_id(draft["id"]),
        "invoice_sent_at": rest_time(state, draft["invoiceSentAt"]),
        "invoice_url": draft["invoiceUrl"],
        "line_items": [_line(line) for line in draft["lineItems"]],
        "name": draft["name"],
        "note": draft["note2"],
        "note_attributes": [
            {"name": a["key"], "value": a["value"]} for a in draft["customAttributes"]
        ],
        "order_id": numeric_id(draft["orderId"]),
        "payment_terms": None,
        "shipping_address": rest_address(draft["shippingAddress"]),
        "shipping_line": None,
        "status": rest_enum(draft["status"]),
        "subtotal_price": amount(draft["subtotalPriceSet"]),
        "tags": rest_tags(draft["tags"]),
        "tax_exempt": draft["taxExempt"],
        "tax_lines": [],
        "taxes_included": draft["taxesIncluded"],
        "total_price": amount(draft["totalPriceSet"]),
        "total_tax": amount(draft["totalTaxSet"]),
        "updated_at": rest_time(state, draft["updatedAt"]),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


@topic_rule("draft_orders/create", DRAFT_ORDER, on="create")
def draft_order_created(state: State, change: Change) -> Payload:
    return rest_draft_order(state, _after(change))


@topic_rule("draft_orders/update", DRAFT_ORDER, on="update")
def draft_order_updated(state: State, change: Change) -> Payload:
    return rest_draft_order(state, _after(change))


@topic_rule("draft_orders/delete", DRAFT_ORDER, on="delete")
def draft_order_deleted(_state: State, change: Change) -> Payload:
    return {"id": int(change.id)}
