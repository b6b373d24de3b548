"""A sandbox store, the engine and two systems (a CRM, marketing) on loopback.

The engine is subscribed to the store's customer webhooks through the Admin API, as an
app is; the CRM writes customers through ``POST /v1/customers`` with its own API key,
and the merchant edits them in the store (``sandbox.merchant``).
"""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass
from typing import Any

from shopbridge.config.loader import parse_settings
from shopbridge.demo.receivers import Received, Receiver
from shopbridge.operations import create_key
from shopbridge.sandbox.server import Sandbox
from tests.integration import sandbox_engine
from tests.integration.harness import SECRET, SHOP, TOKEN, Engine, receivers, running_engine

ADMIN_TOKEN = "shpat_customers_test"
SYSTEMS = ("crm", "marketing")
CRM_KEY = "crm-prod"
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
        return await sandbox_engine.admin(
            self.engine.http, self.sandbox, ADMIN_TOKEN, query, variables
        )

    async def crm_sends(self, body: Any) -> tuple[int, Any]:
        """The CRM calls ``POST /v1/customers`` with its own key."""
        return await self.engine.api("POST", "/v1/customers", token=self.crm_key, json=body)

    def delivered(self, system: str) -> list[Received]:
        return list(self.systems[system].delivered)

    async def settled(self, timeout: float = 30.0) -> None:
        """The store sent every webhook and the engine has no job queued or running."""
        await self.sandbox.webhooks.wait_idle()
        await sandbox_engine.engine_idle(self.engine, timeout)

    async def until(self, check: Callable[[], bool], what: str, timeout: float = 30.0) -> None:
        await sandbox_engine.until(check, what, timeout)

    async def jobs(self, flow: str) -> list[dict[str, Any]]:
        _, page = await self.engine.api("GET", f"/v1/jobs?flow={flow}&limit=100")
        found: list[dict[str, Any]] = page["items"]
        return found


@contextlib.asynccontextmanager
async def customers_stack(store_url: str) -> AsyncIterator[Stack]:
    sandbox = sandbox_engine.webhook_sandbox(ADMIN_TOKEN)
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
                topics = ("customers/create", "customers/update")
                await sandbox_engine.subscribe(stack.admin, engine.url, topics)
                yield stack
    finally:
        await sandbox.stop()
        sandbox.close()
