"""Webhooks over real HTTP: sandbox on loopback, an aiohttp receiver, GraphQL subscriptions.

The receiver records every request (raw body and headers) and answers with the status
its test queued (200 by default). Waiting is on the sandbox's emitter going idle, never
on a clock; retries run on a compressed schedule (``webhook_time_scale``).
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.shopify.webhooks import verify_hmac, verify_webhook
from tests.integration.sandbox.harness import TOKEN, Client, running

SECRET = "shpss_webhook_test_secret"
SCALE = 0.0001  # Shopify's four hours of retries in about 1.4 s

SUBSCRIBE = """
mutation($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id topic uri filter includeFields name apiVersion { handle } }
    userErrors { field message }
  }
}
"""
PRODUCT_UPDATE = """
mutation($product: ProductUpdateInput!) {
  productUpdate(product: $product) { product { id title } userErrors { field message } }
}
"""


@dataclass
class Received:
    body: bytes
    headers: dict[str, str]

    @property
    def json(self) -> Any:
        return json.loads(self.body)


@dataclass
class Receiver:
    url: str = ""
    received: list[Received] = field(default_factory=list)
    statuses: list[int] = field(default_factory=list)
    always: int | None = None

    async def handle(self, request: web.Request) -> web.Response:
        self.received.append(Received(await request.read(), dict(request.headers)))
        status = self.always or (self.statuses.pop(0) if self.statuses else 200)
        return web.Response(status=status)


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    found = Receiver()
    app = web.Application()
    app.router.add_post("/hooks", found.handle)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    found.url = f"http://127.0.0.1:{port}/hooks"
    yield found
    await runner.cleanup()


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    config = SandboxConfig(admin_token=TOKEN, app_secret=SECRET, webhook_time_scale=SCALE)
    async with running(config) as started:
        seed_catalog(started.sandbox.state, products=2, variants=2, locations=1)
        yield started


async def subscribe(client: Client, topic: str, uri: str, **extra: Any) -> dict[str, Any]:
    reply = await client.admin(SUBSCRIBE, {"topic": topic, "sub": {"uri": uri, **extra}})
    payload: dict[str, Any] = reply.body["data"]["webhookSubscriptionCreate"]
    assert payload["userErrors"] == []
    return payload


async def first_product(client: Client) -> dict[str, Any]:
    reply = await client.admin("{ products(first: 1) { nodes { id title } } }")
    node: dict[str, Any] = reply.body["data"]["products"]["nodes"][0]
    return node


async def rename(client: Client, product_id: str, title: str) -> None:
    reply = await client.admin(PRODUCT_UPDATE, {"product": {"id": product_id, "title": title}})
    assert reply.body["data"]["productUpdate"]["userErrors"] == []


async def test_product_update_arrives_signed_with_shopify_headers(
    client: Client, receiver: Receiver
) -> None:
    sub = await subscribe(client, "PRODUCTS_UPDATE", receiver.url, name="catalog-sync")
    product = await first_product(client)
    await rename(client, product["id"], "Renamed")
    await client.sandbox.webhooks.wait_idle()

    [delivery] = receiver.received
    headers = delivery.headers
    assert verify_hmac(delivery.body, headers["X-Shopify-Hmac-Sha256"], [SECRET])
    verified = verify_webhook(delivery.body, headers, [SECRET])
    assert not hasattr(verified, "reason"), verified
    assert headers["X-Shopify-Topic"] == "products/update"
    assert headers["X-Shopify-Shop-Domain"] == client.sandbox.config.shop_domain
    assert headers["X-Shopify-API-Version"] == sub["webhookSubscription"]["apiVersion"]["handle"]
    assert headers["X-Shopify-Name"] == "catalog-sync"
    assert headers["Content-Type"] == "application/json"
    for name in ("X-Shopify-Webhook-Id", "X-Shopify-Event-Id", "X-Shopify-Triggered-At"):
        assert headers[name]
    body = delivery.json
    assert body["admin_graphql_api_id"] == product["id"]
    assert body["title"] == "Renamed"


async def test_failed_delivery_is_retried_with_the_same_webhook_id(
    client: Client, receiver: Receiver
) -> None:
    receiver.statuses = [500, 503]
    await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    await rename(client, (await first_product(client))["id"], "Retried")
    await client.sandbox.webhooks.wait_idle()

    assert len(receiver.received) == 3
    assert len({r.headers["X-Shopify-Webhook-Id"] for r in receiver.received}) == 1
    assert len({r.body for r in receiver.received}) == 1
    [logged] = [d for d in client.sandbox.webhooks.log if d.topic == "products/update"]
    assert (logged.status, logged.attempts) == ("delivered", 3)


async def test_subscription_is_removed_after_the_whole_schedule_fails(
    client: Client, receiver: Receiver
) -> None:
    receiver.always = 500
    sub = await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    await rename(client, (await first_product(client))["id"], "Doomed")
    await client.sandbox.webhooks.wait_idle()

    assert len(receiver.received) == 9  # the first attempt and 8 retries
    listed = await client.admin("{ webhookSubscriptions(first: 5) { nodes { id } } }")
    assert listed.body["data"]["webhookSubscriptions"]["nodes"] == []
    state = (await client.get("/sandbox/state")).body["webhooks"]
    assert [r["id"] for r in state["removed_subscriptions"]] == [sub["webhookSubscription"]["id"]]
    assert state["failed"][0]["attempts"] == 9


async def test_filter_and_include_fields_shape_what_is_sent(
    client: Client, receiver: Receiver
) -> None:
    await subscribe(
        client,
        "PRODUCTS_UPDATE",
        receiver.url,
        filter="title:Wanted",
        includeFields=["id", "title", "variants.price"],
    )
    product = await first_product(client)
    await rename(client, product["id"], "Unwanted")
    await rename(client, product["id"], "Wanted")
    await client.sandbox.webhooks.wait_idle()

    [delivery] = receiver.received
    body = delivery.json
    assert set(body) == {"id", "title", "variants"}
    assert body["title"] == "Wanted"
    assert all(set(variant) == {"price"} for variant in body["variants"])


async def test_duplicate_fault_sends_one_webhook_id_twice(
    client: Client, receiver: Receiver
) -> None:
    client.sandbox.webhooks.set_faults({"duplicate_rate": 1.0})
    await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    await rename(client, (await first_product(client))["id"], "Twice")
    await client.sandbox.webhooks.wait_idle()

    ids = [r.headers["X-Shopify-Webhook-Id"] for r in receiver.received]
    assert len(ids) == 2
    assert ids[0] == ids[1]


async def test_state_flags_topics_the_sandbox_never_emits(
    client: Client, receiver: Receiver
) -> None:
    await subscribe(client, "RETURNS_APPROVE", receiver.url)
    await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    state = (await client.get("/sandbox/state")).body["webhooks"]
    assert state["never_emitted_topics"] == ["RETURNS_APPROVE"]
    assert "products/update" in state["emitted_topics"]


async def test_stock_edit_sends_inventory_levels_update(client: Client, receiver: Receiver) -> None:
    await subscribe(client, "INVENTORY_LEVELS_UPDATE", receiver.url)
    reply = await client.admin(
        "{ productVariants(first: 1) { nodes { sku inventoryItem { id } } } }"
    )
    variant = reply.body["data"]["productVariants"]["nodes"][0]
    async with client.http.post(
        f"{client.sandbox.url}/sandbox/stock", json={"sku": variant["sku"], "set": 42}
    ) as response:
        assert response.status == 200
    await client.sandbox.webhooks.wait_idle()

    [delivery] = receiver.received
    assert delivery.headers["X-Shopify-Topic"] == "inventory_levels/update"
    assert delivery.json["available"] == 42
    assert delivery.json["inventory_item_id"] == int(variant["inventoryItem"]["id"].split("/")[-1])


async def test_burst_fault_sends_one_event_under_several_webhook_ids(
    client: Client, receiver: Receiver
) -> None:
    client.sandbox.webhooks.set_faults({"burst_rate": 1.0, "burst_size": 2})
    await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    await rename(client, (await first_product(client))["id"], "Burst")
    await client.sandbox.webhooks.wait_idle()

    assert len(receiver.received) == 3
    assert len({r.headers["X-Shopify-Webhook-Id"] for r in receiver.received}) == 3
    assert len({r.headers["X-Shopify-Event-Id"] for r in receiver.received}) == 1


async def test_reorder_fault_holds_a_window_and_releases_it_all(
    client: Client, receiver: Receiver
) -> None:
    client.sandbox.webhooks.set_faults({"reorder_window": 3, "seed": 3})
    await subscribe(client, "PRODUCTS_UPDATE", receiver.url)
    product = await first_product(client)
    for title in ("One", "Two", "Three"):
        await rename(client, product["id"], title)
    await client.sandbox.webhooks.wait_idle()

    assert sorted(r.json["title"] for r in receiver.received) == ["One", "Three", "Two"]
    logged = sorted(client.sandbox.webhooks.log, key=lambda d: d.dispatched or 0)
    assert len(logged) == 3
