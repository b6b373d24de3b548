"""Order failures, end to end: Shopify refusing a write, order events dead or stuck."""

from __future__ import annotations

from tests.integration.alerts.world import FAST_ALERTS, alert_world

ORDERS_TO_ERP = """
  orders_to_erp:
    from: {shopify: [orders/create]}
    to: [erp]
"""
REJECTED_FAST = FAST_ALERTS.replace(
    "stuck: {after_secs: 1}", "stuck: {after_secs: 1}\n    shopify_rejected: {auto_resolve_secs: 1}"
)


async def test_a_write_shopify_refuses_alerts_and_resolves_when_quiet(sqlite_url: str) -> None:
    async with alert_world(sqlite_url, alerts=REJECTED_FAST) as world:
        await world.push_inventory(
            [{"sku": "NO-SUCH-SKU", "location": "Shop location", "quantity": 3, "version": 1}]
        )
        fired = await world.until_notice("shopify_rejected", "triggered")
        assert fired["kind"] == "order_failure"
        assert fired["title"] == "Shopify refused inventory writes"
        assert "NO-SUCH-SKU" in fired["summary"]
        assert fired["details"]["destination"] == "shopify:acme"
        resolved = await world.until_notice("shopify_rejected", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]


async def test_an_order_event_that_dies_alerts_until_it_is_replayed(sqlite_url: str) -> None:
    async with alert_world(sqlite_url, extra=ORDERS_TO_ERP) as world:
        await world.subscribed("orders/create")
        erp = world.systems["erp"]
        erp.fail_with, erp.fail_times = 503, -1
        order = await world.checkout("success")
        fired = await world.until_notice("order_not_delivered", "triggered")
        assert fired["title"] == "Order events not delivered to erp"
        assert fired["members"][0].startswith("orders/create job ")
        assert "HTTP 503" in fired["summary"]
        erp.fail_with, erp.fail_times = None, 0
        dead = await world.operate("GET", "/v1/dead-letters")
        for letter in dead["items"]:
            await world.operate("POST", f"/v1/jobs/{letter['id']}/replay")
        resolved = await world.until_notice("order_not_delivered", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
        assert [r.json["id"] for r in world.seen("erp", "orders/create")] == [
            int(order["id"].rsplit("/", 1)[-1])
        ]


async def test_an_order_event_waiting_too_long_alerts_until_delivered(sqlite_url: str) -> None:
    slow_retries = "{max_attempts: 5, initial_secs: 2, multiplier: 1, jitter: 0}"
    async with alert_world(sqlite_url, extra=ORDERS_TO_ERP, erp_retry=slow_retries) as world:
        await world.subscribed("orders/create")
        erp = world.systems["erp"]
        erp.fail_with, erp.fail_times = 503, -1
        await world.checkout("success")
        fired = await world.until_notice("stuck_orders", "triggered")
        assert fired["kind"] == "order_failure"
        assert fired["details"] == {"destination": "erp"}
        assert fired["members"][0].startswith("orders/create (job ")
        erp.fail_with, erp.fail_times = None, 0
        resolved = await world.until_notice("stuck_orders", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
        assert not world.of_rule("order_not_delivered")
