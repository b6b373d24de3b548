"""Duplicated and reordered webhooks from the store never reach a system twice or stale.

The store's clock moves one second per change, so every change has its own
``updated_at`` and a destination's view of an order can be checked: it must only
move forward, and no change may arrive twice.
"""

from __future__ import annotations

from collections import defaultdict
from typing import Any

from shopbridge.orders.versions import parse_time
from tests.integration.orders.stack import Stack, StoreClock, orders_stack

FLOWS = """
  orders_to_erp:
    from: {shopify: [orders/create, orders/paid, orders/updated]}
    preset: order
    to: [erp]
  new_orders_to_fraud:
    from: {shopify: orders/create}
    preset: order
    to: [fraud]
"""
ORDERS = 6
UPDATES = 3


def arrivals(stack: Stack, system: str) -> dict[int, list[tuple[str, float, str]]]:
    """Per order: (topic, updated_at, tags) in the order the system received them."""
    found: dict[int, list[tuple[str, float, str]]] = defaultdict(list)
    for received in stack.delivered(system):
        document: dict[str, Any] = received.json
        updated_at = parse_time(document["updated_at"])
        assert updated_at is not None
        topic = received.headers["x-shopbridge-topic"]
        found[document["id"]].append((topic, updated_at, ",".join(document["tags"])))
    return found


async def test_injected_duplicates_bursts_and_shuffles_never_deliver_twice_or_stale(
    store_url: str,
) -> None:
    clock = StoreClock()
    async with orders_stack(store_url, FLOWS, clock=clock) as stack:
        stack.faults(
            seed=11,
            duplicate_rate=0.4,
            burst_rate=0.3,
            burst_size=2,
            reorder_window=6,
            reorder_hold_secs=0.3,
        )
        orders = []
        for index in range(ORDERS):
            clock.tick()
            orders.append(stack.buy([("SKU-00001-1", 1 + index % 2)]))
        for round_ in range(UPDATES):
            for order in orders:
                clock.tick()
                await stack.tag(order["id"], f"round-{round_}")
        await stack.store_idle()
        await stack.engine_idle()
        sent = stack.sandbox.webhooks.snapshot()["recent_deliveries"]

        erp = arrivals(stack, "erp")
        fraud = arrivals(stack, "fraud")
        skipped = await stack.metric("shopbridge_updates_skipped_total", flow="orders_to_erp")

    assert any(d["duplicate"] for d in sent), "the store should have sent duplicates"
    assert len(erp) == ORDERS
    for order_id, seen in erp.items():
        versions = [updated_at for _, updated_at, _ in seen]
        assert versions == sorted(versions), f"order {order_id} went back in time: {seen}"
        assert len(set(seen)) == len(seen), f"order {order_id} got a change twice: {seen}"
        assert seen[-1][2] == f"round-{UPDATES - 1}", f"order {order_id} missed its last change"
    # A flow that only takes orders/create is never stale: each order arrives exactly once.
    assert sorted(len(seen) for seen in fraud.values()) == [1] * ORDERS
    assert skipped >= 1  # copies with new webhook ids (bursts) were caught by the guard


async def test_an_older_update_arriving_after_a_newer_one_is_dropped_as_stale(
    sqlite_url: str,
) -> None:
    clock = StoreClock()
    async with orders_stack(sqlite_url, FLOWS, clock=clock) as stack:
        order = stack.buy([("SKU-00002-1", 1)])
        await stack.store_idle()
        await stack.engine_idle()
        stack.faults(delay_secs=1.0)  # the next webhook is held back a second
        clock.tick()
        sent = stack.sent()
        await stack.tag(order["id"], "older")
        await stack.until_sent(sent + 1)
        stack.faults(delay_secs=0.0)
        clock.tick()
        await stack.tag(order["id"], "newer")
        await stack.store_idle()
        await stack.engine_idle()

        updates = stack.documents("erp", "orders/updated")
        status, filtered = await stack.engine.api(
            "GET", "/v1/jobs?status=filtered&flow=orders_to_erp"
        )
        stale = await stack.metric(
            "shopbridge_updates_skipped_total", flow="orders_to_erp", reason="stale"
        )

    assert [u["tags"] for u in updates] == [["newer"]]
    assert status == 200
    [skipped] = filtered["items"]
    assert skipped["last_reason"].startswith("stale: updated_at ")
    assert "older than" in skipped["last_reason"]
    assert stale == 1
