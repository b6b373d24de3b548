"""A writer, a real store and a sandbox shop on loopback, and ways to feed and read them."""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
import uuid
from collections.abc import AsyncIterator, Awaitable, Callable
from dataclasses import dataclass, field
from typing import Any

from shopbridge.config.schema import WriterSettings
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains.inventory_store import level_at, quantity
from shopbridge.sandbox.state import State
from shopbridge.shopify.admin import AdminClient
from shopbridge.shopify.writer import InventoryWriter
from shopbridge.store.base import JobFilter, JobRecord, JobStatus, NewEvent, NewJob
from shopbridge.store.sql import SqlStore
from tests.integration.sandbox.harness import TOKEN, VERSION, Client
from tests.integration.sandbox.harness import running as sandbox_running

SHOP = "acme"
DESTINATION = f"shopify:{SHOP}"
WAIT_SECS = 20.0

# (flow, topic) of each endpoint's inbound events, for ``push``
CUSTOMERS_UPSERT = ("customers", "customers/upsert")
DISCOUNTS_UPSERT = ("discounts", "discounts/upsert")
FULFILLMENTS_UPSERT = ("fulfillments", "fulfillments/upsert")
INVENTORY_SET = ("inventory", "inventory/set")
MEDIA_SET = ("media", "media/set")
PRICES_SET = ("prices", "prices/set")
PRODUCTS_UPSERT = ("products", "products/upsert")

Seed = Callable[[State], object]
"""Prepares a fresh sandbox's state before the store opens (e.g. ``seed_catalog``)."""


class ShiftedClock:
    """Wall time plus an offset a test moves forward (to let leases run out)."""

    def __init__(self) -> None:
        self.offset = 0.0

    def __call__(self) -> float:
        return time.time() + self.offset


def item(
    sku: str, quantity: int, version: float, location: str = "Shop location"
) -> dict[str, Any]:
    return {
        "sku": sku,
        "inventory_item_id": None,
        "location": location,
        "location_id": None,
        "name": "available",
        "quantity": quantity,
        "version": version,
    }


@dataclass
class Scenario:
    sandbox: Client
    store: SqlStore
    clock: ShiftedClock = field(default_factory=ShiftedClock)
    clients: list[AdminClient] = field(default_factory=list)

    def client(self, **options: Any) -> AdminClient:
        made = AdminClient(
            self.sandbox.sandbox.config.shop_domain,
            access_token=TOKEN,
            api_version=VERSION,
            admin_api_url=self.sandbox.sandbox.url,
            **options,
        )
        self.clients.append(made)
        return made

    def writer(
        self, client: AdminClient | None = None, settings: WriterSettings | None = None, **kw: Any
    ) -> InventoryWriter:
        return InventoryWriter(
            SHOP,
            self.store,
            client or self.client(),
            settings,
            clock=self.clock,
            worker_id=f"writer-{uuid.uuid4().hex[:8]}",
            **kw,
        )

    async def push(self, *items: dict[str, Any]) -> int:
        """One accepted inventory request, as the endpoint stores it."""
        return await push(self, *INVENTORY_SET, *items)

    def available(self, sku: str, location: int = 0) -> int:
        """The sandbox's ``available`` for ``sku`` at its ``location``-th location."""
        state = self.sandbox.sandbox.state
        [inventory_item] = state.find("InventoryItem", "sku", sku)
        locations = [loc["id"] for loc in state.all("Location") if loc["isActive"]]
        level = level_at(state, inventory_item["id"], locations[location])
        assert level is not None
        return quantity(level, "available")

    def adjustment_groups(self) -> int:
        return len(self.sandbox.sandbox.state.all("InventoryAdjustmentGroup"))

    async def jobs(self, status: JobStatus | None = None) -> list[JobRecord]:
        return await self.store.list_jobs(
            JobFilter(status=status, destination=DESTINATION, limit=1000)
        )

    async def settled(self) -> bool:
        """No job of the shop is queued or running."""
        pending = [
            j for j in await self.jobs() if j.status in (JobStatus.QUEUED, JobStatus.RUNNING)
        ]
        return not pending


@contextlib.asynccontextmanager
async def scenario(
    url: str, config: SandboxConfig | None = None, seed: Seed | None = None
) -> AsyncIterator[Scenario]:
    """A sandbox shop (prepared by ``seed``) and a store at ``url``, closed afterwards."""
    async with sandbox_running(config) as shop:
        if seed is not None:
            seed(shop.sandbox.state)
        made = Scenario(shop, SqlStore(url))
        try:
            yield made
        finally:
            for client in made.clients:
                await client.close()
            await made.store.close()


async def push(world: Scenario, flow: str, topic: str, *items: dict[str, Any]) -> int:
    """One accepted request for ``flow``: one event, one job, as the endpoint stores them."""
    body = json.dumps({"shop": SHOP, "items": list(items)}).encode()
    result = await world.store.append_event(
        NewEvent("inbound", flow, topic, body, world.clock()),
        [NewJob(flow=flow, destination=DESTINATION, idempotency_key=uuid.uuid4().hex)],
    )
    return result.job_ids[0]


async def until(check: Callable[[], Awaitable[bool] | bool], secs: float = WAIT_SECS) -> None:
    """Wait for ``check`` to hold (a deadline against hangs, not a timing assertion)."""
    deadline = time.monotonic() + secs
    while True:
        outcome = check()
        if isinstance(outcome, Awaitable):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() > deadline:
            raise AssertionError("the condition did not hold in time")
        await asyncio.sleep(0.01)


@contextlib.asynccontextmanager
async def running(writer: InventoryWriter) -> AsyncIterator[asyncio.Task[None]]:
    """Run ``writer`` until the block ends, then stop it gracefully."""
    stop = asyncio.Event()
    task = asyncio.create_task(writer.run(stop))
    try:
        yield task
    finally:
        stop.set()
        with contextlib.suppress(asyncio.CancelledError):
            await task
