"""``refunds/create`` in Shopify's REST shape: the refund, its line items and transactions.

A refund line item's ``line_item`` is the order's line item as the order payloads
render it, without the keys the official refund example does not carry.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.domains.refunds_store import REFUND
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_time
from shopbridge.sandbox.rest.order_parts import rest_line_item, rest_money_set
from shopbridge.sandbox.rest.transactions import rest_transaction
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_refund"]

_NOT_IN_REFUND_LINE: Final = ("attributed_staffs", "current_quantity", "sales_line_item_group_id")
_NOT_IN_REFUND_TRANSACTION: Final = ("payment_details",)


def _line_item(state: State, order: Mapping[str, Any], line_id: str) -> Payload | None:
    line = next((li for li in order.get("lineItems", []) if li["id"] == line_id), None)
    if line is None:
        return None
    rendered = rest_line_item(state, line)
    for key in _NOT_IN_REFUND_LINE:
        rendered.pop(key, None)
    return rendered


def _refund_line(state: State, order: Mapping[str, Any], item: Mapping[str, Any]) -> Payload:
    return {
        "id": legacy_id(item["id"]),
        "line_item": _line_item(state, order, item["lineItemId"]),
        "line_item_id": legacy_id(item["lineItemId"]),
        "location_id": numeric_id(item["locationId"]),
        "quantity": item["quantity"],
        "restock_type": rest_enum(item["restockType"]),
        "subtotal": float(bag_amount(item["subtotalSet"])),
        "subtotal_set": rest_money_set(item["subtotalSet"]),
        "total_tax": float(bag_amount(item["totalTaxSet"])),
        "total_tax_set": rest_money_set(item["totalTaxSet"]),
    }


def _transaction(state: State, transaction: Mapping[str, Any]) -> Payload:
    rendered = rest_transaction(state, transaction)
    for key in _NOT_IN_REFUND_TRANSACTION:
        rendered.pop(key, None)
    return rendered


def rest_refund(state: State, refund: Mapping[str, Any]) -> Payload:
    """The body of ``refunds/create``."""
    order = state.get_gid(refund["orderId"]) or {}
    currency = order.get("currencyCode", "USD")
    zero = {"amount": "0", "currencyCode": currency}
    transactions = [state.get_gid(t) for t in refund["transactionIds"]]
    return {
        "admin_graphql_api_id": refund["id"],
        "created_at": rest_time(state, refund["createdAt"]),
        "duties": [],
        "id": legacy_id(refund["id"]),
        "note": refund["note"],
        "order_adjustments": [],
        "order_id": legacy_id(refund["orderId"]),
        "processed_at": rest_time(state, refund["processedAt"]),
        "refund_line_items": [_refund_line(state, order, i) for i in refund["refundLineItems"]],
        "refund_shipping_lines": [],
        "restock": any(i["restocked"] for i in refund["refundLineItems"]),
        "return": None,
        "total_duties_set": rest_money_set({"shopMoney": zero, "presentmentMoney": zero}),
        "transactions": [_transaction(state, t) for t in transactions if t is not None],
        "user_id": None,
    }


@topic_rule("refunds/create", REFUND, on="create")
def refund_created(state: State, change: Change) -> Payload:
    if change.after is None:
        raise LookupError(f"refund {change.id} has no state after the change")
    return rest_refund(state, change.after)
