"""The engine's own failures, end to end: dead letters, failing destinations (never told about
themselves), and a webhook subscription Shopify dropped."""

from __future__ import annotations

from tests.integration.alerts.world import FAST_ALERTS, alert_world

CUSTOMERS_TO_ERP = """
  customers_to_erp:
    from: {shopify: [customers/create]}
    to: [erp]
"""
SLOW = "{max_attempts: 6, initial_secs: 2, multiplier: 1, jitter: 0}"
DELETE = """
mutation($id: ID!) { webhookSubscriptionDelete(id: $id) { userErrors { message } } }
"""
SUBSCRIPTIONS = "query { webhookSubscriptions(first: 100) { nodes { id topic } } }"


async def test_dead_letters_alert_until_they_are_replayed(sqlite_url: str) -> None:
    async with alert_world(sqlite_url, extra=CUSTOMERS_TO_ERP) as world:
        await world.subscribed("customers/create")
        erp = world.systems["erp"]
        erp.fail_with, erp.fail_times = 500, -1
        await world.checkout("success", email="new.customer@example.com")
        fired = await world.until_notice("dead_letters", "triggered")
        assert fired["kind"] == "engine_failure"
        assert fired["title"] == "Dead letters for erp"
        assert fired["members"][0].startswith("customers/create job ")
        erp.fail_with, erp.fail_times = None, 0
        for letter in (await world.operate("GET", "/v1/dead-letters"))["items"]:
            await world.operate("POST", f"/v1/jobs/{letter['id']}/replay")
        resolved = await world.until_notice("dead_letters", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]


async def test_a_failing_alert_destination_is_reported_elsewhere_and_never_to_itself(
    sqlite_url: str,
) -> None:
    async with alert_world(sqlite_url, slack_retry=SLOW) as world:
        await world.subscribed("order_transactions/create")
        slack = world.systems["slack"]
        slack.fail_with, slack.fail_times = 503, -1
        await world.checkout("failure")  # a payment alert, which Slack will not take
        fired = await world.until_notice("destination_failing", "triggered")
        assert fired["severity"] == "critical"
        assert fired["title"] == "Destination slack is failing"
        assert "HTTP 503" in fired["summary"]
        assert world.seen("teams", "alerts/engine_failure")
        slack.fail_with, slack.fail_times = None, 0
        resolved = await world.until_notice("destination_failing", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
        await world.until(lambda: world.seen("slack", "alerts/payment_issue"), "slack recovers")
        topics = {r.headers.get("x-shopbridge-topic") for r in slack.seen}
        assert "alerts/engine_failure" not in topics  # never an alert about itself


async def test_a_dropped_subscription_alerts_and_resolves_once_quiet(sqlite_url: str) -> None:
    quick = FAST_ALERTS.replace(
        "destination_failing: {after_secs: 1}",
        "destination_failing: {after_secs: 1}\n    subscription_dropped: {auto_resolve_secs: 1}",
    )
    async with alert_world(sqlite_url, alerts=quick) as world:
        await world.subscribed("orders/create")
        nodes = (await world.admin(SUBSCRIPTIONS))["webhookSubscriptions"]["nodes"]
        dropped = next(node for node in nodes if node["topic"] == "ORDERS_CREATE")
        await world.admin(DELETE, {"id": dropped["id"]})  # as Shopify does after failures
        fired = await world.until_notice("subscription_dropped", "triggered")
        assert fired["kind"] == "engine_failure"
        assert fired["members"] == ["orders/create"]
        assert fired["details"] == {"topic": "orders/create"}
        resolved = await world.until_notice("subscription_dropped", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
