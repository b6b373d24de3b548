"""One reconcile against a sandbox shop over HTTP: create, update, remove, leave others alone."""

from __future__ import annotations

from shopbridge.shopify import subscriptions
from shopbridge.shopify.subscriptions import Action

from .world import CALLBACK, FOREIGN, ORDERS, admin_client, world

NARROWER = """
  orders:
    from: {shopify: orders/create, include_fields: [email, total_price]}
    to: [erp]
"""


async def test_missing_subscriptions_are_created_with_filter_and_fields_then_left_alone() -> None:
    async with world() as w:
        settings = w.settings(ORDERS)
        async with admin_client(settings) as client:
            report = await subscriptions.reconcile(client, settings, "acme")
            assert report.ok
            assert [(a.step.action, a.step.topic) for a in report.applied] == [
                (Action.CREATE, "inventory_levels/update"),
                (Action.CREATE, "orders/create"),
                (Action.CREATE, "orders/updated"),
            ]
            made = w.subscriptions()
            assert sorted(made) == ["INVENTORY_LEVELS_UPDATE", "ORDERS_CREATE", "ORDERS_UPDATED"]
            assert made["ORDERS_CREATE"]["filter"] == "financial_status:paid"
            assert made["ORDERS_CREATE"]["includeFields"] == []
            assert made["INVENTORY_LEVELS_UPDATE"]["filter"] is None
            assert made["INVENTORY_LEVELS_UPDATE"]["includeFields"] == [
                "available",
                "id",
                "inventory_item_id",
                "location_id",
                "updated_at",
            ]
            assert {a.subscription_id for a in report.applied} == {s["id"] for s in made.values()}

            again = await subscriptions.reconcile(client, settings, "acme")
            assert again.applied == ()
            assert again.plan.drift.total == 0
            assert again.plan.count(Action.UNCHANGED) == 3


async def test_a_changed_config_updates_and_removes_ours_and_never_touches_others() -> None:
    async with world() as w:
        first = w.settings(ORDERS)
        async with admin_client(first) as client:
            await subscriptions.reconcile(client, first, "acme")
            other_same_topic = await w.subscribe("ORDERS_CREATE", FOREIGN)
            other_topic = await w.subscribe("PRODUCTS_UPDATE", FOREIGN)

            report = await subscriptions.reconcile(client, w.settings(NARROWER), "acme")

            assert report.ok
            assert [(a.step.action, a.step.topic, a.step.differences) for a in report.applied] == [
                (Action.DELETE, "inventory_levels/update", ()),
                (Action.UPDATE, "orders/create", ("filter", "includeFields")),
                (Action.DELETE, "orders/updated", ()),
            ]
            [orders] = w.subscriptions().values()
            assert orders["filter"] is None
            assert orders["includeFields"] == ["email", "id", "total_price", "updated_at"]
            assert {s.id for s in report.plan.foreign} == {other_same_topic, other_topic}
            assert w.all_subscriptions() == [
                ("ORDERS_CREATE", FOREIGN),
                ("ORDERS_CREATE", CALLBACK),
                ("PRODUCTS_UPDATE", FOREIGN),
            ]


async def test_a_dry_run_reports_the_plan_and_changes_nothing() -> None:
    async with world() as w:
        settings = w.settings(ORDERS)
        await w.subscribe("PRODUCTS_UPDATE", CALLBACK)
        async with admin_client(settings) as client:
            report = await subscriptions.reconcile(client, settings, "acme", dry_run=True)
        assert report.dry_run
        assert report.applied == ()
        assert report.plan.drift == subscriptions.Drift(missing=3, different=0, unwanted=1)
        assert list(w.subscriptions()) == ["PRODUCTS_UPDATE"]


async def test_a_refused_change_is_reported_with_shopifys_words_and_the_rest_goes_on() -> None:
    bad_filter = """
  orders:
    from: {shopify: orders/create, webhook_filter: "paid"}
    to: [erp]
  customers:
    from: {shopify: customers/create}
    to: [erp]
"""
    async with world() as w:
        settings = w.settings(bad_filter)
        async with admin_client(settings) as client:
            report = await subscriptions.reconcile(client, settings, "acme")
        [refused] = report.failed
        assert refused.step.topic == "orders/create"
        [message] = refused.errors
        assert message.startswith("webhookSubscription.filter: Filter is invalid")
        assert not report.ok
        assert list(w.subscriptions()) == ["CUSTOMERS_CREATE"]
