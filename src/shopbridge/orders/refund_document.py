"""The ``refund`` preset: a clean refund document from Shopify's ``refunds/create`` payload.

What an ERP or a payment system needs of a refund: which order, which lines and how
many (with SKU, whether they go back to stock), the money that actually went back
(successful refund transactions), and adjustments such as a refunded shipping fee.
Same rules as the order preset: decimal strings, exact ids, missing fields null.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge import errors
from shopbridge.types import JSONValue

from .amounts import amount, money_set, sum_amounts, text
from .payload import objects

__all__ = ["REFUND_TOPICS", "refund_document"]

REFUND_TOPICS: Final = frozenset({"refunds/create"})


def refund_document(payload: JSONValue) -> JSONValue:
    """The clean document of one ``refunds/create`` payload.

    Raises:
        MappingError: the payload is not a JSON object.
    """
    if not isinstance(payload, dict):
        raise errors.MappingError("preset 'refund': the event is not a JSON object")
    refund: Mapping[str, Any] = payload
    lines = [_line(item) for item in objects(refund.get("refund_line_items"))]
    transactions = [_transaction(t) for t in objects(refund.get("transactions"))]
    refunded = sum_amounts(
        amount(t.get("amount"))
        for t in objects(refund.get("transactions"))
        if t.get("kind") == "refund" and t.get("status") == "success"
    )
    return {
        "id": refund.get("id"),
        "gid": refund.get("admin_graphql_api_id"),
        "order_id": refund.get("order_id"),
        "created_at": refund.get("created_at"),
        "processed_at": refund.get("processed_at"),
        "note": refund.get("note"),
        "restock": refund.get("restock"),
        "lines": lines,
        "adjustments": [_adjustment(a) for a in objects(refund.get("order_adjustments"))],
        "transactions": transactions,
        "totals": {
            "lines": text(sum_amounts(_money(i, "subtotal") for i in _refund_lines(refund))),
            "tax": text(sum_amounts(_money(i, "total_tax") for i in _refund_lines(refund))),
            "refunded": text(refunded),
        },
        "reconciled": refund.get("reconciled") is True,
    }


def _line(item: Mapping[str, Any]) -> JSONValue:
    line = item.get("line_item")
    line = line if isinstance(line, Mapping) else {}
    return {
        "id": item.get("id"),
        "line_item_id": item.get("line_item_id"),
        "sku": line.get("sku"),
        "title": line.get("title"),
        "variant_id": line.get("variant_id"),
        "quantity": item.get("quantity"),
        "restock_type": item.get("restock_type"),
        "location_id": item.get("location_id"),
        "subtotal": text(_money(item, "subtotal")),
        "tax": text(_money(item, "total_tax")),
    }


def _transaction(transaction: Mapping[str, Any]) -> JSONValue:
    return {
        "id": transaction.get("id"),
        "kind": transaction.get("kind"),
        "status": transaction.get("status"),
        "gateway": transaction.get("gateway"),
        "amount": text(amount(transaction.get("amount"))),
        "currency": transaction.get("currency"),
        "parent_id": transaction.get("parent_id"),
        "created_at": transaction.get("created_at"),
    }


def _adjustment(adjustment: Mapping[str, Any]) -> JSONValue:
    return {
        "kind": adjustment.get("kind"),
        "reason": adjustment.get("reason"),
        "amount": text(amount(adjustment.get("amount"))),
        "tax": text(amount(adjustment.get("tax_amount"))),
    }


def _money(item: Mapping[str, Any], key: str) -> Decimal | None:
    """A refund line's amount: the exact ``<key>_set`` when present, else the bare number."""
    exact = money_set(item.get(f"{key}_set"))
    return exact if exact is not None else amount(item.get(key))


def _refund_lines(refund: Mapping[str, Any]) -> list[Mapping[str, Any]]:
    return objects(refund.get("refund_line_items"))
