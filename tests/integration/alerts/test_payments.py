"""Payment issues, end to end: the sandbox's real webhooks in, formatted alerts out."""

from __future__ import annotations

from tests.integration.alerts.world import FAST_ALERTS, ROUTING_KEY, alert_world


async def test_a_declined_card_alerts_and_the_payment_resolves_it(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("order_transactions/create", "orders/paid")
        order = await world.checkout("failure")
        fired = await world.until_notice("failed_transactions", "triggered")
        assert fired["kind"] == "payment_issue"
        assert fired["severity"] == "error"
        assert fired["shop"] == "acme"
        assert fired["count"] == 1
        order_id = order["id"].rsplit("/", 1)[-1]
        money = f"{order['total_price']} {order['currency']}"
        assert fired["members"] == [f"Order {order_id}: {money} via bogus (card_declined)"]
        key = fired["dedup_key"]
        slack = world.seen("slack", "alerts/payment_issue")[0].json
        assert slack["text"].startswith(":large_orange_circle: Payments are failing")
        assert slack["blocks"][0] == {
            "type": "header",
            "text": {"type": "plain_text", "text": "Payments are failing"},
        }
        trigger = world.pagerduty(key)[0]
        assert trigger["routing_key"] == ROUTING_KEY
        assert trigger["event_action"] == "trigger"
        assert trigger["payload"]["severity"] == "error"
        assert trigger["payload"]["source"] == "acme.myshopify.com"

        await world.store("POST", f"/orders/{order_id}/pay")
        resolved = await world.until_notice("failed_transactions", "resolved")
        assert resolved["dedup_key"] == key
        assert resolved["status"] == "resolved"
        await world.until(lambda: len(world.pagerduty(key)) == 2, "the PagerDuty resolve")
        assert world.pagerduty(key)[1] == {
            "routing_key": ROUTING_KEY,
            "event_action": "resolve",
            "dedup_key": key,
        }


async def test_an_order_unpaid_past_the_limit_alerts_until_it_is_paid(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("orders/create", "orders/paid")
        order = await world.checkout("failure")  # the order stays pending
        fired = await world.until_notice("unpaid_orders", "triggered")
        assert fired["kind"] == "payment_issue"
        assert fired["severity"] == "warning"
        assert fired["members"] == [f"Order {order['name']}, {order['total_price']} USD"]
        assert fired["links"][0]["url"].endswith(f"/admin/orders/{order['id'].rsplit('/', 1)[-1]}")
        await world.store("POST", f"/orders/{order['id'].rsplit('/', 1)[-1]}/pay")
        resolved = await world.until_notice("unpaid_orders", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]


async def test_a_paid_order_never_alerts_as_unpaid(sqlite_url: str) -> None:
    async with alert_world(sqlite_url) as world:
        await world.subscribed("orders/create", "orders/paid")
        await world.checkout("failure")
        await world.checkout("success")  # paid at once: no timer is armed for it
        fired = await world.until_notice("unpaid_orders", "triggered")
        await world.until(lambda: world.of_rule("failed_transactions"), "the failure alert")
        assert fired["count"] == 1


VOIDED_FAST = FAST_ALERTS.replace(
    "unpaid_orders: {after_secs: 1}",
    "unpaid_orders: {enabled: false}\n    voided_transactions: {auto_resolve_secs: 1}",
)
CANCEL = """
mutation($id: ID!) {
  orderCancel(orderId: $id, reason: OTHER, restock: true) { job { id } userErrors { message } }
}
"""


async def test_a_voided_authorization_alerts_and_resolves_after_a_quiet_period(
    sqlite_url: str,
) -> None:
    async with alert_world(sqlite_url, alerts=VOIDED_FAST) as world:
        await world.subscribed("order_transactions/create")
        order = await world.checkout("pending")  # an authorization, captured later
        await world.admin(CANCEL, {"id": order["id"]})  # cancelling voids it
        fired = await world.until_notice("voided_transactions", "triggered")
        assert fired["severity"] == "warning"
        assert "voided" in fired["summary"]
        resolved = await world.until_notice("voided_transactions", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
        assert not world.of_rule("failed_transactions")
