"""``shopbridge run`` keeps a shop's subscriptions: at start, and again after one is dropped."""

from __future__ import annotations

import asyncio
import re

from shopbridge.app import WRITER_TOPICS
from tests.integration.harness import Engine, running_engine

from .world import ORDERS, closed_port, world

EVERY_SECOND = "webhook_subscriptions: {check_interval_secs: 1}"
WAIT_SECS = 20.0


async def changes(engine: Engine, action: str) -> float:
    async with engine.http.get(f"{engine.url}/metrics") as answer:
        text = await answer.text()
    pattern = (
        rf'^shopbridge_webhook_subscription_changes_total\{{action="{action}",shop="acme"\}} (\S+)$'
    )
    found = re.search(pattern, text, re.M)
    return float(found.group(1)) if found else 0.0


async def until_changes(engine: Engine, action: str, count: float) -> None:
    deadline = asyncio.get_running_loop().time() + WAIT_SECS
    while await changes(engine, action) < count:
        if asyncio.get_running_loop().time() > deadline:
            raise AssertionError(f"timed out waiting for {count} {action}")
        await asyncio.sleep(0.05)


async def test_the_engine_subscribes_at_start_and_recreates_a_dropped_subscription(
    sqlite_url: str,
) -> None:
    async with world() as w:
        settings = w.settings(ORDERS, store_url=sqlite_url, extra=EVERY_SECOND)
        async with running_engine(settings) as engine:
            ours = {"INVENTORY_LEVELS_UPDATE", "ORDERS_CREATE", "ORDERS_UPDATED"}
            ours |= {topic.upper().replace("/", "_") for topic in WRITER_TOPICS}
            await until_changes(engine, "created", len(ours))
            assert set(w.subscriptions()) == ours
            await w.delete(w.subscriptions()["ORDERS_CREATE"]["id"])
            await until_changes(engine, "recreated", 1)
            assert "ORDERS_CREATE" in w.subscriptions()
            assert await changes(engine, "created") == len(ours)


async def test_the_engine_serves_while_shopify_cannot_be_reached(sqlite_url: str) -> None:
    async with world() as w:
        settings = w.settings(
            ORDERS, store_url=sqlite_url, admin_api_url=f"http://127.0.0.1:{closed_port()}"
        )
    async with running_engine(settings) as engine:
        status, body = await engine.api("GET", "/healthz")
        assert status == 200, body
    assert engine.task.done()  # stopping did not wait on the pending check
