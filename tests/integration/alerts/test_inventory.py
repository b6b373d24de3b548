"""Inventory mismatches: the reconciliation against the sandbox's real levels (tolerance and
grace period on a fake clock), and the whole loop through a running engine."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.alerts.processor import AlertsProcessor
from shopbridge.alerts.rules.inventory import InventoryRules
from shopbridge.app import App
from shopbridge.config.loader import parse_settings
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.store.base import EventFilter, NewEvent
from tests.conftest import FakeClock
from tests.integration.alerts.world import alert_world
from tests.integration.sandbox.harness import TOKEN, Client, running

SKU = "SKU-00001-1"
PLACE = "Shop location"
LEVEL = """
query($query: String!) {
  productVariants(first: 1, query: $query) {
    nodes { inventoryItem { inventoryLevels(first: 5) {
      nodes { location { name } quantities(names: ["available"]) { quantity } } } } }
  }
}
"""


@pytest.fixture
async def shop() -> AsyncIterator[Client]:
    async with running(SandboxConfig(admin_token=TOKEN, shop_domain="acme.myshopify.com")) as c:
        seed_catalog(c.sandbox.state, products=2, variants=1, locations=1)
        yield c


@pytest.fixture
async def app(shop: Client, sqlite_url: str, clock: FakeClock) -> AsyncIterator[App]:
    settings = parse_settings(
        f"""
store: {{url: "{sqlite_url}"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: {TOKEN},
          admin_api_url: "{shop.sandbox.url}"}}
destinations:
  ops: {{url: "https://ops.example.com/alerts"}}
alerts:
  inventory:
    mismatch: {{tolerance: 2, grace_secs: 60}}
flows:
  stock_alerts:
    from: {{events: [alerts/inventory_mismatch]}}
    to: [ops]
"""
    )
    built = App.build(settings, clock=clock)
    yield built
    await built.close()


def inventory_rules(app: App) -> InventoryRules:
    processor = app.processors["alerts"]
    assert isinstance(processor, AlertsProcessor)
    return next(rule for rule in processor.rules if isinstance(rule, InventoryRules))


async def sent(app: App, quantity: int, version: float) -> None:
    """What POST /v1/inventory stores: one event with the normalized items."""
    item = {
        "sku": SKU,
        "inventory_item_id": None,
        "location": PLACE,
        "location_id": None,
        "name": "available",
        "quantity": quantity,
        "version": version,
    }
    await app.store.append_event(
        NewEvent(
            source_kind="inbound",
            source="inventory",
            topic="inventory/set",
            body=json.dumps({"shop": "acme", "items": [item]}).encode(),
            received_at=app.clock(),
        ),
        [],
    )


async def shopify_has(shop: Client, quantity: int) -> None:
    answer = await shop.http.post(
        f"{shop.sandbox.url}/sandbox/stock", json={"sku": SKU, "location": PLACE, "set": quantity}
    )
    assert answer.status == 200, await answer.text()


async def notices(app: App) -> list[dict[str, Any]]:
    found = await app.store.list_events(EventFilter(topic="alerts/inventory_mismatch"))
    return [json.loads(event.body) for event in reversed(found)]


async def test_a_difference_beyond_tolerance_alerts_after_the_grace_period(
    app: App, shop: Client, clock: FakeClock
) -> None:
    rules = inventory_rules(app)
    await sent(app, 30, version=1)
    await shopify_has(shop, 29)  # within the tolerance of 2
    await rules.check()
    assert await app.store.get_alert("inventory_mismatch:acme") is None
    await shopify_has(shop, 24)  # 6 fewer than sent: sold, or someone changed it
    await rules.check()
    row = await app.store.get_alert("inventory_mismatch:acme")
    assert row is not None
    assert row.status == "pending"
    assert await notices(app) == []
    clock.advance(61)
    await rules.check()
    [fired] = await notices(app)
    assert fired["notification"] == "triggered"
    assert fired["members"] == [f"{SKU} at {PLACE}: Shopify 24, sent 30 (available)"]
    level = fired["details"]["levels"][0]
    assert (level["sku"], level["sent"], level["shopify"]) == (SKU, 30, 24)


async def test_back_in_line_resolves_and_an_older_version_never_counts(
    app: App, shop: Client, clock: FakeClock
) -> None:
    rules = inventory_rules(app)
    await sent(app, 30, version=2)
    await shopify_has(shop, 10)
    await rules.check()
    clock.advance(61)
    await rules.check()
    await sent(app, 10, version=3)
    await sent(app, 55, version=1)  # late and stale: the writer drops it, so do we
    await rules.check()
    assert [n["notification"] for n in await notices(app)] == ["triggered", "resolved"]
    assert (await app.store.sent_levels("acme", 10))[0].quantity == 10


async def test_the_running_engine_reports_a_stock_change_made_behind_the_erps_back(
    sqlite_url: str,
) -> None:
    async with alert_world(sqlite_url) as world:
        await world.push_inventory([{"sku": SKU, "location": PLACE, "quantity": 25, "version": 1}])

        async def written() -> bool:
            data = await world.admin(LEVEL, {"query": f"sku:{SKU}"})
            item = data["productVariants"]["nodes"][0]["inventoryItem"]
            levels = item["inventoryLevels"]["nodes"]
            return any(
                lv["location"]["name"] == PLACE and lv["quantities"][0]["quantity"] == 25
                for lv in levels
            )

        await world.until(written, "the ERP's 25 written to Shopify")
        await world.store("POST", "/stock", {"sku": SKU, "location": PLACE, "set": 18})
        fired = await world.until_notice("inventory_mismatch", "triggered")
        assert fired["kind"] == "inventory_mismatch"
        assert fired["members"] == [f"{SKU} at {PLACE}: Shopify 18, sent 25 (available)"]
        await world.push_inventory([{"sku": SKU, "location": PLACE, "quantity": 18, "version": 2}])
        resolved = await world.until_notice("inventory_mismatch", "resolved")
        assert resolved["dedup_key"] == fired["dedup_key"]
