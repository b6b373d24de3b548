"""Fulfillment holds: ``fulfillmentOrderHold`` and ``fulfillmentOrderReleaseHold``.

A hold puts the whole fulfillment order ``ON_HOLD`` (holding only some line items splits
the order in Shopify; the sandbox answers "not supported" for that). A fulfillment order
takes at most 10 holds from one app, each with its own ``handle``. Releasing removes the
given holds (``holdIds``) or every hold; with none left the order is open again. The
order's ``displayFulfillmentStatus`` follows. Webhooks: ``fulfillment_orders/placed_on_hold``
and ``fulfillment_orders/hold_released`` (``sandbox/rest/fulfillment_holds.py``).
"""

from __future__ import annotations

from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.fulfillment_store import (
    FULFILLMENT_ORDER,
    refresh_fulfillment_status,
    save_fulfillment_order,
)
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["fulfillment_holds"]

fulfillment_holds = Domain("fulfillment_holds")

HOLD: Final = "FulfillmentHold"
MAX_HOLDS_PER_APP: Final = 10
HOLDABLE: Final = frozenset({"OPEN", "IN_PROGRESS", "ON_HOLD", "SCHEDULED"})
_HOLD_INPUTS: Final = {"reason", "reasonNotes", "handle", "notifyMerchant", "externalId"}
_DISPLAY: Final = {
    "AWAITING_PAYMENT": "Awaiting payment",
    "AWAITING_RETURN_ITEMS": "Awaiting return items",
    "HIGH_RISK_OF_FRAUD": "High risk of fraud",
    "INCORRECT_ADDRESS": "Incorrect address",
    "INVENTORY_OUT_OF_STOCK": "Inventory out of stock",
    "ONLINE_STORE_POST_PURCHASE_CROSS_SELL": "Post purchase upsell",
    "OTHER": "Other",
    "UNKNOWN_DELIVERY_DATE": "Unknown delivery date",
}


def _editable(state: State, value: str) -> Doc | None:
    found = lookup(state, value, FULFILLMENT_ORDER)
    return state.edit(FULFILLMENT_ORDER, legacy_id(found["id"])) if found else None


def _refresh_order(state: State, fulfillment_order: Doc) -> None:
    order = state.edit(ORDER, legacy_id(fulfillment_order["orderId"]))
    if order is not None:
        refresh_fulfillment_status(state, order)
        state.save(order)


@fulfillment_holds.mutation("fulfillmentOrderHold")
def fulfillment_order_hold(
    _root: None, info: Info, id: str, fulfillmentHold: dict[str, Any]
) -> dict[str, Any]:
    refuse_unsupported_inputs(fulfillmentHold, "FulfillmentOrderHoldInput", _HOLD_INPUTS)
    if fulfillmentHold.get("fulfillmentOrderLineItems"):
        raise not_supported("Holding some line items of a fulfillment order (a split)")
    state = context_of(info).state
    none: dict[str, Any] = {"fulfillmentHold": None, "fulfillmentOrder": None}
    doc = _editable(state, id)
    if doc is None:
        return {**none, "userErrors": [user_error(info, "FULFILLMENT_ORDER_NOT_FOUND", ["id"])]}
    if doc["status"] not in HOLDABLE:
        message = f"Fulfillment order can't be placed on hold in status {doc['status'].lower()}."
        return {**none, "userErrors": [user_error(info, None, ["id"], message)]}
    holds: list[dict[str, Any]] = list(doc.get("fulfillmentHolds") or [])
    handle = str(fulfillmentHold.get("handle") or "")
    if any(hold["handle"] == handle for hold in holds):
        where = ["fulfillmentHold", "handle"]
        code = "DUPLICATE_FULFILLMENT_HOLD_HANDLE"
        return {**none, "userErrors": [user_error(info, code, where)]}
    if len(holds) >= MAX_HOLDS_PER_APP:
        code = "FULFILLMENT_ORDER_HOLD_LIMIT_REACHED"
        return {**none, "userErrors": [user_error(info, code, ["id"])]}
    reason = fulfillmentHold["reason"]
    hold = {
        "__typename": HOLD,
        "id": state.new_gid(HOLD),
        "handle": handle,
        "reason": reason,
        "reasonNotes": fulfillmentHold.get("reasonNotes"),
        "displayReason": _DISPLAY.get(reason, reason.replace("_", " ").capitalize()),
        "heldByApp": None,
        "heldByRequestingApp": True,
    }
    doc["fulfillmentHolds"] = [*holds, hold]
    doc["status"] = "ON_HOLD"
    saved = save_fulfillment_order(state, doc)
    _refresh_order(state, saved)
    return {"fulfillmentHold": hold, "fulfillmentOrder": saved, "userErrors": []}


@fulfillment_holds.mutation("fulfillmentOrderReleaseHold")
def fulfillment_order_release_hold(
    _root: None,
    info: Info,
    id: str,
    holdIds: list[str] | None = None,
    externalId: str | None = None,
) -> dict[str, Any]:
    del externalId  # recorded by Shopify for the app's own tracking; nothing to honour here
    state = context_of(info).state
    doc = _editable(state, id)
    if doc is None:
        return {
            "fulfillmentOrder": None,
            "userErrors": [user_error(info, "FULFILLMENT_ORDER_NOT_FOUND", ["id"])],
        }
    holds: list[dict[str, Any]] = list(doc.get("fulfillmentHolds") or [])
    if holdIds is not None:
        unknown = [gid for gid in holdIds if gid not in {hold["id"] for hold in holds}]
        if unknown:
            message = f"Fulfillment hold {unknown[0]} does not exist on this fulfillment order."
            return {
                "fulfillmentOrder": None,
                "userErrors": [user_error(info, None, ["holdIds"], message)],
            }
        holds = [hold for hold in holds if hold["id"] not in holdIds]
    else:
        holds = []
    doc["fulfillmentHolds"] = holds
    if not holds and doc["status"] == "ON_HOLD":
        doc["status"] = "OPEN"  # save_fulfillment_order closes it when nothing is left
    saved = save_fulfillment_order(state, doc)
    _refresh_order(state, saved)
    return {"fulfillmentOrder": saved, "userErrors": []}
