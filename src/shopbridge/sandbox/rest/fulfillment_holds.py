"""``fulfillment_orders/placed_on_hold`` and ``fulfillment_orders/hold_released`` payloads.

Both carry GraphQL ids (as Shopify's examples do) and lower-case enum values. A hold
placed on an order already on hold fires ``placed_on_hold`` again, with the new hold as
``created_fulfillment_hold``; ``hold_released`` fires when the last hold goes.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.fulfillment_store import FULFILLMENT_ORDER
from shopbridge.sandbox.rest.formats import rest_enum
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_hold"]


def rest_hold(hold: Mapping[str, Any]) -> Payload:
    app = hold.get("heldByApp")
    return {
        "handle": hold.get("handle"),
        "held_by_app": {"id": app["id"]} if isinstance(app, Mapping) else None,
        "held_by_requesting_app": bool(hold.get("heldByRequestingApp")),
        "id": hold["id"],
        "reason": rest_enum(hold["reason"]),
        "reason_notes": hold.get("reasonNotes"),
    }


def _holds(doc: Mapping[str, Any] | None) -> list[Mapping[str, Any]]:
    return list((doc or {}).get("fulfillmentHolds") or [])


def _hold_added(change: Change) -> bool:
    return len(_holds(change.after)) > len(_holds(change.before))


def _released(change: Change) -> bool:
    before = (change.before or {}).get("status")
    after = (change.after or {}).get("status")
    return before == "ON_HOLD" and after not in (None, "ON_HOLD")


@topic_rule("fulfillment_orders/placed_on_hold", FULFILLMENT_ORDER, on=_hold_added)
def placed_on_hold(_state: State, change: Change) -> Payload:
    fulfillment_order = change.after or {}
    holds = _holds(fulfillment_order)
    return {
        "fulfillment_order": {
            "id": fulfillment_order["id"],
            "status": rest_enum(fulfillment_order["status"]),
            "fulfillment_holds": [rest_hold(hold) for hold in holds],
        },
        "created_fulfillment_hold": rest_hold(holds[-1]),
        "held_fulfillment_order_line_items": [
            {"id": item["id"], "quantity": item["remainingQuantity"]}
            for item in fulfillment_order.get("lineItems") or ()
        ],
        "remaining_fulfillment_order": None,
    }


@topic_rule("fulfillment_orders/hold_released", FULFILLMENT_ORDER, on=_released)
def hold_released(_state: State, change: Change) -> Payload:
    fulfillment_order = change.after or {}
    return {
        "fulfillment_order": {
            "id": fulfillment_order["id"],
            "status": rest_enum(fulfillment_order["status"]),
        }
    }
