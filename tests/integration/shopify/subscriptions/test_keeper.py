"""The keeper against a sandbox shop: drift, subscriptions Shopify dropped, Shopify unreachable."""

from __future__ import annotations

import asyncio
from collections.abc import Callable

from shopbridge.engine.retry import RetryPolicy
from shopbridge.observability.metrics import Metrics
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.server import Sandbox
from shopbridge.shopify.subscriptions import Action, SubscriptionKeeper
from tests.integration.sandbox.harness import TOKEN

from .world import CALLBACK, ORDERS, World, admin_client, closed_port, world

PRODUCTS = """
  catalog:
    from: {shopify: products/update}
    to: [erp]
"""
RENAME = """
mutation Rename($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id } userErrors { message } }
}
"""
WAIT_SECS = 20.0


def sample(metrics: Metrics, name: str, **labels: str) -> float:
    return metrics.registry.get_sample_value(name, {"shop": "acme", **labels}) or 0.0


async def until(check: Callable[[], bool], what: str) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT_SECS
    while not check():
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {what}")
        await asyncio.sleep(0.02)


async def test_a_subscription_deleted_behind_our_back_is_recreated_and_reported() -> None:
    dropped: list[tuple[str, str]] = []
    metrics = Metrics()
    async with world() as w:
        settings = w.settings(ORDERS)
        async with admin_client(settings) as client:
            keeper = SubscriptionKeeper(
                settings,
                {"acme": client},
                metrics=metrics,
                on_dropped=lambda shop, topic: dropped.append((shop, topic)),
            )
            first = await keeper.check("acme")
            assert first.plan.count(Action.CREATE) == 3
            assert (
                sample(metrics, "shopbridge_webhook_subscription_changes_total", action="created")
                == 3
            )
            assert sample(metrics, "shopbridge_webhook_subscription_drift", **{}) == 3

            await w.delete(w.subscriptions()["ORDERS_UPDATED"]["id"])
            second = await keeper.check("acme")

            assert [(a.step.action, a.step.topic, a.ok) for a in second.applied] == [
                (Action.CREATE, "orders/updated", True)
            ]
            assert dropped == [("acme", "orders/updated")]
            assert "ORDERS_UPDATED" in w.subscriptions()
            changes = "shopbridge_webhook_subscription_changes_total"
            assert sample(metrics, changes, action="recreated") == 1
            assert sample(metrics, changes, action="created") == 3
            assert sample(metrics, "shopbridge_webhook_subscription_drift") == 1
            checks = "shopbridge_webhook_subscription_checks_total"
            assert sample(metrics, checks, outcome="ok") == 2

            third = await keeper.check("acme")
            assert third.applied == ()
            assert sample(metrics, "shopbridge_webhook_subscription_drift") == 0
            assert dropped == [("acme", "orders/updated")]


async def rename_first_product(w: World) -> None:
    reply = await w.shop.admin("{ products(first: 1) { nodes { id } } }")
    product = reply.body["data"]["products"]["nodes"][0]["id"]
    renamed = await w.shop.admin(RENAME, {"product": {"id": product, "title": "Renamed"}})
    assert renamed.body["data"]["productUpdate"]["userErrors"] == []


async def test_a_subscription_shopify_removed_after_failed_deliveries_comes_back() -> None:
    dead_end = f"http://127.0.0.1:{closed_port()}"  # the engine is "down": every delivery fails
    dropped: list[tuple[str, str]] = []
    config = SandboxConfig(admin_token=TOKEN, webhook_time_scale=0.0)
    async with world(config) as w:
        settings = w.settings(PRODUCTS, public_url=dead_end)
        async with admin_client(settings) as client:

            async def tell(shop: str, topic: str) -> None:
                dropped.append((shop, topic))

            keeper = SubscriptionKeeper(settings, {"acme": client}, on_dropped=tell)
            await keeper.check("acme")
            assert [s["uri"] for s in w.shop.sandbox.state.all("WebhookSubscription")] == [
                f"{dead_end}/webhooks/shopify"
            ]

            await rename_first_product(w)
            await w.shop.sandbox.webhooks.wait_idle()
            [removed] = w.shop.sandbox.webhooks.snapshot()["removed_subscriptions"]
            assert removed["topic"] == "PRODUCTS_UPDATE"
            assert w.shop.sandbox.state.all("WebhookSubscription") == []

            report = await keeper.check("acme")
            assert [(a.step.action, a.ok) for a in report.applied] == [(Action.CREATE, True)]
            assert dropped == [("acme", "products/update")]
            [back] = w.shop.sandbox.state.all("WebhookSubscription")
            assert (back["topic"], back["uri"]) == (
                "PRODUCTS_UPDATE",
                f"{dead_end}/webhooks/shopify",
            )


async def test_an_unreachable_shop_is_retried_until_it_answers() -> None:
    port = closed_port()
    sandbox = Sandbox(SandboxConfig(admin_token=TOKEN))
    metrics = Metrics()
    async with world() as w:  # only for its settings builder; the shop checked is `sandbox`
        settings = w.settings(ORDERS, admin_api_url=f"http://127.0.0.1:{port}")
    fail_fast = RetryPolicy(max_attempts=1, initial_secs=0.01, multiplier=1, max_secs=0.01)
    stop = asyncio.Event()
    async with admin_client(settings, retry=fail_fast) as client:
        keeper = SubscriptionKeeper(settings, {"acme": client}, metrics=metrics, retry_secs=0.01)
        running = asyncio.create_task(keeper.run(stop))
        checks = "shopbridge_webhook_subscription_checks_total"
        try:
            await until(lambda: sample(metrics, checks, outcome="failed") >= 2, "failed checks")
            assert not running.done()
            await sandbox.start("127.0.0.1", port)
            await until(lambda: sample(metrics, checks, outcome="ok") >= 1, "a good check")
            made = sandbox.state.all("WebhookSubscription")
            assert sorted(sub["topic"] for sub in made) == [
                "INVENTORY_LEVELS_UPDATE",
                "ORDERS_CREATE",
                "ORDERS_UPDATED",
            ]
            assert {sub["uri"] for sub in made} == {CALLBACK}
        finally:
            stop.set()
            await running
            await sandbox.stop()
            sandbox.close()
