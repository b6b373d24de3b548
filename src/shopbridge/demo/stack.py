"""Everything the demo runs, on loopback: the sandbox store, the engine and the sample systems.

``demo_stack`` starts, in order, the sample downstream systems (ERP, WMS, CRM,
marketing, ops alerts, Slack and PagerDuty stand-ins), a sandbox store with a catalog,
and the engine on SQLite with a config that routes the store's webhooks to those systems. The engine
subscribes itself to the store's webhooks through the Admin API on start
(``server.public_url``, see ``shopify.subscriptions``). It stops them in reverse order.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import re
import secrets
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Final

import aiohttp

from shopbridge import operations
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.demo.receivers import Receiver, ReceiverServer
from shopbridge.observability.logging import configure_logging
from shopbridge.runner import run_forever
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import SeedSummary, seed_catalog
from shopbridge.sandbox.server import Sandbox
from shopbridge.security.api_keys import Scope
from shopbridge.server import bind_socket
from shopbridge.shopify import subscriptions
from shopbridge.store import migrate

__all__ = ["SHOP_DOMAIN", "SYSTEMS", "Stack", "demo_stack"]

SHOP_DOMAIN: Final = "demo-shop.myshopify.com"
SYSTEMS: Final = ("erp", "wms", "crm", "marketing", "ops", "slack", "pagerduty")

CONFIG: Final = """\
# Written by `shopbridge demo`. Run it yourself with: shopbridge run --config {path}
version: 1
server:
  host: 127.0.0.1
  port: {port}
  operator_token: "{operator_token}"
  # Where the store reaches the engine: its webhook subscriptions point at
  # {{public_url}}/webhooks/shopify, and the engine keeps them in line with the flows.
  public_url: http://127.0.0.1:{port}
store:
  url: sqlite:///{db}
logging:
  level: warning
  format: console
shops:
  sandbox:
    domain: {shop}
    webhook_secret: "{webhook_secret}"
    admin_api_url: {sandbox_url}
    access_token: "{admin_token}"
    # Look for order changes whose webhook never came every 3 s (the default is 10 min).
    reconcile: {{orders_every_mins: 0.05, settle_secs: 1}}
    # The storefront's custom pixel posts to /v1/collect/<this public key> (docs/marketing.md).
    marketing: {{collector: {{key: demo-collector-key-0123456789}}}}
destinations:
  erp:
    url: {receivers}/erp
    internal: true
    signing_secret: "{signing_secret}"
    retry: {{max_attempts: 3, initial_secs: 0.5, multiplier: 2}}
  wms:
    url: {receivers}/wms
    internal: true
  crm:
    url: {receivers}/crm
    internal: true
  marketing:
    url: {receivers}/marketing
    internal: true
  ops:
    url: {receivers}/ops
    internal: true
  # Alert destinations (docs/alerts.md): local receivers stand in for Slack and PagerDuty.
  ops_slack:
    type: slack
    url: {receivers}/slack
    internal: true
  ops_pagerduty:
    type: pagerduty
    routing_key: "demo-routing-key-0000000000000000"
    url: {receivers}/pagerduty
    internal: true
# A checkout counts as abandoned 2 s after its last change here (the default is an hour).
marketing:
  abandoned_checkout: {{delay_secs: 2}}
# Alert limits in seconds, so the demo's alerts fire while you watch (defaults: minutes, hours).
alerts:
  group_window_secs: 10
  check_interval_secs: 1
  inventory: {{mismatch: {{check_interval_secs: 1, grace_secs: 1}}}}
# The CRM calls POST /v1/customers with API key "crm" and receives customers at
# destination crm: the changes it writes are not sent back to it (docs/customers.md).
systems:
  crm: {{api_keys: [crm], destinations: [crm]}}
customers:
  ownership: {{note: shopify}}
  external_id: {{namespace: crm, key: customer_id}}
flows:
  alerts_to_ops:
    from:
      events: [alerts/payment_issue, alerts/order_failure, alerts/fulfillment_exception,
               alerts/inventory_mismatch, alerts/engine_failure]
    to: [ops_slack, ops_pagerduty]
  orders_to_erp:
    from: {{shopify: [orders/create, orders/updated]}}
    # The clean order document (docs/orders.md), extended with the ERP's company code.
    preset: order
    map: '$merge([$, {{"erp_company": "DEMO-01"}}])'
    to: [erp]
  paid_orders_to_wms:
    from: {{shopify: orders/paid}}
    preset: order
    map: |
      {{
        "order": name,
        "ship_to": shipping_address.{{"name": name, "city": city, "country": country_code}},
        "lines": [lines.{{"sku": sku, "quantity": quantity}}]
      }}
    to: [wms]
  stock_changes_to_erp:
    from: {{shopify: inventory_levels/update}}
    map: |
      {{"inventory_item_id": inventory_item_id, "location_id": location_id, "available": available}}
    to: [erp]
  customers_to_crm:
    from: {{shopify: [customers/create, customers/update]}}
    map: |
      {{
        "shopify_id": id,
        "email": email,
        "name": first_name & " " & last_name,
        "accepts_marketing": email_marketing_consent.state = "subscribed"
      }}
    to: [crm]
  abandoned_checkouts_to_marketing:
    from: {{events: [marketing/checkout_abandoned]}}
    map: |
      {{
        "email": email,
        "recovery_url": recovery_url,
        "lines": [lines.{{"sku": sku, "quantity": quantity}}]
      }}
    to: [marketing]
  purchases_and_views_to_marketing:
    from:
      events: [marketing/first_purchase, marketing/repeat_purchase, marketing/product_viewed]
    to: [marketing]
  payment_failures_to_ops:
    from: {{shopify: order_transactions/create}}
    filter: status = "failure"
    map: |
      {{"alert": "payment failed", "order_id": order_id, "amount": amount, "gateway": gateway}}
    to: [ops]
"""


@dataclass
class Stack:
    """Handles on the running demo."""

    sandbox: Sandbox
    systems: dict[str, Receiver]
    receivers_url: str
    engine_url: str
    operator_token: str
    keys: dict[str, str]  # API key per upstream system (erp, pim)
    settings: Settings
    config_path: Path
    log_path: Path
    http: aiohttp.ClientSession
    engine: asyncio.Task[None]
    seeded: SeedSummary

    async def admin(self, query: str, variables: dict[str, Any] | None = None) -> Any:
        """A GraphQL call to the store's Admin API, as an app makes it."""
        headers = {"X-Shopify-Access-Token": self.sandbox.config.admin_token}
        payload = {"query": query, "variables": variables or {}}
        async with self.http.post(
            self.sandbox.admin_url(), json=payload, headers=headers
        ) as response:
            body = await response.json()
        if body.get("errors"):
            raise RuntimeError(f"the sandbox refused a demo query: {body['errors']}")
        return body["data"]

    async def store(self, method: str, path: str, body: Any = None) -> Any:
        """A call to the sandbox's control API (acting as merchant or shopper)."""
        url = f"{self.sandbox.url}/sandbox{path}"
        async with self.http.request(method, url, json=body) as response:
            answer = await response.json()
            if response.status >= 400:
                raise RuntimeError(f"sandbox {method} {path}: {answer.get('detail')}")
            return answer

    async def operate(self, method: str, path: str) -> Any:
        """A call to the engine's operator API."""
        headers = {"Authorization": f"Bearer {self.operator_token}"}
        async with self.http.request(
            method, f"{self.engine_url}{path}", headers=headers
        ) as response:
            response.raise_for_status()
            return await response.json()

    async def push(self, path: str, items: list[dict[str, Any]], system: str = "erp") -> Any:
        """An upstream system sends changes (``/v1/inventory``…) for the engine to write."""
        headers = {"Authorization": f"Bearer {self.keys[system]}"}
        async with self.http.post(
            f"{self.engine_url}{path}", json={"items": items}, headers=headers
        ) as response:
            answer = await response.json()
            if response.status >= 400:
                raise RuntimeError(f"POST {path}: {answer.get('detail')}")
            return answer

    async def metric_values(self, name: str, label: str) -> dict[str, float]:
        """One engine counter from /metrics, summed by the value of one of its labels."""
        async with self.http.get(f"{self.engine_url}/metrics") as response:
            text = await response.text()
        pattern = re.compile(rf'{label}="([^"]*)"')
        values: dict[str, float] = {}
        for line in text.splitlines():
            if line.startswith(name + "{"):
                labels, _, value = line.rpartition(" ")
                found = pattern.search(labels)
                key = found.group(1) if found else ""
                values[key] = values.get(key, 0.0) + float(value)
        return values

    def topics(self) -> list[str]:
        """Every Shopify topic the engine subscribes to."""
        return subscriptions.required_topics(self.settings)


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _fresh_folder(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    for leftover in data.glob("shopbridge.db*"):
        leftover.unlink()


@contextlib.asynccontextmanager
async def demo_stack(data: Path, *, port: int, on_busy_port: Any = None) -> AsyncIterator[Stack]:
    """Start everything; ``port`` 0 (or a busy one, after ``on_busy_port()``) picks a free one."""
    _fresh_folder(data)
    erp = Receiver(
        "erp", signing_secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    )
    systems = {name: erp if name == "erp" else Receiver(name) for name in SYSTEMS}
    receivers = ReceiverServer(list(systems.values()))
    receivers_url = await receivers.start()
    sandbox = Sandbox(SandboxConfig(shop_domain=SHOP_DOMAIN, shop_name="Demo Shop"))
    await sandbox.start("127.0.0.1", 0)
    # The catalog exists before the engine subscribes, so seeding sends no webhooks.
    seeded = seed_catalog(sandbox.state, products=5, variants=2, locations=2)
    if port and not _free(port):
        if on_busy_port is not None:
            on_busy_port(port)
        port = 0
    sock = bind_socket("127.0.0.1", port)
    port = sock.getsockname()[1]
    operator_token = secrets.token_urlsafe(18)
    config_path = data / "shopbridge.yaml"
    config_path.write_text(
        CONFIG.format(
            path=config_path,
            port=port,
            operator_token=operator_token,
            db=(data / "shopbridge.db").resolve(),
            shop=SHOP_DOMAIN,
            webhook_secret=sandbox.config.app_secret,
            receivers=receivers_url,
            signing_secret=erp.signing_secret,
            sandbox_url=sandbox.url,
            admin_token=sandbox.config.admin_token,
        ),
        encoding="utf-8",
    )
    settings = parse_settings(config_path.read_text(), source=str(config_path))
    # The ERP's own API key, to push stock into Shopify through POST /v1/inventory.
    migrate.upgrade(settings.store.url)
    keys = {
        system: (await operations.create_key(settings, system, [Scope.SHOPIFY_WRITE.value]))[0]
        for system in ("erp", "pim")
    }
    # The engine's own log goes to a file so the story on screen stays readable.
    log_path = data / "engine.log"
    log_file = log_path.open("a", encoding="utf-8")
    configure_logging("info", "json", stream=log_file)
    stop = asyncio.Event()
    ready = asyncio.Event()
    engine = asyncio.create_task(
        run_forever(
            settings, sock=sock, stop=stop, on_ready=lambda _: ready.set(), configure_logs=False
        )
    )
    http = aiohttp.ClientSession()
    try:
        await asyncio.wait(
            [asyncio.create_task(ready.wait()), engine], return_when=asyncio.FIRST_COMPLETED
        )
        if engine.done():
            await engine  # raises the start-up error
        yield Stack(
            sandbox=sandbox,
            systems=systems,
            receivers_url=receivers_url,
            engine_url=f"http://127.0.0.1:{port}",
            operator_token=operator_token,
            keys=keys,
            settings=settings,
            config_path=config_path,
            log_path=log_path,
            http=http,
            engine=engine,
            seeded=seeded,
        )
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await engine
        await http.close()
        await sandbox.stop()
        sandbox.close()
        await receivers.stop()
        log_file.close()
