"""Abandoned checkouts end to end: sandbox checkouts in, marketing/checkout_abandoned out."""

from __future__ import annotations

import json
import time

from shopbridge.marketing.abandoned import timer_name
from shopbridge.store.base import NewTimer, TimerRecord
from tests.integration.marketing.world import World, marketing_world

HOUR = {"delay_secs": 3600}


async def _armed(world: World, token: str, revision: int = 1) -> TimerRecord:
    """Wait until the checkout's timer is at ``revision`` (or later); return it."""
    found: list[TimerRecord] = []

    async def check() -> bool:
        timer = await world.timer(timer_name("acme", token))
        found[:] = [timer] if timer is not None else []
        return timer is not None and timer.revision >= revision

    await world.until(check, f"timer of checkout {token} at revision {revision}")
    return found[0]


async def _due_now(world: World, timer: TimerRecord) -> None:
    """Move the timer to now, as if its delay had passed (its payload unchanged)."""
    async with world.store() as store:
        await store.set_timer(
            NewTimer(timer.name, timer.topic, time.time(), timer.payload, timer.shop), time.time()
        )


async def test_an_unfinished_checkout_becomes_one_abandoned_event(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, abandoned_checkout={"delay_secs": 0.5}) as world:
        await world.subscribed("checkouts/create", "checkouts/update", "orders/create")
        await world.shopper("POST", "/customers", {"email": "grace@example.com"})
        checkout = await world.start_checkout("grace@example.com", sku="SKU-00002-1")
        await world.until(
            lambda: world.delivered("marketing/checkout_abandoned"), "the abandoned event"
        )
        await world.until(
            lambda: _gone(world, timer_name("acme", checkout["token"])), "the timer spent"
        )
    [event] = world.delivered("marketing/checkout_abandoned")
    assert event["checkout_token"] == checkout["token"]
    assert event["recovery_url"] == checkout["abandoned_checkout_url"]
    assert event["email"] == "grace@example.com"
    assert event["customer"]["email"] == "grace@example.com"
    assert [(line["sku"], line["quantity"]) for line in event["lines"]] == [("SKU-00002-1", 1)]
    assert (event["shop"], event["shop_domain"], event["delay_secs"]) == (
        "acme",
        "acme.myshopify.com",
        0.5,
    )


async def _gone(world: World, name: str) -> bool:
    return await world.timer(name) is None


async def test_the_checkouts_order_cancels_its_timer(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, abandoned_checkout=HOUR) as world:
        await world.subscribed("checkouts/create", "orders/create")
        checkout = await world.start_checkout("ada@example.com")
        await _armed(world, checkout["token"])
        await world.shopper(
            "POST", f"/checkouts/{checkout['token']}/complete", {"payment": "success"}
        )
        await world.until(lambda: world.delivered("marketing/first_purchase"), "the order")
        await world.until(
            lambda: _gone(world, timer_name("acme", checkout["token"])), "the timer cancelled"
        )
    assert world.delivered("marketing/checkout_abandoned") == []


async def test_a_checkout_update_resets_the_timer_and_what_it_carries(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, abandoned_checkout=HOUR) as world:
        await world.subscribed("checkouts/create", "checkouts/update")
        checkout = await world.start_checkout("ada@example.com")
        first = await _armed(world, checkout["token"])
        await world.shopper(
            "PATCH",
            f"/checkouts/{checkout['token']}",
            {"lines": [{"sku": "SKU-00003-2", "quantity": 3}]},
        )
        moved = await _armed(world, checkout["token"], revision=first.revision + 1)
        assert moved.fire_at >= first.fire_at
        lines = json.loads(moved.payload)["lines"]
        assert [(line["sku"], line["quantity"]) for line in lines] == [("SKU-00003-2", 3)]
        await _due_now(world, moved)
        await world.until(
            lambda: world.delivered("marketing/checkout_abandoned"), "the abandoned event"
        )
    [event] = world.delivered("marketing/checkout_abandoned")
    assert [(line["sku"], line["quantity"]) for line in event["lines"]] == [("SKU-00003-2", 3)]


async def test_a_timer_set_before_a_restart_fires_after_it(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, abandoned_checkout=HOUR) as world:
        await world.subscribed("checkouts/create")
        checkout = await world.start_checkout("ada@example.com")
        timer = await _armed(world, checkout["token"])
        await world.stop_engine()
        await _due_now(world, timer)  # the hour passed while the engine was down
        assert world.delivered("marketing/checkout_abandoned") == []
        await world.start_engine()
        await world.until(
            lambda: world.delivered("marketing/checkout_abandoned"), "the abandoned event"
        )
    [event] = world.delivered("marketing/checkout_abandoned")
    assert event["checkout_token"] == checkout["token"]


async def test_a_checkout_without_contact_starts_no_timer(sqlite_url: str) -> None:
    async with marketing_world(sqlite_url, abandoned_checkout=HOUR) as world:
        await world.subscribed("checkouts/create")
        anonymous = await world.start_checkout(None)

        async def judged() -> bool:
            outcomes = await world.metric("shopbridge_marketing_checkouts_total", "outcome")
            return outcomes.get("unrecoverable", 0) >= 1

        await world.until(judged, "the checkout judged unrecoverable")
        assert await world.timer(timer_name("acme", anonymous["token"])) is None
