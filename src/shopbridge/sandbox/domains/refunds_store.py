"""Refunds in the store (no GraphQL here): the refund document and what it changes.

A ``Refund`` is its own document pointing at its order (``orderId``) and at the
``REFUND`` transactions it made (``transactionIds``); its refund line items live
inside it. Refunding ``quantity`` of a line item lowers its current and refundable
quantities; the unfulfilled part leaves the order's open fulfillment orders. Stock,
by ``restockType`` (the sandbox's reading of the enum's descriptions):

* ``CANCEL`` (or ``RETURN``/``LEGACY_RESTOCK`` on unfulfilled items): the committed
  units go back to ``available``;
* ``RETURN``/``LEGACY_RESTOCK`` on fulfilled items: the units come back on hand
  (``available`` up) at the refund line item's location (else where it was placed);
* ``NO_RESTOCK``: the committed units of unfulfilled items are dropped, nothing comes
  back (as ``orderCancel`` without restock).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.fulfillment_store import (
    fulfillment_orders_of,
    refresh_fulfillment_status,
    save_fulfillment_order,
)
from shopbridge.sandbox.domains.inventory_store import apply_delta, level_at
from shopbridge.sandbox.domains.order_values import ZERO, bag_amount, money_bag
from shopbridge.sandbox.domains.payments_store import add_transaction, refresh_payments
from shopbridge.sandbox.payloads import money, money_v2
from shopbridge.sandbox.state import Doc, State

__all__ = ["REFUND", "RefundLine", "RefundMoney", "create_refund", "refunds_of"]

REFUND: Final = "Refund"
_RESTOCKING: Final = frozenset({"CANCEL", "RETURN", "LEGACY_RESTOCK"})


@dataclass(slots=True)
class RefundLine:
    line_id: str
    quantity: int
    restock_type: str
    location_id: str | None = None


@dataclass(slots=True)
class RefundMoney:
    amount: Decimal
    gateway: str
    parent_id: str | None


def refunds_of(state: State, order_id: str) -> list[Doc]:
    return state.find(REFUND, "orderId", order_id)


def _restock(state: State, line: Doc, wanted: RefundLine) -> bool:
    """Move the stock of a refunded quantity; answers whether anything was restocked."""
    variant = state.get_gid(line["variantId"]) if line.get("variantId") else None
    item = state.get_gid(variant["inventoryItemId"]) if variant else None
    location = wanted.location_id or line["_locationId"]
    level = level_at(state, item["id"], location) if item and location else None
    unfulfilled = max(line["currentQuantity"] - line["_fulfilled"], 0)
    from_committed = min(wanted.quantity, unfulfilled, line["_committed"])
    returned = wanted.quantity - min(wanted.quantity, unfulfilled)
    restocked = False
    if level is not None and from_committed > 0:
        apply_delta(state, level, "committed", -from_committed)
        if wanted.restock_type in _RESTOCKING:
            apply_delta(state, level, "available", from_committed)
            restocked = True
    if level is not None and returned > 0 and wanted.restock_type in {"RETURN", "LEGACY_RESTOCK"}:
        apply_delta(state, level, "available", returned)
        restocked = True
    line["_committed"] -= from_committed
    return restocked


def _take_from_fulfillment_orders(state: State, order: Doc, line_id: str, quantity: int) -> None:
    for fulfillment_order in fulfillment_orders_of(state, order["id"]):
        if quantity <= 0 or fulfillment_order["status"] in {"CLOSED", "CANCELLED"}:
            continue
        changed = False
        for item in fulfillment_order["lineItems"]:
            taken = min(item["remainingQuantity"], quantity) if item["lineItemId"] == line_id else 0
            if taken:
                item["remainingQuantity"] -= taken
                item["totalQuantity"] -= taken
                quantity -= taken
                changed = True
        if changed:
            save_fulfillment_order(state, dict(fulfillment_order))


def _refund_line(state: State, order: Doc, line: Doc, wanted: RefundLine, restocked: bool) -> Doc:
    currency = order["currencyCode"]
    unit = bag_amount(line["discountedUnitPriceSet"])
    taxes = sum((bag_amount(t["priceSet"]) for t in line["taxLines"]), ZERO)
    tax = taxes * wanted.quantity / line["quantity"] if line["quantity"] else ZERO
    return {
        "__typename": "RefundLineItem",
        "id": state.new_gid("RefundLineItem"),
        "orderId": order["id"],
        "lineItemId": line["id"],
        "locationId": wanted.location_id or line["_locationId"],
        "quantity": wanted.quantity,
        "restockType": wanted.restock_type,
        "restocked": restocked,
        "price": money(unit),
        "priceSet": money_bag(unit, currency),
        "subtotal": money(unit * wanted.quantity),
        "subtotalSet": money_bag(unit * wanted.quantity, currency),
        "totalTax": money(tax),
        "totalTaxSet": money_bag(tax, currency),
    }


def _lower_current_totals(order: Doc, refund_lines: list[Doc]) -> None:
    """The order's ``current*`` amounts drop by the refunded lines (taxes included)."""
    currency = order["currencyCode"]
    subtotal = sum((bag_amount(r["subtotalSet"]) for r in refund_lines), ZERO)
    tax = sum((bag_amount(r["totalTaxSet"]) for r in refund_lines), ZERO)
    total = subtotal + (ZERO if order["taxesIncluded"] else tax)
    for key, drop in (
        ("currentSubtotalPriceSet", subtotal),
        ("currentTotalTaxSet", tax),
        ("currentTotalPriceSet", total),
    ):
        order[key] = money_bag(bag_amount(order[key]) - drop, currency)
    order["currentSubtotalLineItemsQuantity"] -= sum(r["quantity"] for r in refund_lines)


def create_refund(
    state: State,
    order: Doc,
    lines: list[RefundLine],
    payments: list[RefundMoney],
    note: str | None,
    processed_at: str | None,
) -> Doc:
    """Refund ``lines`` and ``payments`` on ``order`` (an editable copy; checked before)."""
    now = state.now()
    by_id = {line["id"]: line for line in order["lineItems"]}
    refund_lines = []
    for wanted in lines:
        line = by_id[wanted.line_id]
        unfulfilled = max(line["currentQuantity"] - line["_fulfilled"], 0)
        restocked = _restock(state, line, wanted)
        _take_from_fulfillment_orders(state, order, line["id"], min(wanted.quantity, unfulfilled))
        line["currentQuantity"] -= wanted.quantity
        line["refundableQuantity"] -= wanted.quantity
        refund_lines.append(_refund_line(state, order, line, wanted, restocked))
    transactions = [
        add_transaction(
            state, order, "REFUND", "SUCCESS", p.amount, gateway=p.gateway, parent_id=p.parent_id
        )
        for p in payments
    ]
    refunded = sum((p.amount for p in payments), ZERO)
    refund: dict[str, Any] = {
        "__typename": REFUND,
        "id": state.new_gid(REFUND),
        "orderId": order["id"],
        "note": note,
        "refundLineItems": refund_lines,
        "transactionIds": [t["id"] for t in transactions],
        "totalRefunded": money_v2(refunded, order["currencyCode"]),
        "totalRefundedSet": money_bag(refunded, order["currencyCode"]),
        "duties": [],
        "return": None,
        "staffMember": None,
        "createdAt": now,
        "processedAt": processed_at or now,
        "updatedAt": now,
    }
    _lower_current_totals(order, refund_lines)
    refresh_fulfillment_status(state, order)
    refresh_payments(state, order)
    return state.save(refund)
