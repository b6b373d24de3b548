"""``shopbridge run`` with a shop that has Admin API access: its writer takes the shop's jobs."""

from __future__ import annotations

import json
import re
import uuid

from shopbridge import testing
from shopbridge.config.loader import parse_settings
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus, NewEvent, NewJob
from shopbridge.store.sql import SqlStore
from tests.integration.harness import Engine, running_engine
from tests.integration.sandbox.harness import TOKEN
from tests.integration.sandbox.harness import running as sandbox_running

from .scenario import DESTINATION, SHOP, item, until

SECRET = "shpss_writer_app_secret"


async def shopify_calls(engine: Engine) -> float:
    async with engine.http.get(f"{engine.url}/metrics") as answer:
        text = await answer.text()
    found = re.search(r'^shopbridge_shopify_calls_total\{shop="acme"\} (\S+)$', text, re.M)
    return float(found.group(1)) if found else 0.0


async def test_the_engine_runs_a_writer_per_shop_and_webhooks_refresh_its_sku_cache(
    sqlite_url: str,
) -> None:
    async with sandbox_running() as shop:
        seed_catalog(shop.sandbox.state, products=2, variants=1, locations=1)
        domain = shop.sandbox.config.shop_domain
        settings = parse_settings(
            f"""
server: {{host: 127.0.0.1, port: 0}}
store: {{url: "{sqlite_url}"}}
workers: {{lease_secs: 5, poll_interval_secs: 0.2}}
shops:
  {SHOP}:
    domain: {domain}
    webhook_secret: {SECRET}
    access_token: {TOKEN}
    admin_api_url: {shop.sandbox.url}
    writer: {{max_items_per_call: 100}}
"""
        )
        store = SqlStore(sqlite_url)
        state = shop.sandbox.state

        async def push(quantity: int, version: float) -> int:
            body = json.dumps({"shop": SHOP, "items": [item(sku(1, 1), quantity, version)]})
            result = await store.append_event(
                NewEvent("inbound", "inventory", "inventory/set", body.encode(), 0.0),
                [NewJob("inventory", DESTINATION, uuid.uuid4().hex)],
            )
            return result.job_ids[0]

        def available() -> int:
            [inventory_item] = state.find("InventoryItem", "sku", sku(1, 1))
            [level] = state.find("InventoryLevel", "itemId", inventory_item["id"])
            return int(level["quantities"]["available"])

        try:
            async with running_engine(settings) as engine:
                first = await push(21, 1.0)
                await until(lambda: available() == 21)
                calls = await shopify_calls(engine)  # lookups, then one mutation
                await push(22, 2.0)
                await until(lambda: available() == 22)
                assert await shopify_calls(engine) == calls + 1  # the SKU was cached

                update = {"id": 1, "variants": [{"sku": sku(1, 1), "inventory_item_id": 1}]}
                body = testing.encode(update)
                headers = testing.shopify_webhook_headers(SECRET, "products/update", domain, body)
                async with engine.http.post(
                    f"{engine.url}/webhooks/shopify", data=body, headers=headers
                ) as answer:
                    assert answer.status == 200
                await push(23, 3.0)
                await until(lambda: available() == 23)
                assert await shopify_calls(engine) == calls + 3  # looked up again, then set
            assert (await store.get_job(first)).status is JobStatus.DELIVERED
        finally:
            await store.close()
