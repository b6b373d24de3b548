"""``fulfillments/create|update`` and ``fulfillment_events/create`` in Shopify's REST shape.

REST's fulfillment carries the first tracking entry in ``tracking_company``/
``tracking_number``/``tracking_url`` and every entry in the plural lists; its
``line_items`` are the order's line items with the fulfilled quantities; its
``destination`` is the order's shipping address.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.fulfillment_store import FULFILLMENT
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_time
from shopbridge.sandbox.rest.order_parts import rest_address, rest_line_item
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_fulfillment"]


def rest_fulfillment(state: State, fulfillment: Mapping[str, Any]) -> Payload:
    order = state.get_gid(fulfillment["orderId"]) or {}
    lines = {line["id"]: line for line in order.get("lineItems", [])}
    items = []
    for fulfilled in fulfillment["fulfillmentLineItems"]:
        line = lines.get(fulfilled["lineItemId"])
        if line is not None:
            rendered = rest_line_item(state, line)
            rendered.pop("attributed_staffs", None)
            rendered.pop("current_quantity", None)
            rendered.pop("sales_line_item_group_id", None)
            items.append({**rendered, "quantity": fulfilled["quantity"]})
    tracking = fulfillment["trackingInfo"]
    first = tracking[0] if tracking else {}
    return {
        "admin_graphql_api_id": fulfillment["id"],
        "created_at": rest_time(state, fulfillment["createdAt"]),
        "destination": rest_address(order.get("shippingAddress")),
        "email": order.get("email"),
        "id": legacy_id(fulfillment["id"]),
        "line_items": items,
        "location_id": numeric_id(fulfillment.get("locationId")),
        "name": fulfillment["name"],
        "order_id": legacy_id(fulfillment["orderId"]),
        "origin_address": None,
        "receipt": {},
        "service": "manual",
        "shipment_status": rest_enum(fulfillment.get("shipmentStatus")),
        "status": rest_enum(fulfillment["status"]),
        "tracking_company": first.get("company"),
        "tracking_number": first.get("number"),
        "tracking_numbers": [t["number"] for t in tracking if t.get("number")],
        "tracking_url": first.get("url"),
        "tracking_urls": [t["url"] for t in tracking if t.get("url")],
        "updated_at": rest_time(state, fulfillment["updatedAt"]),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


@topic_rule("fulfillments/create", FULFILLMENT, on="create")
def fulfillment_created(state: State, change: Change) -> Payload:
    return rest_fulfillment(state, _after(change))


@topic_rule("fulfillments/update", FULFILLMENT, on="update")
def fulfillment_updated(state: State, change: Change) -> Payload:
    return rest_fulfillment(state, _after(change))


@topic_rule("fulfillment_events/create", "FulfillmentEvent", on="create")
def fulfillment_event_created(state: State, change: Change) -> Payload:
    event = _after(change)
    shops = state.all("Shop")
    return {
        "address1": event["address1"],
        "admin_graphql_api_id": event["id"],
        "city": event["city"],
        "country": event["country"],
        "created_at": rest_time(state, event["createdAt"]),
        "estimated_delivery_at": rest_time(state, event["estimatedDeliveryAt"]),
        "fulfillment_id": legacy_id(event["fulfillmentId"]),
        "happened_at": rest_time(state, event["happenedAt"]),
        "id": legacy_id(event["id"]),
        "latitude": event["latitude"],
        "longitude": event["longitude"],
        "message": event["message"],
        "order_id": legacy_id(event["orderId"]),
        "province": event["province"],
        "shop_id": legacy_id(shops[0]["id"]) if shops else None,
        "status": rest_enum(event["status"]),
        "updated_at": rest_time(state, event["createdAt"]),
        "zip": event["zip"],
    }
