"""A sandbox shop on loopback, settings that manage its subscriptions, and ways to look at them."""

from __future__ import annotations

import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.shopify.admin import AdminClient
from tests.integration.sandbox.harness import TOKEN, Client, running

PUBLIC_URL = "https://hooks.example.com"
CALLBACK = f"{PUBLIC_URL}/webhooks/shopify"
FOREIGN = "https://another-app.example.com/hooks"
SUBSCRIBE = """
mutation Sub($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    webhookSubscription { id }
    userErrors { field message }
  }
}
"""
DELETE = """
mutation Del($id: ID!) {
  webhookSubscriptionDelete(id: $id) { deletedWebhookSubscriptionId userErrors { message } }
}
"""
ORDERS = """
  orders:
    from: {shopify: [orders/create, orders/updated], webhook_filter: "financial_status:paid"}
    to: [erp]
  stock:
    from: {shopify: inventory_levels/update, include_fields: [available]}
    to: [erp]
"""


def closed_port() -> int:
    """A loopback port nothing listens on (bound, then released)."""
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
    return port


@dataclass
class World:
    shop: Client

    @property
    def domain(self) -> str:
        return self.shop.sandbox.config.shop_domain

    def config_text(
        self,
        flows: str,
        *,
        public_url: str = PUBLIC_URL,
        store_url: str = "sqlite:///unused.db",
        admin_api_url: str | None = None,
        extra: str = "",
    ) -> str:
        return f"""
server: {{host: 127.0.0.1, port: 0, public_url: "{public_url}"}}
store: {{url: "{store_url}"}}
workers: {{lease_secs: 5, poll_interval_secs: 0.2}}
shops:
  acme:
    domain: {self.domain}
    webhook_secret: {self.shop.sandbox.config.app_secret}
    access_token: {TOKEN}
    admin_api_url: {admin_api_url or self.shop.sandbox.url}
destinations:
  erp: {{url: "https://erp.example.com/hooks"}}
flows:
{flows}
{extra}
"""

    def settings(self, flows: str, **options: str) -> Settings:
        return parse_settings(self.config_text(flows, **options))

    def subscriptions(self) -> dict[str, dict[str, Any]]:
        """The sandbox's subscriptions at our callback URL, by topic enum."""
        found = self.shop.sandbox.state.all("WebhookSubscription")
        return {sub["topic"]: sub for sub in found if sub["uri"] == CALLBACK}

    def all_subscriptions(self) -> list[tuple[str, str]]:
        found = self.shop.sandbox.state.all("WebhookSubscription")
        return sorted((sub["topic"], sub["uri"]) for sub in found)

    async def subscribe(self, topic: str, uri: str, **extra: Any) -> str:
        """Subscribe as another app (or an old config) would, bypassing shopbridge."""
        reply = await self.shop.admin(SUBSCRIBE, {"topic": topic, "sub": {"uri": uri, **extra}})
        payload = reply.body["data"]["webhookSubscriptionCreate"]
        assert payload["userErrors"] == [], payload
        subscription_id: str = payload["webhookSubscription"]["id"]
        return subscription_id

    async def delete(self, subscription_id: str) -> None:
        reply = await self.shop.admin(DELETE, {"id": subscription_id})
        assert reply.body["data"]["webhookSubscriptionDelete"]["userErrors"] == []


@contextlib.asynccontextmanager
async def world(config: SandboxConfig | None = None) -> AsyncIterator[World]:
    async with running(config or SandboxConfig(admin_token=TOKEN)) as shop:
        seed_catalog(shop.sandbox.state, products=2, variants=1, locations=1)
        yield World(shop)


@contextlib.asynccontextmanager
async def admin_client(settings: Settings, **options: Any) -> AsyncIterator[AdminClient]:
    async with AdminClient.from_settings(settings.shops["acme"], **options) as client:
        yield client
