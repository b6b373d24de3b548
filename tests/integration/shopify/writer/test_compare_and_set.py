"""``writer.compare_and_set``: a change made meanwhile by someone else is refused, not lost.

With it on, each quantity goes out with ``changeFromQuantity`` = the quantity this writer
last set there; if the merchant (or another app) changed it since, Shopify refuses the
item and it becomes a replayable dead letter. Off (the default), the writer sends an
explicit null and the newest upstream value wins.
"""

from __future__ import annotations

import functools

import pytest

from shopbridge.config.schema import WriterSettings
from shopbridge.sandbox.merchant import edit_stock
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus

from .scenario import Scenario, Seed, item, running, until

CATALOG = functools.partial(seed_catalog, products=2, variants=1, locations=1)


@pytest.fixture
def seed() -> Seed:
    return CATALOG


async def test_a_change_made_meanwhile_is_refused_and_dead_lettered(world: Scenario) -> None:
    writer = world.writer(settings=WriterSettings(compare_and_set=True))
    async with running(writer):
        await world.push(item(sku(1, 1), 10, 1.0))
        await until(world.settled)
        assert world.available(sku(1, 1)) == 10
        edit_stock(world.sandbox.sandbox.state, sku(1, 1), set_to=7)  # the merchant, meanwhile
        await world.push(item(sku(1, 1), 20, 2.0))
        await until(world.settled)
    assert world.available(sku(1, 1)) == 7  # not overwritten
    [dead] = await world.jobs(JobStatus.DEAD)
    assert "changeFromQuantity" in (dead.last_reason or "")
    assert writer.stats.rejected == 1


async def test_without_it_the_newest_upstream_value_wins(world: Scenario) -> None:
    writer = world.writer()
    async with running(writer):
        await world.push(item(sku(1, 1), 10, 1.0))
        await until(world.settled)
        edit_stock(world.sandbox.sandbox.state, sku(1, 1), set_to=7)
        await world.push(item(sku(1, 1), 20, 2.0))
        await until(world.settled)
    assert world.available(sku(1, 1)) == 20
    assert await world.jobs(JobStatus.DEAD) == []
