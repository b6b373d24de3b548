"""A sandbox store, the engine and two systems (a CRM, marketing) on loopback.

The engine is subscribed to the store's customer webhooks through the Admin API, as an
app is; the CRM writes customers through ``POST /v1/customers`` with its own API key,
and the merchant edits them in the store (``sandbox.merchant``).
"""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from shopbridge.config.loader import parse_settings
from shopbridge.demo.receivers import Received, Receiver
from shopbridge.operations import create_key
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.server import Sandbox
from tests.integration.harness import SECRET, SHOP, TOKEN, Engine, receivers, running_engine

ADMIN_TOKEN = "shpat_customers_test"
SYSTEMS = ("crm", "marketing")
CRM_KEY = "crm-prod"
SUBSCRIBE = """
mutation Sub($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    userErrors { field message }
  }
}
"""
DEFINE_CUSTOM_ID = """
mutation {
  metafieldDefinitionCreate(definition: {
    name: "CRM id", namespace: "crm", key: "customer_id", type: "id", ownerType: CUSTOMER
  }) { userErrors { message } }
}
"""
CONFIG = """
server: {{host: 127.0.0.1, port: 0, operator_token: {token}}}
store: {{url: "{store_url}"}}
workers: {{concurrency: 16, lease_secs: 5, poll_interval_secs: 0.2, shutdown_grace_secs: 2}}
shops:
  acme:
    domain: {shop}
    webhook_secret: {secret}
    access_token: {admin_token}
    admin_api_url: {sandbox_url}
destinations:
  crm: {{url: "{receivers}/crm", internal: true}}
  marketing: {{url: "{receivers}/marketing", internal: true}}
systems:
  crm: {{api_keys: [{crm_key}], destinations: [crm]}}
customers:
  ownership: {{note: shopify, tags: crm}}
  external_id: {{namespace: crm, key: customer_id}}
flows:
  customers_to_crm:
    from: {{shopify: [customers/create, customers/update]}}
    to: [crm]
  customers_to_marketing:
    from: {{shopify: [customers/create, customers/update]}}
    to: [marketing]
"""


@dataclass
class Stack:
    sandbox: Sandbox
    engine: Engine
    systems: dict[str, Receiver]
    crm_key: str

    async def admin(self, query: str, variables: dict[str, Any]) -> Any:
        """A GraphQL call to the store's Admin API, as an app makes it."""
        headers = {"X-Shopify-Access-Token": ADMIN_TOKEN}
        payload = {"query": query, "variables": variables}
        async with self.engine.http.post(
            self.sandbox.admin_url(), json=payload, headers=headers
        ) as reply:
            body = await reply.json()
        assert not body.get("errors"), body
        return body["data"]

    async def crm_sends(self, body: Any) -> tuple[int, Any]:
        """The CRM calls ``POST /v1/customers`` with its own key."""
        return await self.engine.api("POST", "/v1/customers", token=self.crm_key, json=body)

    def delivered(self, system: str) -> list[Received]:
        return list(self.systems[system].delivered)

    async def settled(self, timeout: float = 30.0) -> None:
        """The store sent every webhook and the engine has no job queued or running."""
        await self.sandbox.webhooks.wait_idle()
        deadline = time.monotonic() + timeout
        while True:
            pages = [
                await self.engine.api("GET", f"/v1/jobs?status={status}&limit=1")
                for status in ("queued", "running")
            ]
            if all(status == 200 and not page["items"] for status, page in pages):
                return
            if time.monotonic() > deadline:
                raise AssertionError(f"the engine is still busy: {pages}")
            await asyncio.sleep(0.05)

    async def until(self, check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        deadline = time.monotonic() + timeout
        while not check():
            if time.monotonic() > deadline:
                raise AssertionError(f"timed out waiting for {what}")
            await asyncio.sleep(0.05)

    async def jobs(self, flow: str) -> list[dict[str, Any]]:
        _, page = await self.engine.api("GET", f"/v1/jobs?flow={flow}&limit=100")
        found: list[dict[str, Any]] = page["items"]
        return found


@contextlib.asynccontextmanager
async def customers_stack(store_url: str) -> AsyncIterator[Stack]:
    sandbox = Sandbox(
        SandboxConfig(
            shop_domain=SHOP, admin_token=ADMIN_TOKEN, app_secret=SECRET, webhook_time_scale=0.001
        )
    )
    await sandbox.start("127.0.0.1", 0)
    try:
        async with receivers(*SYSTEMS) as (url, systems):
            settings = parse_settings(
                CONFIG.format(
                    token=TOKEN,
                    store_url=store_url,
                    shop=SHOP,
                    secret=SECRET,
                    admin_token=ADMIN_TOKEN,
                    sandbox_url=sandbox.url,
                    receivers=url,
                    crm_key=CRM_KEY,
                )
            )
            async with running_engine(settings) as engine:
                key, _ = await create_key(settings, CRM_KEY, ["shopify:write"])
                stack = Stack(sandbox, engine, systems, key)
                defined = await stack.admin(DEFINE_CUSTOM_ID, {})
                assert defined["metafieldDefinitionCreate"]["userErrors"] == []
                for topic in ("CUSTOMERS_CREATE", "CUSTOMERS_UPDATE"):
                    sub = {"uri": f"{engine.url}/webhooks/shopify"}
                    data = await stack.admin(SUBSCRIBE, {"topic": topic, "sub": sub})
                    assert data["webhookSubscriptionCreate"]["userErrors"] == []
                yield stack
    finally:
        await sandbox.stop()
        sandbox.close()
