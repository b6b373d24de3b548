"""A sandbox shop, local receivers standing in for Slack, Teams, PagerDuty and an ops endpoint,
and an engine whose flows route every alert kind to them; with ways to act and to wait.

The engine manages the shop's webhook subscriptions (its ``public_url`` is its own
loopback address), so what the sandbox does reaches it as real, signed webhooks. The
``alerts:`` limits are seconds, so each rule fires within a test.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any, Final

import aiohttp

from shopbridge import operations
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.demo.receivers import Received, Receiver, ReceiverServer
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.server import Sandbox
from shopbridge.security.api_keys import Scope
from shopbridge.server import bind_socket
from shopbridge.store import migrate
from tests.integration import sandbox_engine
from tests.integration.harness import TOKEN as OPERATOR_TOKEN
from tests.integration.harness import start_engine

ADMIN_TOKEN: Final = "shpat_alerts_test_token"
ROUTING_KEY: Final = "R0UT1NGKEY0123456789abcdefabcdef"
WAIT_SECS: Final = sandbox_engine.WAIT_SECS
KINDS: Final = (
    "payment_issue",
    "order_failure",
    "fulfillment_exception",
    "inventory_mismatch",
    "engine_failure",
)
RECEIVERS: Final = ("slack", "teams", "pagerduty", "ops", "erp")

# Every limit short: rules fire within a test. Override per test with ``alerts=``.
FAST_ALERTS: Final = """
  group_window_secs: 0
  check_interval_secs: 0.5
  payments:
    unpaid_orders: {after_secs: 1}
  fulfillments:
    unfulfilled_orders: {after_secs: 1}
  inventory:
    mismatch: {check_interval_secs: 0.5, grace_secs: 0.5}
  orders:
    stuck: {after_secs: 1}
  engine:
    destination_failing: {after_secs: 1}
"""


@dataclass
class World:
    sandbox: Sandbox
    systems: dict[str, Receiver]
    engine_url: str
    settings: Settings
    http: aiohttp.ClientSession
    erp_key: str

    # -- acting ------------------------------------------------------------------

    async def admin(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        return await sandbox_engine.admin(self.http, self.sandbox, ADMIN_TOKEN, query, variables)

    async def store(self, method: str, path: str, body: Any = None) -> Any:
        return await sandbox_engine.control(self.http, self.sandbox, method, path, body)

    async def checkout(self, payment: str, sku: str = "SKU-00001-1", email: str = "") -> Any:
        """A shopper buys one unit and pays (success, failure or pending): the order."""
        started = await self.store(
            "POST",
            "/checkouts",
            {"lines": [{"sku": sku, "quantity": 1}], "email": email or "shopper@example.com"},
        )
        return await self.store(
            "POST", f"/checkouts/{started['token']}/complete", {"payment": payment}
        )

    async def push_inventory(self, items: list[dict[str, Any]]) -> Any:
        headers = {"Authorization": f"Bearer {self.erp_key}"}
        async with self.http.post(
            f"{self.engine_url}/v1/inventory", json={"items": items}, headers=headers
        ) as answer:
            found = await answer.json()
            assert answer.status < 300, found
            return found

    async def operate(self, method: str, path: str) -> Any:
        headers = {"Authorization": f"Bearer {OPERATOR_TOKEN}"}
        async with self.http.request(method, f"{self.engine_url}{path}", headers=headers) as answer:
            assert answer.status < 300, await answer.text()
            return await answer.json()

    # -- looking -----------------------------------------------------------------

    def notices(self, kind: str | None = None) -> list[dict[str, Any]]:
        """The JSON notices the ops endpoint received (in order), optionally of one kind."""
        found = [r.json for r in self.systems["ops"].delivered]
        return [n for n in found if kind is None or n["kind"] == kind]

    def of_rule(self, rule: str) -> list[dict[str, Any]]:
        return [n for n in self.notices() if n["rule"] == rule]

    def pagerduty(self, dedup_key: str) -> list[dict[str, Any]]:
        return [
            r.json for r in self.systems["pagerduty"].delivered if r.json["dedup_key"] == dedup_key
        ]

    def seen(self, system: str, topic: str) -> list[Received]:
        return [
            r
            for r in self.systems[system].delivered
            if r.headers.get("x-shopbridge-topic") == topic
        ]

    def progress(self) -> str:
        return f"ops got {self.notices()}"

    async def until(self, check: Callable[[], Any], what: str) -> None:
        await sandbox_engine.until(check, what, WAIT_SECS, self.progress)

    async def until_notice(self, rule: str, notification: str, count: int = 1) -> dict[str, Any]:
        """Wait for the ``count``-th notice of ``rule`` with ``notification``; return it."""

        def found() -> list[dict[str, Any]]:
            return [n for n in self.of_rule(rule) if n["notification"] == notification]

        await self.until(lambda: len(found()) >= count, f"{rule} {notification} x{count}")
        return found()[count - 1]

    async def subscribed(self, *topics: str) -> None:
        """Wait until the engine has subscribed the shop to ``topics``."""
        await sandbox_engine.subscribed(self.admin, topics, self.progress)


ERP_RETRY: Final = "{max_attempts: 2, initial_secs: 0.05, multiplier: 1, jitter: 0}"
ALERT_RETRY: Final = "{max_attempts: 2, initial_secs: 0.05, jitter: 0}"


def config_text(
    port: int,
    store_url: str,
    sandbox: Sandbox,
    receivers_url: str,
    alerts: str,
    extra: str,
    erp_retry: str = ERP_RETRY,
    alert_retry: str = ALERT_RETRY,
) -> str:
    flows = "\n".join(
        f"""  alerts_{kind}:
    from: {{events: [alerts/{kind}]}}
    to: [slack, teams, pagerduty, ops]"""
        for kind in KINDS
    )
    return f"""
server: {{host: 127.0.0.1, port: {port}, operator_token: {OPERATOR_TOKEN},
          public_url: "http://127.0.0.1:{port}"}}
store: {{url: "{store_url}"}}
workers: {{concurrency: 16, lease_secs: 5, poll_interval_secs: 0.2, shutdown_grace_secs: 1}}
webhook_subscriptions: {{check_interval_secs: 1}}
shops:
  acme:
    domain: {sandbox.config.shop_domain}
    webhook_secret: "{sandbox.config.app_secret}"
    access_token: {ADMIN_TOKEN}
    admin_api_url: {sandbox.url}
destinations:
  slack: {{type: slack, url: "{receivers_url}/slack", internal: true, retry: {alert_retry}}}
  teams: {{type: teams, url: "{receivers_url}/teams", internal: true, retry: {ALERT_RETRY}}}
  pagerduty: {{type: pagerduty, routing_key: {ROUTING_KEY}, url: "{receivers_url}/pagerduty",
              internal: true, retry: {ALERT_RETRY}}}
  ops: {{url: "{receivers_url}/ops", internal: true, retry: {ALERT_RETRY}}}
  erp: {{url: "{receivers_url}/erp", internal: true, retry: {erp_retry}}}
alerts:{alerts}
flows:
{flows}
{extra}
"""


@contextlib.asynccontextmanager
async def alert_world(
    store_url: str,
    *,
    alerts: str = FAST_ALERTS,
    extra: str = "",
    erp_retry: str = ERP_RETRY,
    slack_retry: str = ALERT_RETRY,
) -> AsyncIterator[World]:
    systems = {name: Receiver(name) for name in RECEIVERS}
    receivers = ReceiverServer(list(systems.values()))
    receivers_url = await receivers.start()
    sandbox = Sandbox(SandboxConfig(admin_token=ADMIN_TOKEN, shop_domain="acme.myshopify.com"))
    await sandbox.start("127.0.0.1", 0)
    seed_catalog(sandbox.state, products=3, variants=2, locations=2)
    sock = bind_socket("127.0.0.1", 0)
    port = sock.getsockname()[1]
    stop = asyncio.Event()
    engine: asyncio.Task[None] | None = None
    http = aiohttp.ClientSession()
    try:
        settings = parse_settings(
            config_text(
                port, store_url, sandbox, receivers_url, alerts, extra, erp_retry, slack_retry
            )
        )
        migrate.upgrade(store_url)
        erp_key, _ = await operations.create_key(settings, "erp", [Scope.SHOPIFY_WRITE.value])
        engine = await start_engine(settings, sock, stop)
        yield World(sandbox, systems, f"http://127.0.0.1:{port}", settings, http, erp_key)
    finally:
        stop.set()
        if engine is not None:
            with contextlib.suppress(Exception):
                await engine
        sock.close()
        await http.close()
        await sandbox.stop()
        sandbox.close()
        await receivers.stop()


def body_of(received: Received) -> Any:
    return json.loads(received.body)
