"""Shipments through the shop's writer (flow ``fulfillments``) against a sandbox, read back."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.sandbox import shopper
from shopbridge.sandbox.merchant import edit_stock
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.state import State
from shopbridge.store.base import JobStatus

from .scenario import FULFILLMENTS_UPSERT, Scenario, Seed, push, running, until

SHIRT, MUG = sku(1, 1), sku(2, 1)
ORDER = """
query($id: ID!) {
  order(id: $id) {
    displayFulfillmentStatus
    fulfillments(first: 10) {
      id status
      trackingInfo(first: 5) { company number url }
      events(first: 10) { nodes { status message happenedAt } }
      fulfillmentLineItems(first: 10) { nodes { quantity lineItem { sku } } }
    }
    fulfillmentOrders(first: 5) {
      nodes { status lineItems(first: 10) { nodes { sku remainingQuantity } } }
    }
  }
}
"""
FULFIL_DIRECTLY = """
mutation($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) { fulfillment { id } userErrors { message } }
}
"""


def shipment(
    shipment_id: str, order: dict[str, Any], version: float, **parts: Any
) -> dict[str, Any]:
    """A shipment as ``POST /v1/fulfillments`` stores it (the order found by name)."""
    return {
        "shipment_id": shipment_id,
        "order": {"by": "name", "value": order["name"]},
        "notify_customer": False,
        "version": version,
        **parts,
    }


async def read_order(world: Scenario, order: dict[str, Any]) -> dict[str, Any]:
    reply = await world.sandbox.admin(ORDER, {"id": order["id"]})
    found: dict[str, Any] = reply.body["data"]["order"]
    return found


def place_order(world: Scenario, lines: list[tuple[str, int]], **extra: Any) -> dict[str, Any]:
    state = world.sandbox.sandbox.state
    checkout = shopper.start_checkout(state, lines=lines, email="ada@example.com", **extra)
    return shopper.complete_checkout(state, checkout["token"])


def remaining(order: dict[str, Any]) -> dict[str, int]:
    found: dict[str, int] = {}
    for fo in order["fulfillmentOrders"]["nodes"]:
        for line in fo["lineItems"]["nodes"]:
            found[line["sku"]] = found.get(line["sku"], 0) + line["remainingQuantity"]
    return found


async def dead_reasons(world: Scenario) -> list[str]:
    return [job.last_reason or "" for job in await world.jobs(JobStatus.DEAD)]


@pytest.fixture
def seed() -> Seed:
    def stocked(state: State) -> None:
        seed_catalog(state, products=2, variants=1, locations=1)
        for code in (SHIRT, MUG):
            edit_stock(state, code, set_to=100)

    return stocked


async def test_a_partial_shipment_is_fulfilled_once_even_when_sent_twice(world: Scenario) -> None:
    order = place_order(world, [(SHIRT, 3), (MUG, 1)])
    tracking = {"company": "UPS", "numbers": ["1Z001"], "urls": ["https://ups.example/1Z001"]}
    first = shipment("SHP-1", order, 1.0, lines=[{"sku": SHIRT, "quantity": 2}], tracking=tracking)
    job_id = await push(world, *FULFILLMENTS_UPSERT, first)
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        await push(world, *FULFILLMENTS_UPSERT, {**first, "version": 2.0})  # the WMS sends it again
        await until(world.settled)
    found = await read_order(world, order)
    [fulfillment] = found["fulfillments"]
    lines = fulfillment["fulfillmentLineItems"]["nodes"]
    assert [(n["lineItem"]["sku"], n["quantity"]) for n in lines] == [(SHIRT, 2)]
    assert fulfillment["trackingInfo"] == [
        {"company": "UPS", "number": "1Z001", "url": "https://ups.example/1Z001"}
    ]
    assert remaining(found) == {SHIRT: 1, MUG: 1}
    assert found["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert (writer.stats.applied, writer.stats.rejected) == (2, 0)


async def test_later_calls_update_tracking_and_record_statuses_as_events(world: Scenario) -> None:
    order = place_order(world, [(SHIRT, 1)])
    await push(world, *FULFILLMENTS_UPSERT, shipment("SHP-2", order, 1.0, lines="all"))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        moved = {"company": "DHL Express", "numbers": ["JD014"], "urls": []}
        await push(world, *FULFILLMENTS_UPSERT, shipment("SHP-2", order, 2.0, tracking=moved))
        await until(world.settled)
        await push(
            world,
            *FULFILLMENTS_UPSERT,
            shipment(
                "SHP-2",
                order,
                3.0,
                status="IN_TRANSIT",
                status_message="Left the hub",
                happened_at="2026-07-01T08:00:00Z",
            ),
        )
        await until(world.settled)
        delivered = shipment("SHP-2", order, 4.0, status="DELIVERED")
        await push(world, *FULFILLMENTS_UPSERT, delivered)
        await until(world.settled)
        # said again: no new event
        await push(world, *FULFILLMENTS_UPSERT, {**delivered, "version": 5.0})
        await until(world.settled)
    [fulfillment] = (await read_order(world, order))["fulfillments"]
    assert [t["number"] for t in fulfillment["trackingInfo"]] == ["JD014"]
    assert {t["company"] for t in fulfillment["trackingInfo"]} == {"DHL Express"}
    events = fulfillment["events"]["nodes"]
    assert [(e["status"], e["message"]) for e in events] == [
        ("IN_TRANSIT", "Left the hub"),
        ("DELIVERED", None),
    ]
    assert events[0]["happenedAt"] == "2026-07-01T08:00:00Z"
    assert writer.stats.rejected == 0


async def test_what_shopify_cannot_fulfil_is_a_dead_item_with_the_reason(world: Scenario) -> None:
    order = place_order(world, [(SHIRT, 1)])
    items = [
        shipment("SHP-A", {"name": "#9999"}, 1.0, lines="all"),
        shipment("SHP-B", order, 1.0, lines=[{"sku": "NOPE-1", "quantity": 1}]),
        shipment("SHP-C", order, 1.0, lines=[{"sku": SHIRT, "quantity": 5}]),
        shipment("SHP-D", order, 1.0, status="IN_TRANSIT"),
    ]
    job_id = await push(world, *FULFILLMENTS_UPSERT, *items)
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    assert sorted(await dead_reasons(world)) == sorted(
        [
            "no order named #9999",
            f"SKU NOPE-1 is not on order {order['name']}",
            f"SKU {SHIRT}: 5 shipped but 1 left to fulfil on order {order['name']}",
            "shipment SHP-D is not in Shopify yet: send its lines ('all' or SKUs and "
            "quantities) to create it",
        ]
    )
    assert (await read_order(world, order))["fulfillments"] == []
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    await push(world, *FULFILLMENTS_UPSERT, shipment("SHP-E", order, 1.0, lines="all"))
    await push(world, *FULFILLMENTS_UPSERT, shipment("SHP-F", order, 1.0, lines="all"))
    async with running(world.writer()):
        await until(world.settled)
    assert f"order {order['name']} has no open fulfillment order" in " ".join(
        await dead_reasons(world)
    )


async def test_a_fulfillment_whose_record_is_missing_is_found_by_tracking_number(
    world: Scenario,
) -> None:
    """As after a stop between fulfillmentCreate and writing the shipment's record."""
    order = place_order(world, [(SHIRT, 2)])
    state = world.sandbox.sandbox.state
    [fo] = state.find("FulfillmentOrder", "orderId", order["id"])
    given = {
        "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"]}],
        "trackingInfo": {"numbers": ["TRACK-7"]},
    }
    reply = await world.sandbox.admin(FULFIL_DIRECTLY, {"fulfillment": given})
    assert reply.body["data"]["fulfillmentCreate"]["userErrors"] == []
    tracking = {"company": "UPS", "numbers": ["TRACK-7"], "urls": []}
    await push(
        world, *FULFILLMENTS_UPSERT, shipment("SHP-7", order, 1.0, lines="all", tracking=tracking)
    )
    async with running(world.writer()):
        await until(world.settled)
        await push(world, *FULFILLMENTS_UPSERT, shipment("SHP-7", order, 2.0, status="DELIVERED"))
        await until(world.settled)
    [fulfillment] = (await read_order(world, order))["fulfillments"]
    assert {t["company"] for t in fulfillment["trackingInfo"]} == {"UPS"}
    assert [e["status"] for e in fulfillment["events"]["nodes"]] == ["DELIVERED"]
    assert await dead_reasons(world) == []


async def test_orders_are_found_by_id_tag_and_reference_and_each_location_ships_alone(
    world: Scenario,
) -> None:
    by_id = place_order(world, [(SHIRT, 1)])
    tagged = place_order(world, [(MUG, 1)])
    tag = "mutation($input: OrderInput!) { orderUpdate(input: $input) { userErrors { message } } }"
    await world.sandbox.admin(tag, {"input": {"id": tagged["id"], "tags": ["erp:SO-778"]}})
    items = [
        {
            **shipment("SHP-ID", by_id, 1.0, lines="all"),
            "order": {"by": "id", "value": by_id["id"]},
        },
        {
            **shipment("SHP-TAG", tagged, 1.0, lines="all"),
            "order": {"by": "tag", "value": "erp:SO-778"},
        },
    ]
    await push(world, *FULFILLMENTS_UPSERT, *items)
    async with running(world.writer()):
        await until(world.settled)
    assert await dead_reasons(world) == []
    for order in (by_id, tagged):
        assert (await read_order(world, order))["displayFulfillmentStatus"] == "FULFILLED"


async def test_a_shipment_without_tracking_is_found_again_by_its_record(world: Scenario) -> None:
    order = place_order(world, [(SHIRT, 3)])
    first = shipment("SHP-9", order, 1.0, lines=[{"sku": SHIRT, "quantity": 1}])
    async with running(world.writer()):
        await push(world, *FULFILLMENTS_UPSERT, first)
        await until(world.settled)
        await push(world, *FULFILLMENTS_UPSERT, {**first, "version": 2.0})
        await until(world.settled)
    found = await read_order(world, order)
    assert len(found["fulfillments"]) == 1
    assert remaining(found) == {SHIRT: 2}
