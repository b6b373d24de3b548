"""First and repeat purchases against the sandbox: its webhooks end to end, and the classifier
on real order payloads with lookups in the sandbox's Admin API (real SQLite store)."""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import pytest

from shopbridge.config.schema import ShopSettings
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Reject
from shopbridge.engine.router import Router
from shopbridge.marketing.processor import MarketingProcessor
from shopbridge.marketing.purchases import PurchaseClassifier
from shopbridge.marketing.settings import MarketingSettings
from shopbridge.observability.metrics import Metrics
from shopbridge.sandbox import shopper
from shopbridge.sandbox.rest.orders import rest_order
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.state import State
from shopbridge.shopify.admin import AdminClient
from shopbridge.store.base import EventFilter
from shopbridge.store.sql import SqlStore
from tests.integration.marketing.world import marketing_world
from tests.integration.sandbox.harness import TOKEN
from tests.integration.sandbox.harness import running as sandbox_running


async def test_a_customers_first_order_is_a_first_purchase_and_the_next_a_repeat(
    sqlite_url: str,
) -> None:
    async with marketing_world(sqlite_url) as world:
        await world.subscribed("orders/create")
        first = await world.buy("ada@example.com", sku="SKU-00001-2")
        await world.until(lambda: world.delivered("marketing/first_purchase"), "first purchase")
        second = await world.buy("ada@example.com")
        await world.until(lambda: world.delivered("marketing/repeat_purchase"), "repeat")
    [one] = world.delivered("marketing/first_purchase")
    [two] = world.delivered("marketing/repeat_purchase")
    assert (one["order"]["name"], one["order_count"]) == (first["name"], 1)
    assert (two["order"]["name"], two["order_count"]) == (second["name"], 2)
    assert one["customer"]["email"] == two["customer"]["email"] == "ada@example.com"
    assert one["customer"]["id"] == two["customer"]["id"]
    assert [line["sku"] for line in one["order"]["lines"]] == ["SKU-00001-2"]
    assert one["order"]["total_price"] == first["total_price"]


@dataclass
class Shop:
    state: State
    store: SqlStore
    classifier: PurchaseClassifier
    metrics: Metrics

    def buy(self, email: str) -> dict[str, Any]:
        """A shopper checks out and pays; the orders/create payload Shopify would send."""
        started = shopper.start_checkout(self.state, lines=[("SKU-00001-1", 1)], email=email)
        order = shopper.complete_checkout(self.state, started["token"], payment="success")
        stored = self.state.get_gid(order["id"])
        assert stored is not None
        payload: dict[str, Any] = json.loads(json.dumps(rest_order(self.state, stored)))
        return payload

    async def topics(self) -> list[tuple[str, int]]:
        found = await self.store.list_events(EventFilter(source_kind="shopbridge"))
        return sorted(
            (event.topic, json.loads(event.body)["order_count"])
            for event in found
            if event.topic.endswith("_purchase")
        )


@pytest.fixture
async def shop(sqlite_url: str) -> AsyncIterator[Shop]:
    async with sandbox_running() as client:
        state = client.sandbox.state
        seed_catalog(state, products=1, variants=1, locations=1)
        settings = ShopSettings.model_validate(
            {
                "domain": client.sandbox.config.shop_domain,
                "webhook_secret": "unused",
                "admin_api_url": client.sandbox.url,
                "access_token": TOKEN,
            }
        )
        admin = AdminClient.from_settings(settings)
        store = SqlStore(sqlite_url)
        metrics = Metrics()
        classifier = PurchaseClassifier(
            store,
            Router({}),
            {"acme": admin},
            lambda _shop: MarketingSettings(),
            {"acme": "acme.myshopify.com"},
            clock=time.time,
            metrics=metrics,
        )
        try:
            yield Shop(state, store, classifier, metrics)
        finally:
            await admin.close()
            await store.close()


async def test_an_order_classified_after_the_customers_next_one_is_still_their_first(
    shop: Shop,
) -> None:
    first, second = shop.buy("late@example.com"), shop.buy("late@example.com")
    assert await shop.classifier.on_order("acme", second) == "marketing/repeat_purchase"
    assert await shop.classifier.on_order("acme", first) == "marketing/first_purchase"
    assert await shop.topics() == [
        ("marketing/first_purchase", 1),
        ("marketing/repeat_purchase", 2),
    ]


async def test_a_classification_is_remembered_so_a_redelivery_sends_nothing_new(
    shop: Shop,
) -> None:
    order = shop.buy("twice@example.com")
    assert await shop.classifier.on_order("acme", order) == "marketing/first_purchase"
    shop.buy("twice@example.com")  # the customer's count is now 2
    assert await shop.classifier.on_order("acme", order) == "marketing/first_purchase"
    assert await shop.topics() == [("marketing/first_purchase", 1)]


async def test_a_guest_order_is_classified_by_the_customer_owning_its_email(shop: Shop) -> None:
    shop.buy("known@example.com")
    guest = {**shop.buy("someone@example.com"), "customer": None, "email": "known@example.com"}
    assert await shop.classifier.on_order("acme", guest) == "marketing/repeat_purchase"
    assert await shop.topics() == [("marketing/repeat_purchase", 2)]


async def test_a_guest_order_with_an_unknown_email_is_left_unclassified(shop: Shop) -> None:
    guest = {**shop.buy("someone@example.com"), "customer": None, "email": "nobody@example.com"}
    assert await shop.classifier.on_order("acme", guest) is None
    no_email = {**guest, "email": None, "contact_email": None}
    assert await shop.classifier.on_order("acme", no_email) is None
    assert await shop.topics() == []
    unknown = shop.metrics.marketing_purchases.labels("unknown")._value.get()
    assert unknown == 2


async def test_a_payload_carrying_the_order_count_needs_no_lookup(sqlite_url: str) -> None:
    store = SqlStore(sqlite_url)
    classifier = PurchaseClassifier(
        store,
        Router({}),
        {},  # no Admin API: the payload's count must do
        lambda _shop: MarketingSettings(),
        {},
        clock=time.time,
    )
    processor = MarketingProcessor(purchases=classifier)
    order = {"id": 1001, "customer": {"id": 7, "orders_count": 3}, "line_items": []}
    counted = await processor.deliver(_delivery("orders/create", order))
    without_count = {**order, "id": 1002, "customer": {"id": 7}}
    lacking = await processor.deliver(_delivery("orders/create", without_count))
    events = await store.list_events(EventFilter(source_kind="shopbridge"))
    await store.close()
    assert isinstance(counted, Delivered)
    assert isinstance(lacking, Reject)
    assert "Admin API" in lacking.reason
    assert [(e.topic, json.loads(e.body)["order_count"]) for e in events] == [
        ("marketing/repeat_purchase", 3)
    ]


def _delivery(topic: str, payload: Any) -> Delivery:
    return Delivery(
        job_id=1,
        event_id=1,
        attempt=1,
        idempotency_key="k",
        flow="shopbridge.marketing",
        destination="shopbridge.marketing",
        topic=topic,
        body=json.dumps(payload).encode(),
        source="acme",
    )
