"""A sandbox shop, a marketing receiver and an engine whose flows send every marketing event
to it; with ways to act as shopper and pixel, to restart the engine, and to wait.

The engine manages the shop's webhook subscriptions (its ``public_url`` is its own
loopback address), so checkouts and orders reach it as real, signed webhooks, and
product views come from the sandbox's Web Pixels emitter through ``/v1/collect``.
Delays are seconds (or an hour, where a test moves the timer itself): nothing here
asserts on timing, tests wait for outcomes.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any, Final

import aiohttp

from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.demo.receivers import Receiver, ReceiverServer
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.server import Sandbox
from shopbridge.server import bind_socket
from shopbridge.store import migrate
from shopbridge.store.base import EventFilter, TimerRecord
from shopbridge.store.sql import SqlStore
from tests.integration import sandbox_engine
from tests.integration.harness import TOKEN as OPERATOR_TOKEN
from tests.integration.harness import start_engine

ADMIN_TOKEN: Final = "shpat_marketing_test_token"
COLLECTOR_KEY: Final = "pixel_key_for_tests_0123456789"
SHOP_DOMAIN: Final = "acme.myshopify.com"
WAIT_SECS: Final = sandbox_engine.WAIT_SECS
EVENTS: Final = (
    "marketing/checkout_abandoned",
    "marketing/first_purchase",
    "marketing/repeat_purchase",
    "marketing/browse_abandoned",
    "marketing/product_viewed",
    "marketing/checkout_completed",
)


def config_text(port: int, store_url: str, sandbox: Sandbox, receivers: str, marketing: str) -> str:
    return f"""
server: {{host: 127.0.0.1, port: {port}, operator_token: {OPERATOR_TOKEN},
          public_url: "http://127.0.0.1:{port}"}}
store: {{url: "{store_url}"}}
workers: {{concurrency: 16, lease_secs: 5, poll_interval_secs: 0.2, shutdown_grace_secs: 1}}
webhook_subscriptions: {{check_interval_secs: 1}}
marketing:{marketing}
shops:
  acme:
    domain: {sandbox.config.shop_domain}
    webhook_secret: "{sandbox.config.app_secret}"
    access_token: {ADMIN_TOKEN}
    admin_api_url: {sandbox.url}
    marketing:
      collector: {{key: {COLLECTOR_KEY}}}
destinations:
  marketing: {{url: "{receivers}/marketing", internal: true,
              retry: {{max_attempts: 2, initial_secs: 0.05, jitter: 0}}}}
flows:
  marketing:
    from: {{events: [{", ".join(EVENTS)}]}}
    to: [marketing]
"""


@dataclass
class World:
    sandbox: Sandbox
    receiver: Receiver
    settings: Settings
    port: int
    http: aiohttp.ClientSession
    engine: asyncio.Task[None] | None = None
    stop: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def engine_url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    # -- the engine --------------------------------------------------------------

    async def start_engine(self) -> None:
        sock = bind_socket("127.0.0.1", self.port)
        self.stop = asyncio.Event()
        self.engine = await start_engine(self.settings, sock, self.stop)

    async def stop_engine(self) -> None:
        if self.engine is not None:
            self.stop.set()
            await self.engine
            self.engine = None

    @contextlib.asynccontextmanager
    async def store(self) -> AsyncIterator[SqlStore]:
        """The engine's store, opened beside it (to read and move timers)."""
        store = SqlStore(self.settings.store.url)
        try:
            yield store
        finally:
            await store.close()

    async def engine_events(self, prefix: str = "marketing/") -> list[tuple[str, Any]]:
        """The engine events stored, oldest first: (topic, body)."""
        async with self.store() as store:
            found = await store.list_events(EventFilter(source_kind="shopbridge", limit=500))
        return [
            (e.topic, json.loads(e.body)) for e in reversed(found) if e.topic.startswith(prefix)
        ]

    async def timer(self, name: str) -> TimerRecord | None:
        async with self.store() as store:
            return await store.get_timer(name)

    # -- acting ------------------------------------------------------------------

    async def shopper(self, method: str, path: str, body: Any = None) -> Any:
        return await sandbox_engine.control(self.http, self.sandbox, method, path, body)

    async def start_checkout(self, email: str | None, sku: str = "SKU-00001-1") -> Any:
        body: dict[str, Any] = {"lines": [{"sku": sku, "quantity": 1}]}
        if email is not None:
            body["email"] = email
        return await self.shopper("POST", "/checkouts", body)

    async def buy(self, email: str, sku: str = "SKU-00001-1") -> Any:
        started = await self.start_checkout(email, sku)
        return await self.shopper(
            "POST", f"/checkouts/{started['token']}/complete", {"payment": "success"}
        )

    async def view(self, sku: str, client_id: str) -> Any:
        """The sandbox's Web Pixels emitter posts a product_viewed event to the collector."""
        return await self.shopper(
            "POST",
            "/pixel/product-viewed",
            {"sku": sku, "client_id": client_id, "collector_url": self.collector_url()},
        )

    def collector_url(self, key: str = COLLECTOR_KEY) -> str:
        return f"{self.engine_url}/v1/collect/{key}"

    async def collect(
        self, body: Any, *, key: str = COLLECTOR_KEY, headers: dict[str, str] | None = None
    ) -> tuple[int, Any, dict[str, str]]:
        data = body if isinstance(body, bytes) else json.dumps(body).encode()
        sent = {"Content-Type": "application/json", **(headers or {})}
        async with self.http.post(self.collector_url(key), data=data, headers=sent) as answer:
            return answer.status, await answer.json(content_type=None), dict(answer.headers)

    async def admin(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await sandbox_engine.admin(self.http, self.sandbox, ADMIN_TOKEN, query, variables)

    # -- looking -----------------------------------------------------------------

    def delivered(self, topic: str) -> list[dict[str, Any]]:
        return [
            r.json for r in self.receiver.delivered if r.headers.get("x-shopbridge-topic") == topic
        ]

    async def metric(self, name: str, label: str) -> dict[str, float]:
        """One engine counter from /metrics, by the value of one of its labels."""
        async with self.http.get(f"{self.engine_url}/metrics") as answer:
            text = await answer.text()
        found: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith(name + "{") and f'{label}="' in line:
                labels, _, value = line.rpartition(" ")
                key = labels.split(f'{label}="', 1)[1].split('"', 1)[0]
                found[key] = found.get(key, 0.0) + float(value)
        return found

    def progress(self) -> str:
        seen = [r.headers.get("x-shopbridge-topic") for r in self.receiver.delivered]
        return f"marketing got {seen}"

    async def until(self, check: Callable[[], Any], what: str) -> None:
        await sandbox_engine.until(check, what, WAIT_SECS, self.progress)

    async def subscribed(self, *topics: str) -> None:
        """Wait until the engine has subscribed the shop to ``topics``."""
        await sandbox_engine.subscribed(self.admin, topics, self.progress)


def marketing_yaml(**sections: dict[str, Any]) -> str:
    """The global ``marketing:`` section, as flow YAML (inline mappings)."""
    if not sections:
        return " {}"
    return "".join(f"\n  {name}: {json.dumps(value)}" for name, value in sections.items())


@contextlib.asynccontextmanager
async def marketing_world(store_url: str, **marketing: dict[str, Any]) -> AsyncIterator[World]:
    receiver = Receiver("marketing")
    receivers = ReceiverServer([receiver])
    receivers_url = await receivers.start()
    sandbox = Sandbox(SandboxConfig(admin_token=ADMIN_TOKEN, shop_domain=SHOP_DOMAIN))
    await sandbox.start("127.0.0.1", 0)
    seed_catalog(sandbox.state, products=3, variants=2, locations=1)
    probe = bind_socket("127.0.0.1", 0)
    port = probe.getsockname()[1]
    probe.close()
    text = config_text(port, store_url, sandbox, receivers_url, marketing_yaml(**marketing))
    settings = parse_settings(text)
    migrate.upgrade(store_url)
    http = aiohttp.ClientSession()
    world = World(sandbox, receiver, settings, port, http)
    try:
        await world.start_engine()
        yield world
    finally:
        with contextlib.suppress(Exception):
            await world.stop_engine()
        await http.close()
        await sandbox.stop()
        sandbox.close()
        await receivers.stop()
