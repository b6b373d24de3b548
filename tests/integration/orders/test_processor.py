"""The orders processor on a real store: what it records, and a reconciliation that fails."""

from __future__ import annotations

import json
import socket

from shopbridge.config.loader import parse_settings
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.flows import compile_flows
from shopbridge.engine.outcomes import Delivered, Retry
from shopbridge.engine.retry import RetryPolicy
from shopbridge.engine.router import Router
from shopbridge.observability.metrics import Metrics
from shopbridge.orders.processor import RECONCILE_TOPIC, OrdersProcessor
from shopbridge.orders.reconcile import OrderReconciler, received_scope
from shopbridge.shopify.admin import AdminClient
from shopbridge.store.sql import SqlStore

NOW = 1_800_000_000.0


def closed_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


def delivery(topic: str, body: object, shop: str = "acme") -> Delivery:
    return Delivery(
        job_id=1,
        event_id=1,
        attempt=1,
        idempotency_key="k",
        flow="shopbridge.orders",
        destination="shopbridge.orders",
        topic=topic,
        body=json.dumps(body).encode(),
        source=shop,
    )


def processor(store: SqlStore, client: AdminClient, metrics: Metrics) -> OrdersProcessor:
    settings = parse_settings("""
shops: {acme: {domain: acme.myshopify.com, webhook_secret: s}}
destinations: {erp: {url: "https://erp.example.com/in"}}
flows: {orders: {from: {shopify: [orders/updated]}, to: [erp]}}
""")
    reconciler = OrderReconciler(
        shop="acme",
        shop_domain="acme.myshopify.com",
        client=client,
        store=store,
        router=Router(compile_flows(settings)),
        every_secs=600.0,
        settle_secs=120.0,
        clock=lambda: NOW,
    )
    return OrdersProcessor(
        store=store,
        reconcilers={"acme": reconciler},
        recorded_topics=["orders/updated"],
        clock=lambda: NOW,
        metrics=metrics,
    )


async def test_the_newest_updated_at_received_per_order_is_kept(sqlite_url: str) -> None:
    store = SqlStore(sqlite_url)
    client = AdminClient("acme.myshopify.com", access_token="t")
    try:
        orders = processor(store, client, Metrics())
        assert [s.name for s in orders.schedules] == ["orders-reconcile:acme"]
        newer = {"id": 5678901234567890123, "updated_at": "2026-07-01T12:31:00Z"}
        older = {"id": 5678901234567890123, "updated_at": "2026-07-01T08:30:00-04:00"}
        for body in (newer, older):
            assert isinstance(await orders.deliver(delivery("orders/updated", body)), Delivered)
        elsewhere = {"id": 7, "updated_at": "2026-07-01T12:31:00Z"}
        await orders.deliver(delivery("orders/updated", elsewhere, shop="other"))
        await orders.deliver(delivery("orders/updated", ["not", "an", "order"]))
        kept = await store.applied_versions(received_scope("acme"), ["5678901234567890123", "7"])
        other = await store.applied_versions(received_scope("other"), ["7"])
    finally:
        await client.close()
        await store.close()
    assert kept == {"5678901234567890123": 1782909060.0}
    assert other == {}


async def test_a_reconciliation_shopify_cannot_answer_is_retried_as_a_job(sqlite_url: str) -> None:
    store = SqlStore(sqlite_url)
    client = AdminClient(
        "acme.myshopify.com",
        access_token="t",
        admin_api_url=f"http://127.0.0.1:{closed_port()}",
        retry=RetryPolicy(max_attempts=1),
    )
    metrics = Metrics()
    try:
        outcome = await processor(store, client, metrics).deliver(
            delivery(RECONCILE_TOPIC, {"shop": "acme"})
        )
    finally:
        await client.close()
        await store.close()
    assert isinstance(outcome, Retry)
    assert outcome.reason.startswith("order reconciliation of acme failed: ")
    failed = metrics.registry.get_sample_value(
        "shopbridge_reconciliations_total", {"shop": "acme", "outcome": "failed"}
    )
    assert failed == 1
