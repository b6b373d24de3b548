"""Which shops are reconciled, and which order topics the processor records."""

from __future__ import annotations

from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.orders.plan import reconciliation_plan


def settings(flows: str, shops: str = "") -> Settings:
    return parse_settings(f"""
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: t}}
  beta: {{domain: beta.myshopify.com, webhook_secret: s, access_token: t,
          reconcile: {{orders_every_mins: 0}}}}
  gamma: {{domain: gamma.myshopify.com, webhook_secret: s}}
{shops}
destinations:
  erp: {{url: "https://erp.example.com/in"}}
flows:
{flows}
""")


def test_shops_with_api_access_and_an_order_flow_are_reconciled() -> None:
    plan = reconciliation_plan(
        settings("""
  orders:
    from: {shopify: [orders/create, orders/paid, refunds/create]}
    to: [erp]
"""),
        with_admin_api={"acme", "beta"},
    )
    assert plan.shops == ("acme",)
    assert plan.recorded_topics == {"orders/create", "orders/paid"}
    assert plan.skipped == {
        "beta": "reconcile.orders_every_mins is 0",
        "gamma": "no Admin API credentials",
    }
    assert plan.off_because is None


def test_only_flows_for_the_shop_count() -> None:
    plan = reconciliation_plan(
        settings("""
  paid:
    from: {shopify: [orders/paid]}
    to: [erp]
  beta_orders:
    from: {shopify: [orders/updated], shops: [beta]}
    to: [erp]
"""),
        with_admin_api={"acme", "beta"},
    )
    assert plan.shops == ()
    assert plan.skipped["acme"] == "no flow takes orders/create or orders/updated"


def test_a_filtered_or_trimmed_order_subscription_turns_reconciliation_off() -> None:
    plan = reconciliation_plan(
        settings("""
  orders:
    from: {shopify: [orders/create], webhook_filter: "financial_status:paid"}
    to: [erp]
"""),
        with_admin_api={"acme"},
    )
    assert plan.shops == ()
    assert plan.off_because is not None
    assert plan.off_because.startswith("flows.orders.from sets webhook_filter")
