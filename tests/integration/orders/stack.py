"""A sandbox store, the engine and order systems on loopback, for the orders-out tests.

The engine is subscribed to the store's order webhooks through the Admin API (as an
app is); shoppers and the merchant act on the store directly (``shopper``) or through
GraphQL (``orderUpdate``, ``refundCreate``). The store's clock may be a
:class:`StoreClock` that moves only when told, so every change has its own
``updated_at`` second.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

import aiohttp

from shopbridge.config.loader import parse_settings
from shopbridge.demo.receivers import Received, Receiver
from shopbridge.sandbox import shopper
from shopbridge.sandbox.merchant import edit_stock
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.server import Sandbox
from shopbridge.sandbox.state import State
from tests.integration import sandbox_engine
from tests.integration.harness import SECRET, SHOP, TOKEN, Engine, receivers, running_engine

ADMIN_TOKEN = "shpat_orders_out_test"
SYSTEMS = ("erp", "wms", "payments", "fraud")
ORDER_UPDATE = """
mutation Tag($input: OrderInput!) {
  orderUpdate(input: $input) { order { id updatedAt } userErrors { field message } }
}
"""
REFUND = """
mutation Refund($input: RefundInput!, $key: String!) {
  refundCreate(input: $input) @idempotent(key: $key) {
    refund { id }
    userErrors { field message }
  }
}
"""


class StoreClock:
    """The store's time: starts an hour ago and moves only by ``tick``."""

    def __init__(self) -> None:
        self.now = datetime.fromtimestamp(int(time.time()) - 3600, UTC)

    def __call__(self) -> datetime:
        return self.now

    def tick(self, secs: int = 1) -> None:
        self.now = datetime.fromtimestamp(self.now.timestamp() + secs, UTC)


@dataclass
class Stack:
    sandbox: Sandbox
    engine: Engine
    systems: dict[str, Receiver]
    http: aiohttp.ClientSession

    async def admin(self, query: str, variables: dict[str, Any]) -> Any:
        return await sandbox_engine.admin(self.http, self.sandbox, ADMIN_TOKEN, query, variables)

    def faults(self, **changes: Any) -> None:
        self.sandbox.webhooks.set_faults(changes)

    def buy(self, skus: list[tuple[str, int]], email: str = "ada@example.com") -> dict[str, Any]:
        """A shopper checks out and pays: ``orders/create`` and ``orders/paid``."""
        checkout = shopper.start_checkout(
            self.sandbox.state,
            lines=skus,
            email=email,
            first_name="Ada",
            last_name="Lovelace",
            shipping_address={
                "first_name": "Ada",
                "last_name": "Lovelace",
                "address1": "1 Main St",
                "city": "Ottawa",
                "province_code": "ON",
                "country_code": "CA",
                "zip": "K1A 0B1",
            },
        )
        return shopper.complete_checkout(self.sandbox.state, checkout["token"])

    async def tag(self, order_gid: str, *tags: str) -> str:
        """The merchant tags the order (``orders/updated``); returns its new ``updatedAt``."""
        data = await self.admin(ORDER_UPDATE, {"input": {"id": order_gid, "tags": list(tags)}})
        assert data["orderUpdate"]["userErrors"] == []
        updated_at: str = data["orderUpdate"]["order"]["updatedAt"]
        return updated_at

    async def refund(self, order_gid: str, line_gid: str, amount: str) -> None:
        data = await self.admin(
            REFUND,
            {
                "input": {
                    "orderId": order_gid,
                    "refundLineItems": [{"lineItemId": line_gid, "quantity": 1}],
                    "transactions": [
                        {
                            "orderId": order_gid,
                            "kind": "REFUND",
                            "gateway": "bogus",
                            "amount": amount,
                        }
                    ],
                },
                "key": str(uuid.uuid4()),
            },
        )
        assert data["refundCreate"]["userErrors"] == []

    def sent(self) -> int:
        """How many deliveries the store has taken up so far (faults apply as it does)."""
        return len(self.sandbox.webhooks.log)

    async def until_sent(self, count: int) -> None:
        """Wait until the store has taken up ``count`` deliveries (with the faults set now)."""
        await self.until(lambda: self.sent() >= count, f"{count} deliveries taken up")

    async def store_idle(self) -> None:
        """Every webhook the store queued has been sent (or dropped)."""
        await self.sandbox.webhooks.wait_idle()

    async def engine_idle(self, timeout: float = 30.0) -> None:
        """No job is queued or running (both seen empty in one look)."""
        await sandbox_engine.engine_idle(self.engine, timeout)

    def documents(self, system: str, topic: str | None = None) -> list[dict[str, Any]]:
        return [_document(r) for r in self.delivered(system, topic)]

    def delivered(self, system: str, topic: str | None = None) -> list[Received]:
        return [
            r
            for r in self.systems[system].delivered
            if topic is None or r.headers.get("x-shopbridge-topic") == topic
        ]

    async def metric(self, name: str, **labels: str) -> float:
        """The sum of a counter's samples whose labels include ``labels``."""
        async with self.http.get(f"{self.engine.url}/metrics") as response:
            text = await response.text()
        total = 0.0
        for line in text.splitlines():
            if line.startswith(name + "{") and all(
                f'{key}="{value}"' in line for key, value in labels.items()
            ):
                total += float(line.rsplit(" ", 1)[1])
        return total

    async def until_metric(self, name: str, at_least: float, **labels: str) -> None:
        """Wait until a counter (summed over ``labels``) reaches ``at_least``."""
        deadline = time.monotonic() + 30.0
        while await self.metric(name, **labels) < at_least:
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {name} >= {at_least}")
            await asyncio.sleep(0.1)

    async def until(self, check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        await sandbox_engine.until(check, what, timeout)


def _document(received: Received) -> dict[str, Any]:
    found: dict[str, Any] = json.loads(received.body)
    return found


def config(store_url: str, receivers_url: str, sandbox_url: str, flows: str, reconcile: str) -> str:
    destinations = "\n".join(
        f"  {name}: {{url: {receivers_url}/{name}, internal: true, "
        "retry: {max_attempts: 3, initial_secs: 0.05, multiplier: 2, jitter: 0}}"
        for name in SYSTEMS
    )
    return f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}}}
store: {{url: "{store_url}"}}
workers: {{concurrency: 32, lease_secs: 5, poll_interval_secs: 0.2, shutdown_grace_secs: 2}}
shops:
  acme:
    domain: {SHOP}
    webhook_secret: {SECRET}
    access_token: {ADMIN_TOKEN}
    admin_api_url: {sandbox_url}
    reconcile: {reconcile}
destinations:
{destinations}
flows:
{flows}
"""


@contextlib.asynccontextmanager
async def orders_stack(
    store_url: str,
    flows: str,
    *,
    reconcile: str = "{orders_every_mins: 0}",
    clock: StoreClock | None = None,
) -> AsyncIterator[Stack]:
    state = State(clock=clock) if clock is not None else State()
    sandbox = sandbox_engine.webhook_sandbox(ADMIN_TOKEN, state)
    await sandbox.start("127.0.0.1", 0)
    seed_catalog(sandbox.state, products=3, variants=2, locations=1)
    for product in (1, 2, 3):
        for variant in (1, 2):
            edit_stock(sandbox.state, sku(product, variant), set_to=10_000)
    try:
        async with receivers(*SYSTEMS) as (url, systems):
            settings = parse_settings(config(store_url, url, sandbox.url, flows, reconcile))
            async with running_engine(settings) as engine, aiohttp.ClientSession() as http:
                stack = Stack(sandbox, engine, systems, http)
                topics = {t for f in settings.flows.values() for t in f.from_.shopify or ()}
                await sandbox_engine.subscribe(stack.admin, engine.url, sorted(topics))
                yield stack
    finally:
        await sandbox.stop()
        sandbox.close()
