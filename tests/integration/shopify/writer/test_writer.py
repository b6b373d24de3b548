"""The inventory writer against a sandbox shop over HTTP, with a real store."""

from __future__ import annotations

import asyncio
import contextlib
import functools
import json

import pytest

from shopbridge.config.schema import WriterSettings
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus
from tests.integration.sandbox.harness import TOKEN

from .scenario import DESTINATION, Scenario, Seed, item, running, scenario, until

CATALOG = functools.partial(seed_catalog, products=3, variants=1, locations=2)


@pytest.fixture
def seed() -> Seed:
    return CATALOG


async def test_one_change_reaches_the_shop_and_completes_its_job(store_url: str) -> None:
    async with scenario(store_url, seed=CATALOG) as world:
        job_id = await world.push(item(sku(1, 1), 42, 1.0))
        writer = world.writer()
        async with running(writer):
            await until(world.settled)
        assert world.available(sku(1, 1)) == 42
        job = await world.store.get_job(job_id)
        assert job.status is JobStatus.DELIVERED
        attempts = await world.store.list_attempts(job_id)
        assert attempts[-1].reason == "applied 1, stale 0, rejected 0"
        key = f"inventory:{sku(1, 1)}@Shop location:available"
        assert await world.store.applied_versions(DESTINATION, [key]) == {key: 1.0}


async def test_ten_versions_of_one_key_become_one_write_of_the_newest(world: Scenario) -> None:
    order = [3, 7, 1, 10, 2, 9, 4, 8, 6, 5]  # out of order, as upstream systems send them
    for version in order:
        await world.push(item(sku(2, 1), 100 + version, float(version)))
    groups = world.adjustment_groups()
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    assert world.available(sku(2, 1)) == 110
    assert (writer.stats.mutations, writer.stats.applied, writer.stats.stale) == (1, 1, 9)
    assert world.adjustment_groups() == groups + 1
    delivered = await world.jobs(JobStatus.DELIVERED)
    assert len(delivered) == 10


async def test_an_older_version_after_a_newer_one_was_applied_is_stale(world: Scenario) -> None:
    writer = world.writer()
    async with running(writer):
        await world.push(item(sku(1, 1), 50, 5.0))
        await until(lambda: writer.stats.applied == 1)
        await world.push(item(sku(1, 1), 30, 3.0), item(sku(1, 1), 31, 5.0))
        await until(world.settled)
    assert world.available(sku(1, 1)) == 50
    assert (writer.stats.mutations, writer.stats.stale) == (1, 2)


async def test_an_unknown_sku_is_a_dead_item_with_its_reason_and_can_be_replayed(
    world: Scenario,
) -> None:
    writer = world.writer()
    missing = sku(4, 1)  # product 4 is not in the shop yet
    async with running(writer):
        job_id = await world.push(item(sku(1, 1), 12, 1.0), item(missing, 8, 1.0))
        await until(world.settled)
        [dead] = await world.jobs(JobStatus.DEAD)
        assert dead.last_reason == (f"unknown SKU '{missing}': no inventory item in Shopify has it")
        assert dead.event_id == (await world.store.get_job(job_id)).event_id
        assert dead.payload is not None
        assert json.loads(dead.payload) == {"shop": "acme", "items": [item(missing, 8, 1.0)]}
        assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
        assert world.available(sku(1, 1)) == 12

        # The product is created; its webhook reaches the writer; the operator replays.
        seed_catalog(world.sandbox.sandbox.state, products=4, variants=1, locations=2)
        writer.note_webhook("products/create", {"id": 4, "variants": [{"sku": missing}]})
        await world.store.replay_job(dead.id, world.clock())
        await until(world.settled)
    assert world.available(missing) == 8
    assert writer.stats.rejected == 1


async def test_a_restart_mid_batch_loses_nothing_and_applies_nothing_twice(
    world: Scenario,
) -> None:
    items = [
        item(sku(p, 1), 60 + p * 10 + loc, 1.0, loc_name)
        for p in (1, 2, 3)
        for loc, loc_name in ((0, "Shop location"), (1, "Warehouse 2"))
    ]
    job_id = await world.push(*items)
    first = world.writer(settings=WriterSettings(max_items_per_call=2), calls_in_flight=1)
    stop = asyncio.Event()
    task = asyncio.create_task(first.run(stop))
    await until(lambda: first.stats.applied >= 2)
    task.cancel()  # a crash: no graceful release, the job stays leased
    with contextlib.suppress(asyncio.CancelledError):
        await task
    assert (await world.store.get_job(job_id)).status is JobStatus.RUNNING

    world.clock.offset += 31.0  # the lease runs out
    second = world.writer(settings=WriterSettings(max_items_per_call=2))
    async with running(second):
        await until(world.settled)
    for p in (1, 2, 3):
        assert world.available(sku(p, 1), 0) == 60 + p * 10
        assert world.available(sku(p, 1), 1) == 61 + p * 10
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert second.stats.stale >= first.stats.applied
    assert second.stats.stale + second.stats.applied == len(items)
    assert await world.jobs(JobStatus.DEAD) == []


async def test_under_throttle_pressure_the_writer_waits_and_fails_nothing(
    sqlite_url: str,
) -> None:
    config = SandboxConfig(admin_token=TOKEN, restore_rate=10.0, bucket_size=100.0)
    async with scenario(sqlite_url, config, CATALOG) as world:
        writer = world.writer(settings=WriterSettings(max_items_per_call=1))
        async with running(writer):
            for n in range(12):
                await world.push(item(sku(1 + n % 3, 1), n, float(n), "Warehouse 2"))
            await until(world.settled, secs=60.0)
        assert await world.jobs(JobStatus.DEAD) == []
        assert [world.available(sku(p, 1), 1) for p in (1, 2, 3)] == [9, 10, 11]
        assert writer.stats.applied + writer.stats.stale == 12
        assert writer.client.bucket.restore_rate == 10.0


async def test_an_idempotent_resend_after_a_502_applies_the_change_once(
    world: Scenario,
) -> None:
    faults = world.sandbox.sandbox.admin

    async def outage_ends(_secs: float) -> None:
        faults.set_faults({"error_rate": 0.0})

    client = world.client(sleep=outage_ends)
    writer = world.writer(client)
    async with running(writer):
        await world.push(item(sku(3, 1), 5, 1.0))
        await until(lambda: writer.stats.applied == 1)  # lookups are cached now
        groups, calls = world.adjustment_groups(), client.stats.calls
        faults.set_faults({"error_rate": 1.0, "error_status": 502})
        await world.push(item(sku(3, 1), 77, 2.0))
        await until(world.settled)
    assert world.available(sku(3, 1)) == 77
    assert client.stats.calls == calls + 2  # the 502, then the resend with the same key
    assert world.adjustment_groups() == groups + 1
    assert writer.stats.mutations == 2
