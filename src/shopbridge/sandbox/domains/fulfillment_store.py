"""Fulfillment orders and fulfillments in the store (no GraphQL here).

An order gets one ``FulfillmentOrder`` per location its line items were placed at
(``OPEN``, line items with their remaining quantities). A ``Fulfillment`` takes
quantities from the fulfillment orders of one location: their remaining quantities
drop, a fulfillment order with nothing left is ``CLOSED``, and the committed stock
leaves (``order_stock.ship``). Cancelling a fulfillment gives the quantities back to
its fulfillment orders and reopens them, and re-commits the stock: the items are
back on the shelf waiting to ship. The sandbox has no fulfillment services, so
fulfillments succeed at once (``SUCCESS``) and fulfillment orders are never
``IN_PROGRESS``.

The order's ``displayFulfillmentStatus`` follows from its line items: nothing
fulfilled ``UNFULFILLED``, some ``PARTIALLY_FULFILLED``, all ``FULFILLED``, and
``ON_HOLD`` when every open fulfillment order is on hold.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.domains.inventory_store import apply_delta, level_at
from shopbridge.sandbox.domains.order_stock import ship
from shopbridge.sandbox.domains.order_values import bag_amount, money_bag
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "FULFILLMENT",
    "FULFILLMENT_ORDER",
    "cancel_fulfillment",
    "create_fulfillment",
    "fulfillment_orders_of",
    "fulfillments_of",
    "open_fulfillment_orders",
    "refresh_fulfillment_status",
    "save_fulfillment_order",
    "supported_actions",
]

FULFILLMENT_ORDER: Final = "FulfillmentOrder"
FULFILLMENT: Final = "Fulfillment"
_ACTIVE: Final = frozenset({"OPEN", "IN_PROGRESS", "ON_HOLD", "SCHEDULED"})


def fulfillment_orders_of(state: State, order_id: str) -> list[Doc]:
    return state.find(FULFILLMENT_ORDER, "orderId", order_id)


def fulfillments_of(state: State, order_id: str) -> list[Doc]:
    return state.find(FULFILLMENT, "orderId", order_id)


def supported_actions(fulfillment_order: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The actions a merchant-managed location's fulfillment order allows in its status."""
    status = fulfillment_order["status"]
    if status == "OPEN":
        names = ["CREATE_FULFILLMENT", "HOLD", "MOVE"]
    elif status == "ON_HOLD":
        names = ["RELEASE_HOLD", "HOLD", "MOVE"]
    else:
        names = []
    return [{"action": name, "externalUrl": None} for name in names]


def _assigned_location(location: Mapping[str, Any] | None) -> dict[str, Any]:
    address = (location or {}).get("address") or {}
    return {
        "locationId": location["id"] if location else None,
        "name": location["name"] if location else "",
        "address1": address.get("address1"),
        "address2": address.get("address2"),
        "city": address.get("city"),
        "countryCode": address.get("countryCode") or "CA",
        "phone": address.get("phone"),
        "province": address.get("province"),
        "zip": address.get("zip"),
    }


def _destination(state: State, order: Mapping[str, Any]) -> dict[str, Any] | None:
    address = order.get("shippingAddress")
    if not address:
        return None
    return {
        "id": state.new_gid("FulfillmentOrderDestination"),
        "address1": address["address1"],
        "address2": address["address2"],
        "city": address["city"],
        "company": address["company"],
        "countryCode": address["countryCodeV2"],
        "email": order.get("email"),
        "firstName": address["firstName"],
        "lastName": address["lastName"],
        "phone": address["phone"],
        "province": address["province"],
        "zip": address["zip"],
        "location": None,
    }


def _fo_line(state: State, line: Mapping[str, Any], quantity: int) -> dict[str, Any]:
    variant = state.get_gid(line["variantId"]) if line.get("variantId") else None
    return {
        "__typename": "FulfillmentOrderLineItem",
        "id": state.new_gid("FulfillmentOrderLineItem"),
        "lineItemId": line["id"],
        "variantId": line.get("variantId"),
        "inventoryItemId": variant["inventoryItemId"] if variant else None,
        "totalQuantity": quantity,
        "remainingQuantity": quantity,
        "sku": line["sku"],
        "productTitle": line["title"],
        "variantTitle": line["variantTitle"],
        "vendor": line["vendor"],
        "requiresShipping": line["requiresShipping"],
        "weight": line.get("weight"),
        "warnings": [],
        "financialSummaries": [],
        "image": None,
    }


def _new_fulfillment_order(
    state: State, order: Mapping[str, Any], location_id: str, lines: Sequence[dict[str, Any]]
) -> Doc:
    now = state.now()
    location = state.get_gid(location_id) if location_id else None
    doc: Doc = {
        "__typename": FULFILLMENT_ORDER,
        "id": state.new_gid(FULFILLMENT_ORDER),
        "orderId": order["id"],
        "orderName": order["name"],
        "orderProcessedAt": order["processedAt"],
        "status": "OPEN",
        "requestStatus": "UNSUBMITTED",
        "assignedLocation": _assigned_location(location),
        "assignedLocationId": location_id,
        "destination": _destination(state, order),
        "deliveryMethod": None,
        "fulfillAt": now,
        "fulfillBy": None,
        "fulfillmentHolds": [],
        "internationalDuties": None,
        "lineItems": list(lines),
        "createdAt": now,
        "updatedAt": now,
    }
    doc["supportedActions"] = supported_actions(doc)
    return state.save(doc)


def open_fulfillment_orders(state: State, order: Mapping[str, Any]) -> list[Doc]:
    """One fulfillment order per location of the order's line items that need fulfilling."""
    by_location: dict[str, list[dict[str, Any]]] = {}
    for line in order["lineItems"]:
        if line["quantity"] > 0 and not line["isGiftCard"]:
            by_location.setdefault(line["_locationId"], []).append(
                _fo_line(state, line, line["quantity"])
            )
    return [
        _new_fulfillment_order(state, order, location_id, lines)
        for location_id, lines in by_location.items()
    ]


def save_fulfillment_order(state: State, fulfillment_order: Doc) -> Doc:
    if fulfillment_order["status"] not in {"ON_HOLD", "CANCELLED"}:
        remaining = sum(item["remainingQuantity"] for item in fulfillment_order["lineItems"])
        fulfillment_order["status"] = "OPEN" if remaining > 0 else "CLOSED"
    fulfillment_order["supportedActions"] = supported_actions(fulfillment_order)
    fulfillment_order["updatedAt"] = state.now()
    return state.save(fulfillment_order)


def refresh_fulfillment_status(state: State, order: Doc) -> None:
    """Recompute the order's fulfillment fields from its line items (caller saves).

    Units shipped stay shipped when they are refunded later: an order fulfilled then
    refunded (returned) is still ``FULFILLED``, so only the units left to ship count
    against it.
    """
    lines = order["lineItems"]
    fulfilled = sum(line["_fulfilled"] for line in lines)
    left = sum(max(line["currentQuantity"] - line["_fulfilled"], 0) for line in lines)
    open_orders = [
        fo for fo in fulfillment_orders_of(state, order["id"]) if fo["status"] in _ACTIVE
    ]
    if fulfilled > 0 and left == 0:
        status = "FULFILLED"
    elif fulfilled > 0:
        status = "PARTIALLY_FULFILLED"
    elif open_orders and all(fo["status"] == "ON_HOLD" for fo in open_orders):
        status = "ON_HOLD"
    else:
        status = "UNFULFILLED"
    order["displayFulfillmentStatus"] = status
    order["fulfillable"] = any(fo["status"] == "OPEN" for fo in open_orders)
    for line in order["lineItems"]:
        line["unfulfilledQuantity"] = max(line["currentQuantity"] - line["_fulfilled"], 0)
        unit = bag_amount(line["originalUnitPriceSet"])
        discounted = bag_amount(line["discountedUnitPriceSet"])
        currency = order["currencyCode"]
        line["unfulfilledOriginalTotalSet"] = money_bag(
            unit * line["unfulfilledQuantity"], currency
        )
        line["unfulfilledDiscountedTotalSet"] = money_bag(
            discounted * line["unfulfilledQuantity"], currency
        )
    order["updatedAt"] = state.now()


def create_fulfillment(
    state: State,
    order: Doc,
    picks: Sequence[tuple[Doc, dict[str, int]]],
    tracking: list[dict[str, Any]],
    notify: bool,
) -> Doc:
    """Fulfil ``{line id: quantity}`` of each fulfillment order; ``order`` is saved too."""
    now = state.now()
    lines_by_id = {line["id"]: line for line in order["lineItems"]}
    fulfilled_lines: list[dict[str, Any]] = []
    for fulfillment_order, quantities in picks:
        for item in fulfillment_order["lineItems"]:
            quantity = quantities.get(item["id"], 0)
            if quantity <= 0:
                continue
            item["remainingQuantity"] -= quantity
            line = lines_by_id[item["lineItemId"]]
            line["_fulfilled"] += quantity
            ship(state, line, quantity)
            unit = bag_amount(line["originalUnitPriceSet"])
            discounted = bag_amount(line["discountedUnitPriceSet"])
            fulfilled_lines.append(
                {
                    "__typename": "FulfillmentLineItem",
                    "id": state.new_gid("FulfillmentLineItem"),
                    "lineItemId": line["id"],
                    "fulfillmentOrderLineItemId": item["id"],
                    "quantity": quantity,
                    "originalTotalSet": money_bag(unit * quantity, order["currencyCode"]),
                    "discountedTotalSet": money_bag(discounted * quantity, order["currencyCode"]),
                }
            )
        save_fulfillment_order(state, fulfillment_order)
    location_id = picks[0][0]["assignedLocationId"]
    number = len(fulfillments_of(state, order["id"])) + 1
    fulfillment = state.save(
        {
            "__typename": FULFILLMENT,
            "id": state.new_gid(FULFILLMENT),
            "orderId": order["id"],
            "name": f"{order['name']}-F{number}",
            "status": "SUCCESS",
            "displayStatus": "FULFILLED",
            "locationId": location_id,
            "fulfillmentOrderIds": [fo["id"] for fo, _ in picks],
            "fulfillmentLineItems": fulfilled_lines,
            "trackingInfo": tracking,
            "notifyCustomer": notify,
            "shipmentStatus": None,
            "requiresShipping": any(
                lines_by_id[item["lineItemId"]]["requiresShipping"] for item in fulfilled_lines
            ),
            "totalQuantity": sum(item["quantity"] for item in fulfilled_lines),
            "originAddress": None,
            "service": None,
            "deliveredAt": None,
            "inTransitAt": None,
            "estimatedDeliveryAt": None,
            "createdAt": now,
            "updatedAt": now,
        }
    )
    refresh_fulfillment_status(state, order)
    state.save(order)
    return fulfillment


def cancel_fulfillment(state: State, order: Doc, fulfillment: Doc) -> Doc:
    """Undo ``fulfillment``: quantities back to their fulfillment orders, stock re-committed."""
    lines_by_id = {line["id"]: line for line in order["lineItems"]}
    orders = {fo["id"]: dict(fo) for fo in fulfillment_orders_of(state, order["id"])}
    for fulfilled in fulfillment["fulfillmentLineItems"]:
        quantity = fulfilled["quantity"]
        line = lines_by_id[fulfilled["lineItemId"]]
        line["_fulfilled"] -= quantity
        for fulfillment_order in orders.values():
            for item in fulfillment_order["lineItems"]:
                if item["id"] == fulfilled["fulfillmentOrderLineItemId"]:
                    item["remainingQuantity"] += quantity
                    if fulfillment_order["status"] == "CLOSED":
                        fulfillment_order["status"] = "OPEN"
        _recommit(state, line, quantity)
    for fo_id in fulfillment["fulfillmentOrderIds"]:
        save_fulfillment_order(state, orders[fo_id])
    fulfillment["status"] = "CANCELLED"
    fulfillment["displayStatus"] = "CANCELED"
    fulfillment["updatedAt"] = state.now()
    refresh_fulfillment_status(state, order)
    state.save(order)
    return state.save(fulfillment)


def _recommit(state: State, line: Doc, quantity: int) -> None:
    """Put cancelled fulfilled items back into ``committed`` where they were taken from."""
    variant = state.get_gid(line["variantId"]) if line.get("variantId") else None
    if variant is None or line.get("_claimed", 0) <= 0:
        return
    level = level_at(state, variant["inventoryItemId"], line["_locationId"])
    if level is not None:
        apply_delta(state, level, "committed", quantity)
        line["_committed"] = line.get("_committed", 0) + quantity
