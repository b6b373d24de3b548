"""The demo's WMS step: the warehouse ships Ada's order and tracking comes back to Shopify.

The WMS got a pick list when the order was paid. It ships the parcel and tells the
engine through ``POST /v1/fulfillments`` (its own API key, scope ``shopify:write``):
the lines it shipped, UPS and the tracking number, ``in_transit``. Its retry sends
the same shipment again; then the carrier reports ``delivered``. The step waits until
the store shows one fulfillment with that tracking and both statuses as events.
"""

from __future__ import annotations

from typing import Any, Final

from rich.console import Console

from shopbridge import operations
from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import until
from shopbridge.security.api_keys import Scope

__all__ = ["wms_ships_an_order"]

TRACKING: Final = "1Z999AA10123456784"
ORDER: Final = """
query Order($query: String!) {
  orders(first: 1, query: $query) {
    nodes {
      name displayFulfillmentStatus
      fulfillments(first: 5) {
        trackingInfo(first: 1) { company number }
        events(first: 5) { nodes { status } }
      }
    }
  }
}
"""


async def wms_ships_an_order(stack: Stack, console: Console, step: int) -> int:
    """Run the step numbered ``step``; returns the next step's number."""
    say = console.print
    say(f"\n[bold]{step}.[/] The WMS ships Ada's order and tracking comes back")
    pick_list = next(r.json for r in stack.systems["wms"].delivered if isinstance(r.json, dict))
    stack.keys["wms"] = (
        await operations.create_key(stack.settings, "wms", [Scope.SHOPIFY_WRITE.value])
    )[0]
    shipment = {
        "shipment_id": "WMS-SHP-0001",
        "order_name": pick_list["order"],
        "lines": [{"sku": ln["sku"], "quantity": ln["quantity"]} for ln in pick_list["lines"]],
        "tracking": {
            "company": "UPS",
            "numbers": [TRACKING],
            "urls": [f"https://www.ups.com/track?tracknum={TRACKING}"],
        },
        "notify_customer": True,
        "status": "in_transit",
    }
    await stack.push("/v1/fulfillments", [{**shipment, "version": 1}], system="wms")
    await stack.push("/v1/fulfillments", [{**shipment, "version": 2}], system="wms")  # a retry

    query = f'name:"{pick_list["order"]}"'

    async def shipped() -> bool:
        order = await _order(stack, query)
        events = [e["status"] for f in order["fulfillments"] for e in f["events"]["nodes"]]
        return order["displayFulfillmentStatus"] == "FULFILLED" and "IN_TRANSIT" in events

    await until(shipped, "the shipment fulfilled in Shopify")
    delivered = {**shipment, "status": "delivered", "version": 3}
    await stack.push("/v1/fulfillments", [delivered], system="wms")

    async def arrived() -> bool:
        order = await _order(stack, query)
        events = [e["status"] for f in order["fulfillments"] for e in f["events"]["nodes"]]
        return "DELIVERED" in events

    await until(arrived, "the delivery recorded in Shopify")
    order = await _order(stack, query)
    [fulfillment] = order["fulfillments"]
    tracking = fulfillment["trackingInfo"][0]
    statuses = " → ".join(e["status"].lower() for e in fulfillment["events"]["nodes"])
    say(
        f"   order {order['name']} is {order['displayFulfillmentStatus'].lower()}: one "
        f"fulfillment (the WMS sent the shipment twice) with {tracking['company']} "
        f"{tracking['number']}, the customer notified; its events: {statuses} "
        "(fulfillmentCreate, then fulfillmentEventCreate)"
    )
    return step + 1


async def _order(stack: Stack, query: str) -> dict[str, Any]:
    data = await stack.admin(ORDER, {"query": query})
    found: dict[str, Any] = data["orders"]["nodes"][0]
    return found
