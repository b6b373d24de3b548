"""Fulfillment exceptions, end to end: failed deliveries, holds, orders left unfulfilled."""

from __future__ import annotations

from typing import Any

from tests.integration.alerts.world import World, alert_world

FULFILLMENT_ORDER = """
query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 1) { nodes { id } } } }
"""
FULFIL = """
mutation($fo: ID!) {
  fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder: [{fulfillmentOrderId: $fo}],
                                  trackingInfo: {company: "UPS", number: "1Z999"}}) {
    fulfillment { id } userErrors { message }
  }
}
"""
EVENT = """
mutation($id: ID!, $status: FulfillmentEventStatus!) {
  fulfillmentEventCreate(fulfillmentEvent: {fulfillmentId: $id, status: $status,
                                            message: "Address not found"}) {
    fulfillmentEvent { id } userErrors { message }
  }
}
"""
HOLD = """
mutation($id: ID!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: {reason: INCORRECT_ADDRESS,
                                                 reasonNotes: "No street number"}) {
    fulfillmentHold { id } userErrors { message }
  }
}
"""
RELEASE = """
mutation($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { userErrors { message } } }
"""


async def fulfillment_order(world: World, order: dict[str, Any]) -> str:
    data = await world.admin(FULFILLMENT_ORDER, {"id": order["id"]})
    gid: str = data["order"]["fulfillmentOrders"]["nodes"][0]["id"]
    return gid


async def test_a_failed_delivery_alerts_and_a_new_scan_resolves_it(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("fulfillment_events/create")
        order = await world.checkout("success")
        created = await world.admin(FULFIL, {"fo": await fulfillment_order(world, order)})
        fulfillment = created["fulfillmentCreate"]["fulfillment"]["id"]
        await world.admin(EVENT, {"id": fulfillment, "status": "FAILURE"})
        fired = await world.until_notice("fulfillment_failed", "triggered")
        assert fired["kind"] == "fulfillment_exception"
        number = fulfillment.rsplit("/", 1)[-1]
        assert fired["members"] == [
            f"Fulfillment {number} (order {order['id'].rsplit('/', 1)[-1]}): failure"
        ]
        assert "Address not found" in fired["summary"]
        await world.admin(EVENT, {"id": fulfillment, "status": "IN_TRANSIT"})
        resolved = await world.until_notice("fulfillment_failed", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]


async def test_a_hold_alerts_and_its_release_resolves_it(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("fulfillment_orders/placed_on_hold")
        order = await world.checkout("success")
        fo = await fulfillment_order(world, order)
        await world.admin(HOLD, {"id": fo})
        fired = await world.until_notice("fulfillment_on_hold", "triggered")
        assert fired["summary"] == (
            f"Fulfillment order {fo.rsplit('/', 1)[-1]} was placed on hold (incorrect address): "
            "No street number"
        )
        await world.admin(RELEASE, {"id": fo})
        resolved = await world.until_notice("fulfillment_on_hold", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]


async def test_an_order_unfulfilled_past_the_limit_alerts_until_shipped(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("orders/create", "orders/fulfilled")
        order = await world.checkout("success")
        fired = await world.until_notice("unfulfilled_orders", "triggered")
        assert fired["members"] == [f"Order {order['name']}, {order['total_price']} USD"]
        await world.admin(FULFIL, {"fo": await fulfillment_order(world, order)})
        resolved = await world.until_notice("unfulfilled_orders", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
