"""The abandoned-checkout rules on Shopify's own example payloads, with a real SQLite store:
out-of-order updates, same-second updates, an order first, checkouts without contact."""

from __future__ import annotations

import copy
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.marketing.abandoned import AbandonedCheckouts, timer_name
from shopbridge.marketing.settings import AbandonedCheckoutSettings, MarketingSettings
from shopbridge.store.sql import SqlStore
from tests.unit.sandbox.rest.shapes import official_example

NOW = 1_780_000_000.0


def checkout(updated_at: str, **changes: Any) -> dict[str, Any]:
    """Shopify's 2026-07 ``checkouts/create`` example, updated at ``updated_at``."""
    example: dict[str, Any] = copy.deepcopy(official_example("checkouts/create"))
    return {**example, "updated_at": updated_at, **changes}


@pytest.fixture
async def store(sqlite_url: str) -> AsyncIterator[SqlStore]:
    opened = SqlStore(sqlite_url)
    try:
        yield opened
    finally:
        await opened.close()


def timers(store: SqlStore, **abandoned: Any) -> AbandonedCheckouts:
    settings = MarketingSettings(abandoned_checkout=AbandonedCheckoutSettings(**abandoned))
    return AbandonedCheckouts(
        store, lambda _shop: settings, {"acme": "acme.myshopify.com"}, clock=lambda: NOW
    )


NAME = timer_name("acme", "123123123")


async def test_the_example_checkout_sets_a_timer_carrying_the_event(store: SqlStore) -> None:
    outcome = await timers(store).on_checkout("acme", checkout("2026-07-01T10:00:00-04:00"))
    timer = await store.get_timer(NAME)
    assert outcome == "timer_set"
    assert timer is not None
    assert timer.fire_at == 1_782_914_400.0 + 3600  # 14:00 UTC, plus the delay
    event = json.loads(timer.payload)
    assert event["recovery_url"].endswith("/recover?key=example-secret-token")
    assert (event["email"], event["customer"]["email"]) == ("example@email.com", "john@example.com")
    assert [line["sku"] for line in event["lines"]] == ["IPOD2008PINK", "IPOD2008PINK"]
    assert event["abandoned_at"] == "2026-07-01T15:00:00.000Z"


async def test_an_older_update_arriving_late_is_ignored(store: SqlStore) -> None:
    keeper = timers(store)
    newer = checkout("2026-07-01T10:05:00-04:00", total_price="10.00")
    older = checkout("2026-07-01T10:00:00-04:00", total_price="99.00")
    assert await keeper.on_checkout("acme", newer) == "timer_set"
    assert await keeper.on_checkout("acme", older) == "stale"
    timer = await store.get_timer(NAME)
    assert timer is not None
    assert (timer.revision, json.loads(timer.payload)["total_price"]) == (1, "10.00")


async def test_a_same_second_update_refreshes_an_armed_timer_but_not_a_spent_one(
    store: SqlStore,
) -> None:
    keeper = timers(store)
    first = checkout("2026-07-01T10:00:00-04:00", total_price="1.00")
    assert await keeper.on_checkout("acme", first) == "timer_set"
    second = {**first, "total_price": "2.00"}
    assert await keeper.on_checkout("acme", second) == "timer_set"
    timer = await store.get_timer(NAME)
    assert timer is not None
    assert (timer.revision, json.loads(timer.payload)["total_price"]) == (2, "2.00")
    await store.cancel_timer(NAME)  # as when it fired
    assert await keeper.on_checkout("acme", second) == "stale"
    assert await store.get_timer(NAME) is None


async def test_an_order_processed_first_keeps_the_checkout_from_being_armed(
    store: SqlStore,
) -> None:
    keeper = timers(store)
    await keeper.on_order("acme", {"id": 1, "checkout_token": "123123123"})
    assert await keeper.on_checkout("acme", checkout("2026-07-01T10:00:00Z")) == "completed"
    assert await store.get_timer(NAME) is None


async def test_a_completed_update_cancels_the_timer(store: SqlStore) -> None:
    keeper = timers(store)
    await keeper.on_checkout("acme", checkout("2026-07-01T10:00:00Z"))
    done = checkout("2026-07-01T10:01:00Z", completed_at="2026-07-01T10:01:00Z")
    assert await keeper.on_checkout("acme", done) == "completed"
    assert await store.get_timer(NAME) is None


async def test_a_checkout_without_contact_starts_no_timer_unless_asked(store: SqlStore) -> None:
    anonymous = checkout(
        "2026-07-01T10:00:00Z",
        email=None,
        customer=None,
        billing_address=None,
        shipping_address=None,
    )
    assert await timers(store).on_checkout("acme", anonymous) == "unrecoverable"
    assert await store.get_timer(NAME) is None
    later = {**anonymous, "updated_at": "2026-07-01T10:01:00Z"}
    assert await timers(store, require_contact=False).on_checkout("acme", later) == "timer_set"
    timer = await store.get_timer(NAME)
    assert timer is not None
    assert json.loads(timer.payload)["email"] is None


async def test_a_checkout_that_loses_its_lines_cancels_its_timer(store: SqlStore) -> None:
    keeper = timers(store)
    await keeper.on_checkout("acme", checkout("2026-07-01T10:00:00Z"))
    emptied = checkout("2026-07-01T10:02:00Z", line_items=[])
    assert await keeper.on_checkout("acme", emptied) == "unrecoverable"
    assert await store.get_timer(NAME) is None


async def test_a_switched_off_shop_sets_nothing(store: SqlStore) -> None:
    outcome = await timers(store, enabled=False).on_checkout("acme", checkout("2026-07-01Z"))
    assert outcome == "ignored"
    assert await store.get_timer(NAME) is None
