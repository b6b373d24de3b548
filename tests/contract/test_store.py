"""One contract, every store: the same tests on a SQLite file and on PostgreSQL."""

from __future__ import annotations

import asyncio

import pytest

from shopbridge import errors
from shopbridge.store.base import (
    AttemptRecord,
    EventFilter,
    EventRecord,
    JobFilter,
    JobStatus,
    NewEvent,
    NewJob,
)
from shopbridge.store.sql import SqlStore
from tests.conftest import FakeClock

LEASE = 30.0


def event(clock: FakeClock, dedupe: str | None = None, topic: str = "orders/create") -> NewEvent:
    return NewEvent(
        source_kind="shopify",
        source="acme",
        topic=topic,
        body=b'{"id": 1}',
        received_at=clock(),
        dedupe_key=dedupe,
        shop_domain="acme.myshopify.com",
        headers={"x-shopify-topic": topic},
    )


def job(dest: str = "erp", lane: str | None = None, key: str = "k") -> NewJob:
    return NewJob(flow="orders", destination=dest, idempotency_key=f"msg_{key}", lane=lane)


def record(claimed_job: object, worker: str, clock: FakeClock, outcome: str) -> AttemptRecord:
    return AttemptRecord(
        job_id=claimed_job.id,  # type: ignore[attr-defined]
        attempt=claimed_job.attempt,  # type: ignore[attr-defined]
        worker=worker,
        started_at=clock(),
        finished_at=clock(),
        outcome=outcome,
        status_code=503 if outcome != "delivered" else 200,
        reason=f"{outcome} reason",
        request={"url": "http://erp/"},
        response={"status": 503},
    )


async def test_append_stores_event_and_jobs_together(store: SqlStore, clock: FakeClock) -> None:
    result = await store.append_event(event(clock, "w1"), [job("erp"), job("wms")])
    assert not result.duplicate
    assert len(result.job_ids) == 2
    stored = await store.get_event(result.event_id)
    assert stored.body == b'{"id": 1}'
    assert stored.headers == {"x-shopify-topic": "orders/create"}
    listed = await store.list_jobs(JobFilter(event_id=result.event_id))
    assert {j.destination for j in listed} == {"erp", "wms"}
    assert all(j.status is JobStatus.QUEUED and j.attempt == 0 for j in listed)


async def test_duplicate_dedupe_key_creates_nothing(store: SqlStore, clock: FakeClock) -> None:
    first = await store.append_event(event(clock, "w1"), [job()])
    again = await store.append_event(event(clock, "w1"), [job(key="other")])
    assert again.duplicate
    assert again.event_id == first.event_id
    assert again.job_ids == first.job_ids
    assert len(await store.list_jobs(JobFilter())) == 1
    assert len(await store.list_events(EventFilter())) == 1


async def test_events_without_dedupe_key_are_all_kept(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [])
    await store.append_event(event(clock), [])
    assert len(await store.list_events(EventFilter())) == 2


async def test_concurrent_appends_of_one_delivery_store_it_once(
    store: SqlStore, clock: FakeClock
) -> None:
    results = await asyncio.gather(
        *[store.append_event(event(clock, "same"), [job()]) for _ in range(20)]
    )
    assert sum(not r.duplicate for r in results) == 1
    assert len({r.event_id for r in results}) == 1
    assert len(await store.list_jobs(JobFilter())) == 1


async def test_claim_leases_and_increments_attempt(store: SqlStore, clock: FakeClock) -> None:
    appended = await store.append_event(event(clock), [job()])
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert [c.job.id for c in claimed] == list(appended.job_ids)
    leased = claimed[0].job
    assert leased.status is JobStatus.RUNNING
    assert leased.attempt == 1
    assert leased.lease_owner == "w1"
    assert leased.lease_until == clock() + LEASE
    assert claimed[0].event.id == appended.event_id
    assert await store.claim_jobs("w2", 10, clock(), LEASE) == []


async def test_expired_lease_returns_job_to_queue(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (first,) = await store.claim_jobs("dead-worker", 10, clock(), LEASE)
    clock.advance(LEASE - 1)
    assert await store.reap_expired(clock()) == 0
    clock.advance(2)
    assert await store.reap_expired(clock()) == 1
    (second,) = await store.claim_jobs("w2", 10, clock(), LEASE)
    assert second.job.id == first.job.id
    assert second.job.attempt == 2
    # The presumed-dead worker wakes up: its late completion must not win.
    late = await store.complete_job(
        first.job, "dead-worker", record(first.job, "x", clock, "delivered")
    )
    assert late is False
    assert (await store.get_job(first.job.id)).status is JobStatus.RUNNING
    assert await store.complete_job(second.job, "w2", record(second.job, "w2", clock, "delivered"))
    assert (await store.get_job(first.job.id)).status is JobStatus.DELIVERED


async def test_heartbeat_keeps_lease(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    clock.advance(LEASE - 1)
    assert await store.extend_leases("w1", [claimed.job.id], clock() + LEASE) == 1
    assert await store.extend_leases("intruder", [claimed.job.id], clock() + LEASE) == 0
    clock.advance(LEASE - 1)
    assert await store.reap_expired(clock()) == 0


async def test_same_lane_runs_in_order_other_lanes_in_parallel(
    store: SqlStore, clock: FakeClock
) -> None:
    a1 = await store.append_event(event(clock), [job(lane="erp|A", key="a1")])
    a2 = await store.append_event(event(clock), [job(lane="erp|A", key="a2")])
    b1 = await store.append_event(event(clock), [job(lane="erp|B", key="b1")])
    free = await store.append_event(event(clock), [job(key="free")])
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE)
    ids = {c.job.id for c in claimed}
    assert ids == {a1.job_ids[0], b1.job_ids[0], free.job_ids[0]}
    assert a2.job_ids[0] not in ids
    first_a = next(c.job for c in claimed if c.job.id == a1.job_ids[0])
    # While A1 waits for a retry, A2 must still wait behind it.
    await store.retry_job(first_a, "w1", clock() + 60, record(first_a, "w1", clock, "retry"))
    assert await store.claim_jobs("w1", 10, clock(), LEASE) == []
    clock.advance(61)
    (again,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert again.job.id == a1.job_ids[0]
    await store.complete_job(again.job, "w1", record(again.job, "w1", clock, "delivered"))
    (next_in_lane,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert next_in_lane.job.id == a2.job_ids[0]


async def test_dead_job_does_not_block_its_lane(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job(lane="erp|A", key="1")])
    second = await store.append_event(event(clock), [job(lane="erp|A", key="2")])
    (first,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    await store.dead_letter_job(first.job, "w1", record(first.job, "w1", clock, "rejected"))
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert claimed.job.id == second.job_ids[0]


async def test_retry_waits_until_run_at(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert await store.retry_job(
        claimed.job, "w1", clock() + 120, record(claimed.job, "w1", clock, "retry")
    )
    assert await store.next_run_at() == clock() + 120
    clock.advance(119)
    assert await store.claim_jobs("w1", 10, clock(), LEASE) == []
    clock.advance(1)
    (again,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert again.job.attempt == 2
    assert again.job.last_reason == "retry reason"


async def test_dead_letter_keeps_last_exchange(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert await store.dead_letter_job(
        claimed.job, "w1", record(claimed.job, "w1", clock, "rejected")
    )
    (dead,) = await store.list_jobs(JobFilter(status=JobStatus.DEAD))
    assert dead.last_reason == "rejected reason"
    assert dead.last_status_code == 503
    (attempt,) = await store.list_attempts(dead.id)
    assert attempt.request == {"url": "http://erp/"}
    assert attempt.response == {"status": 503}


async def test_replay_one_dead_job(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    await store.dead_letter_job(claimed.job, "w1", record(claimed.job, "w1", clock, "rejected"))
    clock.advance(5)
    replayed = await store.replay_job(claimed.job.id, clock())
    assert replayed.status is JobStatus.QUEUED
    assert replayed.replay_of == claimed.job.id
    assert replayed.idempotency_key == claimed.job.idempotency_key
    old = await store.get_job(claimed.job.id)
    assert old.status is JobStatus.REPLAYED
    assert old.replayed_by == replayed.id
    assert await store.list_jobs(JobFilter(status=JobStatus.DEAD)) == []
    (again,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert again.job.id == replayed.id


async def test_replay_refuses_pending_and_unknown_jobs(store: SqlStore, clock: FakeClock) -> None:
    result = await store.append_event(event(clock), [job()])
    with pytest.raises(errors.EngineError, match="queued"):
        await store.replay_job(result.job_ids[0], clock())
    with pytest.raises(errors.NotFoundError):
        await store.replay_job(999_999, clock())


async def test_replay_dead_by_filter(store: SqlStore, clock: FakeClock) -> None:
    for n in range(3):
        await store.append_event(event(clock), [job("erp", key=f"e{n}"), job("wms", key=f"w{n}")])
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE)
    for item in claimed:
        await store.dead_letter_job(item.job, "w1", record(item.job, "w1", clock, "rejected"))
        clock.advance(10)
    replayed = await store.replay_dead(JobFilter(destination="erp"), clock())
    assert len(replayed) == 3
    assert {j.destination for j in replayed} == {"erp"}
    remaining = await store.list_jobs(JobFilter(status=JobStatus.DEAD))
    assert {j.destination for j in remaining} == {"wms"}
    # time range: only the wms jobs that died in the window
    window = sorted(j.updated_at for j in remaining)
    in_window = await store.replay_dead(
        JobFilter(since=window[0], until=window[1] + 0.001), clock()
    )
    assert len(in_window) == 2


async def test_release_gives_back_unstarted_work(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert await store.release_jobs("w1", [claimed.job.id], clock()) == 1
    (again,) = await store.claim_jobs("w2", 10, clock(), LEASE)
    assert again.job.attempt == 1


async def test_claim_restricted_to_destinations(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job("erp"), job("wms", key="2")])
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE, destinations=["wms"])
    assert [c.job.destination for c in claimed] == ["wms"]
    assert await store.claim_jobs("w1", 10, clock(), LEASE, destinations=[]) == []


async def test_claim_everything_except_destinations_others_own(
    store: SqlStore, clock: FakeClock
) -> None:
    await store.append_event(
        event(clock), [job("erp"), job("shopify:acme", key="2"), job("gone", key="3")]
    )
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE, excluding=["shopify:acme"])
    assert sorted(c.job.destination for c in claimed) == ["erp", "gone"]
    (writer,) = await store.claim_jobs("w2", 10, clock(), LEASE, destinations=["shopify:acme"])
    assert writer.job.destination == "shopify:acme"


async def test_a_claim_gives_the_same_event_whether_cached_or_read(
    store: SqlStore, store_url: str, clock: FakeClock
) -> None:
    await store.append_event(event(clock, "c1"), [job("erp"), job("wms", key="2")])
    (cached,) = await store.claim_jobs("w1", 10, clock(), LEASE, destinations=["erp"])
    elsewhere = SqlStore(store_url)  # another process: nothing cached, read from the store
    try:
        (read,) = await elsewhere.claim_jobs("w2", 10, clock(), LEASE, destinations=["wms"])
    finally:
        await elsewhere.close()
    assert read.event == cached.event


async def test_concurrent_claimers_never_share_a_job(store_url: str, clock: FakeClock) -> None:
    stores = [SqlStore(store_url) for _ in range(4)]
    try:
        for n in range(200):
            await stores[0].append_event(event(clock), [job(key=str(n))])
        batches = await asyncio.gather(
            *[
                s.claim_jobs(f"w{i}", 7, clock(), LEASE)
                for _ in range(10)
                for i, s in enumerate(stores)
            ]
        )
        ids = [c.job.id for batch in batches for c in batch]
        assert len(ids) == len(set(ids))
        assert len(ids) == 200
    finally:
        for s in stores:
            await s.close()


async def test_a_claim_reads_events_another_process_appended(
    store_url: str, clock: FakeClock
) -> None:
    appender, claimer = SqlStore(store_url), SqlStore(store_url)
    try:
        appended = await appender.append_event(event(clock, "w-other"), [job()])
        (claimed,) = await claimer.claim_jobs("w1", 10, clock(), LEASE)
    finally:
        await appender.close()
        await claimer.close()
    assert claimed.event == expected_event(appended.event_id, clock)


async def test_a_claimed_event_from_this_process_equals_the_stored_one(
    store: SqlStore, clock: FakeClock
) -> None:
    appended = await store.append_event(event(clock, "w-mine"), [job()])
    (claimed,) = await store.claim_jobs("w1", 10, clock(), LEASE)
    assert claimed.event == await store.get_event(appended.event_id)


def expected_event(event_id: int, clock: FakeClock) -> object:
    """The event as appended by ``event(clock, "w-other")`` (the claim must match it)."""
    sent = event(clock, "w-other")
    return EventRecord(
        id=event_id,
        source_kind=sent.source_kind,
        source=sent.source,
        topic=sent.topic,
        dedupe_key=sent.dedupe_key,
        shop_domain=sent.shop_domain,
        received_at=sent.received_at,
        occurred_at=sent.occurred_at,
        headers=sent.headers,
        content_type=sent.content_type,
        body=sent.body,
    )


async def test_destination_stats(store: SqlStore, clock: FakeClock) -> None:
    await store.append_event(event(clock), [job("erp"), job("wms", key="2")])
    clock.advance(30)
    await store.append_event(event(clock), [job("erp", key="3")])
    (claimed, *_) = await store.claim_jobs("w1", 1, clock(), LEASE, destinations=["wms"])
    await store.dead_letter_job(claimed.job, "w1", record(claimed.job, "w1", clock, "rejected"))
    stats = {s.destination: s for s in await store.destination_stats(clock() + 10)}
    assert stats["erp"].queued == 2
    assert stats["erp"].oldest_pending_age_secs == pytest.approx(40)
    assert stats["wms"].dead == 1
    assert stats["wms"].queued == 0


async def test_api_keys(store: SqlStore, clock: FakeClock) -> None:
    created = await store.create_api_key("erp", "abcd1234", "h" * 64, ["events:write"], clock())
    assert (await store.find_api_key("abcd1234")) == created
    with pytest.raises(errors.EngineError, match="already exists"):
        await store.create_api_key("erp", "zzzz9999", "h" * 64, [], clock())
    revoked = await store.revoke_api_key("erp", clock())
    assert revoked.revoked_at == clock()
    with pytest.raises(errors.NotFoundError):
        await store.revoke_api_key("erp", clock())
    assert [k.name for k in await store.list_api_keys()] == ["erp"]


async def test_wait_for_work_wakes_on_append(store: SqlStore, clock: FakeClock) -> None:
    await store.wait_for_work(0.01)  # clear anything pending
    waiter = asyncio.create_task(store.wait_for_work(5.0))
    await asyncio.sleep(0.05)
    await store.append_event(event(clock), [job()])
    assert await asyncio.wait_for(waiter, 5.0) is True


async def test_every_listener_sees_each_wake_up(store: SqlStore, clock: FakeClock) -> None:
    for listener in ("worker", "shopify:acme"):
        await store.wait_for_work(0.01, listener)  # a new listener starts woken
    waiters = [
        asyncio.create_task(store.wait_for_work(5.0, listener))
        for listener in ("worker", "shopify:acme")
    ]
    await asyncio.sleep(0.05)
    await store.append_event(event(clock), [job()])
    assert await asyncio.wait_for(asyncio.gather(*waiters), 5.0) == [True, True]


@pytest.mark.postgres
async def test_postgres_notify_wakes_another_process(pg_database: str, clock: FakeClock) -> None:
    writer, listener = SqlStore(pg_database), SqlStore(pg_database)
    try:
        await listener.wait_for_work(0.5)  # starts LISTEN; clears the initial wake-up
        waiter = asyncio.create_task(listener.wait_for_work(5.0))
        await asyncio.sleep(0.1)
        await writer.append_event(event(clock), [job()])
        assert await asyncio.wait_for(waiter, 5.0) is True
    finally:
        await writer.close()
        await listener.close()


async def test_a_job_carries_its_own_payload_through_claim_and_replay(
    store: SqlStore, clock: FakeClock
) -> None:
    item = NewJob(
        flow="inventory", destination="shopify", idempotency_key="msg_i", payload=b'{"sku": "A"}'
    )
    appended = await store.append_event(event(clock), [item, job()])
    claimed = await store.claim_jobs("w1", 10, clock(), LEASE)
    payloads = {c.job.flow: c.job.payload for c in claimed}
    assert payloads == {"inventory": b'{"sku": "A"}', "orders": None}
    inventory = next(c.job for c in claimed if c.job.flow == "inventory")
    await store.dead_letter_job(inventory, "w1", record(inventory, "w1", clock, "rejected"))
    replayed = await store.replay_job(inventory.id, clock())
    assert replayed.payload == b'{"sku": "A"}'
    assert replayed.event_id == appended.event_id


async def test_a_job_can_be_dead_from_the_start_and_replayed(
    store: SqlStore, clock: FakeClock
) -> None:
    appended = await store.append_event(event(clock), [])
    bad = NewJob(
        flow="inventory", destination="shopify", idempotency_key="msg_b", payload=b'{"sku": "X"}'
    )
    dead = await store.add_dead_job(appended.event_id, bad, "sku: unknown SKU 'X'", None, clock())
    assert (dead.status, dead.last_reason, dead.payload) == (
        JobStatus.DEAD,
        "sku: unknown SKU 'X'",
        b'{"sku": "X"}',
    )
    letters = await store.list_jobs(JobFilter(status=JobStatus.DEAD))
    assert [j.id for j in letters] == [dead.id]
    again = await store.replay_job(dead.id, clock())
    assert (again.status, again.payload) == (JobStatus.QUEUED, b'{"sku": "X"}')


async def test_applied_versions_keep_the_newest_per_key(store: SqlStore, clock: FakeClock) -> None:
    scope = "shopify:acme.myshopify.com"
    assert await store.applied_versions(scope, ["a", "b"]) == {}
    await store.record_applied(scope, {"a": 10.0, "b": 5.0}, clock())
    await store.record_applied(scope, {"a": 7.0, "b": 6.0, "c": 1.0}, clock())
    assert await store.applied_versions(scope, ["a", "b", "c", "d"]) == {
        "a": 10.0,
        "b": 6.0,
        "c": 1.0,
    }
    assert await store.applied_versions("shopify:other.myshopify.com", ["a"]) == {}


async def test_applied_versions_for_many_keys(store: SqlStore, clock: FakeClock) -> None:
    scope = "shopify:acme.myshopify.com"
    versions = {f"inventory:{n}@1": float(n) for n in range(1_200)}
    await store.record_applied(scope, versions, clock())
    assert await store.applied_versions(scope, list(versions)) == versions
