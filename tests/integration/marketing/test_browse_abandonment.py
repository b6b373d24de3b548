"""Browse abandonment (opt-in): product views through the collector set timers per visitor
and product; further views move them, a purchase cancels them, and a due one fires."""

from __future__ import annotations

import json
import time
from typing import Any

from shopbridge.marketing.browsing import timer_name
from shopbridge.store.base import JobFilter, JobStatus, NewTimer, TimerRecord
from tests.integration.marketing.test_collect import pixel_event
from tests.integration.marketing.world import World, marketing_world

BROWSE = {"enabled": True, "window_secs": 3600}
PRODUCT = """
query($query: String!) {
  productVariants(first: 1, query: $query) { nodes { id product { id legacyResourceId } } }
}
"""


async def _product(world: World, sku: str) -> tuple[str, str]:
    """The product's numeric id and the variant's GID, for a pixel event about ``sku``."""
    found = await world.admin(PRODUCT, {"query": f"sku:{sku}"})
    variant = found["productVariants"]["nodes"][0]
    return variant["product"]["legacyResourceId"], variant["id"]


def _viewed(product_id: str, variant_id: str, client: str) -> Any:
    return pixel_event(
        client=client,
        data={"productVariant": {"id": variant_id, "product": {"id": product_id}}},
    )


async def _armed(world: World, name: str, revision: int = 1) -> TimerRecord:
    found: list[TimerRecord] = []

    async def check() -> bool:
        timer = await world.timer(name)
        found[:] = [timer] if timer is not None else []
        return timer is not None and timer.revision >= revision

    await world.until(check, f"timer {name} at revision {revision}")
    return found[0]


async def _processed(world: World, count: int) -> None:
    """Wait until the marketing processor has finished ``count`` jobs."""

    async def done() -> bool:
        async with world.store() as store:
            jobs = await store.list_jobs(
                JobFilter(status=JobStatus.DELIVERED, destination="shopbridge.marketing")
            )
        return len(jobs) >= count

    await world.until(done, f"{count} jobs of the marketing processor")


async def test_views_set_and_move_a_timer_that_fires_browse_abandoned(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, browse_abandonment=BROWSE) as world:
        product_id, variant_id = await _product(world, "SKU-00002-1")
        body = {"customer_id": "gid://shopify/Customer/77", "events": []}
        await world.collect({**body, "events": [_viewed(product_id, variant_id, "b1")]})
        name = timer_name("acme", "customer:77", product_id)
        first = await _armed(world, name)
        await world.collect({**body, "events": [_viewed(product_id, variant_id, "b1")]})
        second = await _armed(world, name, revision=first.revision + 1)
        assert second.fire_at >= first.fire_at
        async with world.store() as store:  # the window passes
            await store.set_timer(
                NewTimer(name, second.topic, time.time(), second.payload, second.shop), time.time()
            )
        await world.until(lambda: world.delivered("marketing/browse_abandoned"), "the event")
    [event] = world.delivered("marketing/browse_abandoned")
    assert (event["customer_id"], event["product"]["id"], event["views"]) == ("77", product_id, 2)
    assert event["variant"]["id"] == variant_id.rsplit("/", 1)[1]
    assert event["url"] == "https://acme.com/products/hoodie"


async def test_buying_the_product_cancels_the_customers_timer(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, browse_abandonment=BROWSE) as world:
        await world.subscribed("orders/create")
        customer = await world.shopper("POST", "/customers", {"email": "ada@example.com"})
        product_id, variant_id = await _product(world, "SKU-00001-1")
        other_id, other_variant = await _product(world, "SKU-00003-1")
        events = [_viewed(product_id, variant_id, "b1"), _viewed(other_id, other_variant, "b1")]
        await world.collect({"customer_id": customer["id"], "events": events})
        customer_id = customer["id"].rsplit("/", 1)[1]
        bought = timer_name("acme", f"customer:{customer_id}", product_id)
        kept = timer_name("acme", f"customer:{customer_id}", other_id)
        await _armed(world, bought)
        await _armed(world, kept)
        await world.buy("ada@example.com", sku="SKU-00001-1")

        async def cancelled() -> bool:
            return await world.timer(bought) is None

        await world.until(cancelled, "the bought product's timer cancelled")
        assert await world.timer(kept) is not None  # a product not bought keeps its timer


async def test_anonymous_views_start_nothing_unless_allowed(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, browse_abandonment=BROWSE) as world:
        product_id, variant_id = await _product(world, "SKU-00001-1")
        await world.collect(_viewed(product_id, variant_id, "anonymous-browser"))
        await _processed(world, 1)
        assert await world.timer(timer_name("acme", "client:anonymous-browser", product_id)) is None


async def test_an_anonymous_browsers_checkout_completed_cancels_its_timer(
    sqlite_url: str,
) -> None:
    browse = {**BROWSE, "require_customer": False}
    async with marketing_world(sqlite_url, browse_abandonment=browse) as world:
        product_id, variant_id = await _product(world, "SKU-00001-1")
        await world.collect(_viewed(product_id, variant_id, "browser-9"))
        name = timer_name("acme", "client:browser-9", product_id)
        timer = await _armed(world, name)
        assert json.loads(timer.payload)["client_id"] == "browser-9"
        line = {"quantity": 1, "variant": {"id": variant_id, "product": {"id": product_id}}}
        completed = pixel_event(
            "checkout_completed", client="browser-9", data={"checkout": {"lineItems": [line]}}
        )
        await world.collect(completed)

        async def cancelled() -> bool:
            return await world.timer(name) is None

        await world.until(cancelled, "the timer cancelled by checkout_completed")
