"""Durable timers, the same on SQLite and PostgreSQL: set, move, cancel, fire once."""

from __future__ import annotations

from shopbridge.store.base import JobFilter, NewEvent, NewJob, NewTimer
from shopbridge.store.sql import SqlStore
from tests.conftest import FakeClock


def timer(name: str = "t1", fire_at: float = 100.0, body: bytes = b'{"n":1}') -> NewTimer:
    return NewTimer(
        name=name, topic="marketing/checkout_abandoned", fire_at=fire_at, payload=body, shop="acme"
    )


def fired_event(clock: FakeClock, key: str) -> NewEvent:
    return NewEvent(
        source_kind="shopbridge",
        source="acme",
        topic="marketing/checkout_abandoned",
        body=b'{"n":1}',
        received_at=clock(),
        dedupe_key=key,
    )


async def test_set_creates_then_moves_with_a_new_revision(
    store: SqlStore, clock: FakeClock
) -> None:
    first = await store.set_timer(timer(fire_at=100.0), clock())
    assert (first.revision, first.fire_at, first.payload) == (1, 100.0, b'{"n":1}')
    moved = await store.set_timer(timer(fire_at=250.0, body=b'{"n":2}'), clock())
    assert (moved.revision, moved.fire_at, moved.payload) == (2, 250.0, b'{"n":2}')
    assert moved.created_at == first.created_at
    assert await store.get_timer("t1") == moved


async def test_due_timers_are_those_whose_time_has_come_earliest_first(
    store: SqlStore, clock: FakeClock
) -> None:
    await store.set_timer(timer("late", 300.0), clock())
    await store.set_timer(timer("soon", 50.0), clock())
    await store.set_timer(timer("mid", 120.0), clock())
    assert [t.name for t in await store.due_timers(150.0, 10)] == ["soon", "mid"]
    assert [t.name for t in await store.due_timers(150.0, 1)] == ["soon"]
    assert await store.next_timer_at() == 50.0


async def test_cancel_removes_the_timer(store: SqlStore, clock: FakeClock) -> None:
    await store.set_timer(timer(), clock())
    assert await store.cancel_timer("t1") is True
    assert await store.cancel_timer("t1") is False
    assert await store.get_timer("t1") is None
    assert await store.next_timer_at() is None


async def test_firing_appends_the_event_and_removes_the_timer_together(
    store: SqlStore, clock: FakeClock
) -> None:
    armed = await store.set_timer(timer(), clock())
    job = NewJob(flow="marketing", destination="klaviyo", idempotency_key="msg_1")
    result = await store.fire_timer(armed, fired_event(clock, "t1:1"), [job])
    assert result is not None
    assert not result.duplicate
    assert await store.get_timer("t1") is None
    jobs = await store.list_jobs(JobFilter(event_id=result.event_id))
    assert [j.destination for j in jobs] == ["klaviyo"]


async def test_a_moved_timer_is_not_fired_from_its_old_reading(
    store: SqlStore, clock: FakeClock
) -> None:
    read_before = await store.set_timer(timer(fire_at=100.0), clock())
    await store.set_timer(timer(fire_at=500.0), clock())  # a checkout update resets it
    assert await store.fire_timer(read_before, fired_event(clock, "t1:1"), []) is None
    still = await store.get_timer("t1")
    assert still is not None
    assert still.fire_at == 500.0
    assert await store.due_timers(200.0, 10) == []


async def test_a_cancelled_timer_fires_nothing(store: SqlStore, clock: FakeClock) -> None:
    read_before = await store.set_timer(timer(), clock())
    await store.cancel_timer("t1")
    job = NewJob(flow="marketing", destination="klaviyo", idempotency_key="msg_1")
    assert await store.fire_timer(read_before, fired_event(clock, "t1:1"), [job]) is None
    assert await store.list_jobs(JobFilter(destination="klaviyo")) == []


async def test_two_firings_of_one_reading_append_once(store: SqlStore, clock: FakeClock) -> None:
    armed = await store.set_timer(timer(), clock())
    job = NewJob(flow="marketing", destination="klaviyo", idempotency_key="msg_1")
    first = await store.fire_timer(armed, fired_event(clock, "t1:1"), [job])
    second = await store.fire_timer(armed, fired_event(clock, "t1:1"), [job])
    assert first is not None
    assert second is None
    assert len(await store.list_jobs(JobFilter(destination="klaviyo"))) == 1
