"""Fulfillment orders and fulfillments over GraphQL.

Queries ``fulfillmentOrder``, ``fulfillmentOrders(query:, includeClosed:)`` and
``fulfillment``; mutations ``fulfillmentCreate`` (the 2026-07 input:
``lineItemsByFulfillmentOrder``, ``trackingInfo``, ``notifyCustomer``),
``fulfillmentTrackingInfoUpdate``, ``fulfillmentCancel`` and ``fulfillmentEventCreate``.
The stock and status rules are in ``fulfillment_store``. userErrors carry no code
(``UserError`` has none) and use messages modelled on Shopify's.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.fulfillment_store import (
    FULFILLMENT,
    FULFILLMENT_ORDER,
    cancel_fulfillment,
    create_fulfillment,
)
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["fulfillments"]

fulfillments = Domain("fulfillments")
fulfillments.node(FULFILLMENT_ORDER)(stored_node)
fulfillments.node(FULFILLMENT)(stored_node)
fulfillments.node("FulfillmentEvent")(stored_node)

EVENT: Final = "FulfillmentEvent"
_TRACKING_INPUTS: Final = {"company", "number", "numbers", "url", "urls"}
_EVENT_INPUTS: Final = {
    "fulfillmentId", "status", "message", "happenedAt", "estimatedDeliveryAt", "address1",
    "city", "province", "country", "zip", "latitude", "longitude",
}  # fmt: skip
_DISPLAY: Final = {
    "IN_TRANSIT": "IN_TRANSIT", "DELIVERED": "DELIVERED", "FAILURE": "FAILURE",
    "OUT_FOR_DELIVERY": "OUT_FOR_DELIVERY", "ATTEMPTED_DELIVERY": "ATTEMPTED_DELIVERY",
    "DELAYED": "DELAYED", "CARRIER_PICKED_UP": "CARRIER_PICKED_UP", "CONFIRMED": "CONFIRMED",
    "LABEL_PRINTED": "LABEL_PRINTED", "LABEL_PURCHASED": "LABEL_PURCHASED",
    "READY_FOR_PICKUP": "READY_FOR_PICKUP",
}  # fmt: skip
_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda fo: fo["id"]),
        "status": Filter("keyword", lambda fo: fo["status"].lower(), multi=True),
        "assigned_location_id": Filter("id", lambda fo: fo["assignedLocationId"]),
        "updated_at": Filter("time", lambda fo: fo["updatedAt"]),
    },
    default=lambda fo: [fo["orderName"]],
)


def _state(info: Info) -> State:
    return context_of(info).state


@fulfillments.query("fulfillmentOrder")
def fulfillment_order(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, FULFILLMENT_ORDER)


@fulfillments.query("fulfillmentOrders")
def fulfillment_orders(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    found = _state(info).all(FULFILLMENT_ORDER)
    if not args.get("includeClosed"):
        found = [fo for fo in found if fo["status"] not in {"CLOSED", "CANCELLED"}]
    sort = sort_function(
        args,
        {"ID": None, "UPDATED_AT": lambda fo: fo["updatedAt"]},
        "ID",
        "QueryRoot.fulfillmentOrders",
    )
    return paginate(filter_items(info, found, args.get("query"), _SEARCH), args, sort_value=sort)


@fulfillments.query("fulfillment")
def fulfillment(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, FULFILLMENT)


@fulfillments.field(FULFILLMENT_ORDER, "order")
def fo_order(fo: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(fo["orderId"])


@fulfillments.field(FULFILLMENT_ORDER, "lineItems")
def fo_line_items(fo: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate([{**item, "_orderId": fo["orderId"]} for item in fo["lineItems"]], args)


@fulfillments.field(FULFILLMENT_ORDER, "fulfillments")
def fo_fulfillments(fo: Doc, info: Info, **args: Any) -> dict[str, Any]:
    found = _state(info).find(FULFILLMENT, "fulfillmentOrderIds", fo["id"])
    return paginate(found, args)


@fulfillments.field("FulfillmentOrderAssignedLocation", "location")
def assigned_location(assigned: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), assigned.get("locationId"), "Location")


def _order_line(state: State, order_id: str, line_id: str) -> Doc | None:
    order = state.get_gid(order_id)
    return next(
        (line for line in (order or {}).get("lineItems", []) if line["id"] == line_id), None
    )


@fulfillments.field("FulfillmentOrderLineItem", "lineItem")
def fo_line_item_line(item: Doc, info: Info) -> Doc | None:
    return _order_line(_state(info), item["_orderId"], item["lineItemId"])


@fulfillments.field("FulfillmentOrderLineItem", "variant")
def fo_line_item_variant(item: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), item.get("variantId"), "ProductVariant")


@fulfillments.field(FULFILLMENT, "order")
def fulfillment_order_of(fulfillment: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(fulfillment["orderId"])


@fulfillments.field(FULFILLMENT, "location")
def fulfillment_location(fulfillment: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), fulfillment.get("locationId"), "Location")


@fulfillments.field(FULFILLMENT, "fulfillmentLineItems")
def fulfillment_line_items(fulfillment: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    items = [
        {**item, "lineItem": _order_line(state, fulfillment["orderId"], item["lineItemId"])}
        for item in fulfillment["fulfillmentLineItems"]
    ]
    return paginate(items, args)


@fulfillments.field(FULFILLMENT, "fulfillmentOrders")
def fulfillment_fulfillment_orders(fulfillment: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    found = [state.get_gid(fo_id) for fo_id in fulfillment["fulfillmentOrderIds"]]
    return paginate([fo for fo in found if fo is not None], args)


@fulfillments.field(FULFILLMENT, "events")
def fulfillment_events(fulfillment: Doc, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {"ID": None, "HAPPENED_AT": lambda e: e["happenedAt"]},
        "HAPPENED_AT",
        "Fulfillment.events",
    )
    return paginate(
        _state(info).find(EVENT, "fulfillmentId", fulfillment["id"]), args, sort_value=sort
    )


def _tracking(given: Mapping[str, Any] | None) -> list[dict[str, Any]]:
    refuse_unsupported_inputs(given, "FulfillmentTrackingInput", _TRACKING_INPUTS)
    if not given:
        return []
    numbers = list(given.get("numbers") or ([given["number"]] if given.get("number") else []))
    urls = list(given.get("urls") or ([given["url"]] if given.get("url") else []))
    count = max(len(numbers), len(urls), 1 if given.get("company") else 0)
    return [
        {
            "company": given.get("company"),
            "number": numbers[i] if i < len(numbers) else None,
            "url": urls[i] if i < len(urls) else None,
        }
        for i in range(count)
    ]


def _picks(
    state: State, info: Info, groups: list[Mapping[str, Any]]
) -> tuple[Doc, list[tuple[Doc, dict[str, int]]]]:
    if not groups:
        raise UserErrors(
            [
                user_error(
                    info,
                    None,
                    ["fulfillment", "lineItemsByFulfillmentOrder"],
                    "Line items by fulfillment order can't be blank",
                )
            ]
        )
    picks: list[tuple[Doc, dict[str, int]]] = []
    for index, group in enumerate(groups):
        where = ("fulfillment", "lineItemsByFulfillmentOrder", index)
        found = lookup(state, group["fulfillmentOrderId"], FULFILLMENT_ORDER)
        if found is None:
            raise UserErrors(
                [
                    user_error(
                        info,
                        None,
                        field_path(*where, "fulfillmentOrderId"),
                        "Fulfillment order does not exist.",
                    )
                ]
            )
        if found["status"] not in {"OPEN", "IN_PROGRESS"}:
            message = (
                f"Fulfillment order {legacy_id(found['id'])} has an unfulfillable "
                f"status= {found['status'].lower()}."
            )
            raise UserErrors(
                [user_error(info, None, field_path(*where, "fulfillmentOrderId"), message)]
            )
        fo = state.edit(FULFILLMENT_ORDER, legacy_id(found["id"]))
        assert fo is not None
        by_id = {item["id"]: item for item in fo["lineItems"]}
        wanted = group.get("fulfillmentOrderLineItems")
        quantities: dict[str, int] = {}
        if wanted is None:
            quantities = {item["id"]: item["remainingQuantity"] for item in fo["lineItems"]}
        for item_index, item in enumerate(wanted or []):
            line = by_id.get(item["id"])
            item_where = (*where, "fulfillmentOrderLineItems", item_index)
            if line is None:
                raise UserErrors(
                    [
                        user_error(
                            info,
                            None,
                            field_path(*item_where, "id"),
                            "Fulfillment order line item does not exist.",
                        )
                    ]
                )
            if item["quantity"] <= 0 or item["quantity"] > line["remainingQuantity"]:
                message = (
                    "Invalid fulfillment order line item quantity requested: "
                    f"{item['quantity']} (remaining {line['remainingQuantity']})."
                )
                raise UserErrors(
                    [user_error(info, None, field_path(*item_where, "quantity"), message)]
                )
            quantities[item["id"]] = quantities.get(item["id"], 0) + item["quantity"]
        picks.append((fo, quantities))
    orders = {fo["orderId"] for fo, _ in picks}
    locations = {fo["assignedLocationId"] for fo, _ in picks}
    if len(orders) > 1 or len(locations) > 1:
        message = "All fulfillment orders must belong to the same order and location."
        raise UserErrors(
            [user_error(info, None, ["fulfillment", "lineItemsByFulfillmentOrder"], message)]
        )
    order = state.edit(ORDER, legacy_id(next(iter(orders))))
    assert order is not None
    return order, picks


@fulfillments.mutation("fulfillmentCreate")
def fulfillment_create(
    _root: None, info: Info, fulfillment: dict[str, Any], message: str | None = None
) -> dict[str, Any]:
    refuse_unsupported_inputs(
        fulfillment,
        "FulfillmentInput",
        {"lineItemsByFulfillmentOrder", "trackingInfo", "notifyCustomer"},
    )
    state = _state(info)
    try:
        with state.savepoint():
            order, picks = _picks(state, info, fulfillment["lineItemsByFulfillmentOrder"])
            if order["cancelledAt"] is not None:
                raise UserErrors(
                    [user_error(info, None, ["fulfillment"], "Order has been cancelled.")]
                )
            created = create_fulfillment(
                state,
                order,
                picks,
                _tracking(fulfillment.get("trackingInfo")),
                bool(fulfillment.get("notifyCustomer")),
            )
    except UserErrors as failure:
        return {"fulfillment": None, "userErrors": failure.errors}
    return {"fulfillment": created, "userErrors": []}


def _fulfillment(state: State, value: str) -> Doc | None:
    found = lookup(state, value, FULFILLMENT)
    return state.edit(FULFILLMENT, legacy_id(found["id"])) if found else None


@fulfillments.mutation("fulfillmentTrackingInfoUpdate")
def fulfillment_tracking_update(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    doc = _fulfillment(state, args["fulfillmentId"])
    if doc is None:
        return {
            "fulfillment": None,
            "userErrors": [
                user_error(info, None, ["fulfillmentId"], "Fulfillment does not exist.")
            ],
        }
    doc["trackingInfo"] = _tracking(args["trackingInfoInput"])
    if args.get("notifyCustomer") is not None:
        doc["notifyCustomer"] = args["notifyCustomer"]
    doc["updatedAt"] = state.now()
    return {"fulfillment": state.save(doc), "userErrors": []}


@fulfillments.mutation("fulfillmentCancel")
def fulfillment_cancel(_root: None, info: Info, id: str) -> dict[str, Any]:
    state = _state(info)
    doc = _fulfillment(state, id)
    if doc is None:
        return {
            "fulfillment": None,
            "userErrors": [user_error(info, None, ["id"], "Fulfillment does not exist.")],
        }
    if doc["status"] == "CANCELLED":
        return {
            "fulfillment": None,
            "userErrors": [user_error(info, None, ["id"], "Fulfillment is already cancelled.")],
        }
    order = state.edit(ORDER, legacy_id(doc["orderId"]))
    assert order is not None
    return {"fulfillment": cancel_fulfillment(state, order, doc), "userErrors": []}


@fulfillments.mutation("fulfillmentEventCreate")
def fulfillment_event_create(
    _root: None, info: Info, fulfillmentEvent: dict[str, Any]
) -> dict[str, Any]:
    refuse_unsupported_inputs(fulfillmentEvent, "FulfillmentEventInput", _EVENT_INPUTS)
    state = _state(info)
    given = fulfillmentEvent
    doc = _fulfillment(state, given["fulfillmentId"])
    if doc is None:
        return {
            "fulfillmentEvent": None,
            "userErrors": [
                user_error(
                    info, None, ["fulfillmentEvent", "fulfillmentId"], "Fulfillment does not exist."
                )
            ],
        }
    now = state.now()
    happened = str(given.get("happenedAt") or now)
    event = state.save(
        {
            "__typename": EVENT,
            "id": state.new_gid(EVENT),
            "fulfillmentId": doc["id"],
            "orderId": doc["orderId"],
            "status": given["status"],
            "message": given.get("message"),
            "happenedAt": happened,
            "estimatedDeliveryAt": given.get("estimatedDeliveryAt"),
            "address1": given.get("address1"),
            "city": given.get("city"),
            "province": given.get("province"),
            "country": given.get("country"),
            "zip": given.get("zip"),
            "latitude": given.get("latitude"),
            "longitude": given.get("longitude"),
            "createdAt": now,
        }
    )
    doc["displayStatus"] = _DISPLAY[given["status"]]
    doc["shipmentStatus"] = given["status"]
    if given["status"] == "DELIVERED":
        doc["deliveredAt"] = happened
    if given["status"] == "IN_TRANSIT" and doc["inTransitAt"] is None:
        doc["inTransitAt"] = happened
    if given.get("estimatedDeliveryAt"):
        doc["estimatedDeliveryAt"] = given["estimatedDeliveryAt"]
    doc["updatedAt"] = now
    state.save(doc)
    return {"fulfillmentEvent": event, "userErrors": []}
