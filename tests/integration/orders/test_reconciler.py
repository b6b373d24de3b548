"""One reconciliation run against a real sandbox store and a real SQLite store.

No engine runs here: the reconciler appends events and jobs, and the test reads them
back, so paging, the checkpoint and "already received" can be looked at one by one.
"""

from __future__ import annotations

import json
import time
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from shopbridge.engine.flows import compile_flows
from shopbridge.engine.router import Router
from shopbridge.orders import reconcile
from shopbridge.orders.reconcile import CHECKPOINT_SCOPE, OrderReconciler, received_scope
from shopbridge.orders.versions import parse_time
from shopbridge.sandbox import shopper
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.merchant import edit_stock
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.server import Sandbox
from shopbridge.shopify.admin import AdminClient
from shopbridge.store.base import EventFilter, JobFilter
from shopbridge.store.sql import SqlStore

TOKEN = "shpat_reconciler_test"
FLOWS = """
shops:
  acme: {domain: sandbox-shop.myshopify.com, webhook_secret: s}
destinations:
  erp: {url: "https://erp.example.com/in"}
flows:
  orders:
    from: {shopify: [orders/create, orders/updated]}
    preset: order
    to: [erp]
"""


@pytest.fixture
async def sandbox() -> AsyncIterator[Sandbox]:
    store = Sandbox(SandboxConfig(admin_token=TOKEN))
    await store.start("127.0.0.1", 0)
    seed_catalog(store.state, products=2, variants=2, locations=1)
    for product in (1, 2):
        for variant in (1, 2):
            edit_stock(store.state, sku(product, variant), set_to=1_000)
    yield store
    await store.stop()
    store.close()


@pytest.fixture
async def client(sandbox: Sandbox) -> AsyncIterator[AdminClient]:
    async with AdminClient(
        sandbox.config.shop_domain, access_token=TOKEN, admin_api_url=sandbox.url
    ) as found:
        yield found


def buy(sandbox: Sandbox, lines: list[tuple[str, int]]) -> dict[str, Any]:
    checkout = shopper.start_checkout(sandbox.state, lines=lines, email="ada@example.com")
    return shopper.complete_checkout(sandbox.state, checkout["token"])


def reconciler(store: SqlStore, client: AdminClient, **options: Any) -> OrderReconciler:
    router = Router(compile_flows(parse_settings(FLOWS)))
    return OrderReconciler(
        shop="acme",
        shop_domain="sandbox-shop.myshopify.com",
        client=client,
        store=store,
        router=router,
        every_secs=options.get("every_secs", 600.0),
        settle_secs=0.0,
        clock=options.get("clock", lambda: time.time() + 1),
    )


async def stored(store: SqlStore) -> list[tuple[str, dict[str, Any], dict[str, str]]]:
    found = await store.list_events(EventFilter(source_kind="shopify", limit=500))
    return [(e.topic, json.loads(e.body), e.headers) for e in reversed(found)]


async def test_orders_never_received_are_appended_once_with_their_jobs(
    sandbox: Sandbox, client: AdminClient, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconcile, "ORDERS_PER_PAGE", 2)  # five orders: three pages
    orders = [buy(sandbox, [(sku(1, 1), 1 + n)]) for n in range(5)]
    store = SqlStore(store_url)
    try:
        heard = orders[0]  # this one's webhook came: its version was recorded
        order = sandbox.state.get_gid(heard["id"])
        assert order is not None
        updated = parse_time(order["updatedAt"])
        assert updated is not None
        await store.record_applied(
            received_scope("acme"), {str(legacy_id(heard["id"])): updated}, 0
        )
        first = await reconciler(store, client).run()
        # A run retried after a crash before its checkpoint was written appends no copy.
        monkeypatch.setattr(reconcile, "CHECKPOINT_SCOPE", "orders.reconciled_until.lost")
        again = await reconciler(store, client).run()
        events = await stored(store)
        checkpoint = await store.applied_versions(CHECKPOINT_SCOPE, ["acme"])
        jobs = await store.list_jobs(JobFilter())
    finally:
        await store.close()

    assert (first.listed, first.behind, first.appended) == (5, 4, 4)
    assert (again.behind, again.appended) == (4, 0)
    names = sorted(payload["name"] for _, payload, _ in events)
    assert names == sorted(o["name"] for o in orders[1:])
    for topic, payload, headers in events:
        assert topic == "orders/create"  # never heard of, created in the window
        assert payload["reconciled"] is True
        assert headers == {"x-shopbridge-reconciled": "true"}
    assert checkpoint["acme"] == first.until
    assert sorted(job.flow for job in jobs) == ["orders"] * 4


async def test_an_order_with_more_lines_than_a_call_reads_is_read_whole(
    sandbox: Sandbox, client: AdminClient, store_url: str, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(reconcile, "LINES_PER_CALL", 1)
    buy(sandbox, [(sku(1, 1), 1), (sku(1, 2), 2), (sku(2, 1), 3)])
    store = SqlStore(store_url)
    try:
        await reconciler(store, client).run()
        [(_, payload, _)] = await stored(store)
    finally:
        await store.close()
    assert [(line["sku"], line["quantity"]) for line in payload["line_items"]] == [
        (sku(1, 1), 1),
        (sku(1, 2), 2),
        (sku(2, 1), 3),
    ]


async def test_an_order_changed_after_the_window_waits_for_the_next_run(
    sandbox: Sandbox, client: AdminClient, store_url: str
) -> None:
    buy(sandbox, [(sku(2, 2), 1)])
    store = SqlStore(store_url)
    try:
        past = reconciler(store, client, clock=lambda: time.time() - 3600, every_secs=60.0)
        early = await past.run()
        events = await stored(store)
    finally:
        await store.close()
    assert (early.listed, early.appended, events) == (0, 0, [])
