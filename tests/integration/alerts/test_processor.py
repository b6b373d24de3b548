"""Which alert rules run, and what they subscribe to: only what some flow takes."""

from __future__ import annotations

from shopbridge.alerts.processor import AlertsProcessor
from shopbridge.app import App
from shopbridge.config.loader import parse_settings
from shopbridge.engine.processors import PREFIX


def built(sqlite_url: str, flows: str, alerts: str = "") -> App:
    return App.build(
        parse_settings(
            f"""
store: {{url: "{sqlite_url}"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s}}
destinations:
  oncall: {{type: pagerduty, routing_key: abc}}
alerts: {{{alerts}}}
flows:
{flows}
"""
        )
    )


async def test_no_flow_taking_alerts_means_no_alert_processor(sqlite_url: str) -> None:
    app = built(sqlite_url, "  orders:\n    from: {shopify: orders/create}\n    to: [oncall]")
    try:
        assert "alerts" not in app.processors
    finally:
        await app.close()


async def test_only_the_kinds_flows_take_run_and_subscribe(sqlite_url: str) -> None:
    flows = "  pay:\n    from: {events: [alerts/payment_issue]}\n    to: [oncall]"
    app = built(sqlite_url, flows, "payments: {voided_transactions: {enabled: false}}")
    try:
        processor = app.processors["alerts"]
        assert isinstance(processor, AlertsProcessor)
        assert set(processor.shopify_topics) == {
            "order_transactions/create",
            "orders/paid",
            "orders/create",
            "orders/cancelled",
        }
        needs = {need.topic for need in app.topic_needs("acme") if need.origin == PREFIX + "alerts"}
        assert needs == set(processor.shopify_topics)
        assert processor.schedules == []  # no dead-letter, destination or stock checks
        assert app.subscription_dropped_hooks == []
    finally:
        await app.close()


async def test_alerts_enabled_runs_every_rule_even_without_flows(sqlite_url: str) -> None:
    app = built(
        sqlite_url,
        "  orders:\n    from: {shopify: orders/create}\n    to: [oncall]",
        "enabled: true",
    )
    try:
        processor = app.processors["alerts"]
        assert isinstance(processor, AlertsProcessor)
        assert "fulfillment_orders/placed_on_hold" in processor.shopify_topics
        assert {s.name for s in processor.schedules} == {"alerts-check", "alerts-inventory"}
        assert len(app.subscription_dropped_hooks) == 1
    finally:
        await app.close()
