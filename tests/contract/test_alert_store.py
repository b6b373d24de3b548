"""What alerts ask of the store, the same on SQLite and PostgreSQL: alert rows changed only
by compare-and-set (with their notice and timer in the same transaction), sent stock levels
that keep the newest version, events read after an id, and attempts counted per destination."""

from __future__ import annotations

import dataclasses

from shopbridge.store.base import (
    AlertRecord,
    AttemptRecord,
    EventFilter,
    JobFilter,
    JobStatus,
    NewEvent,
    NewJob,
    NewTimer,
    SentLevel,
)
from shopbridge.store.sql import SqlStore
from tests.conftest import FakeClock


def row(revision: int = 1, status: str = "firing", count: int = 1) -> AlertRecord:
    return AlertRecord(
        key="payment_failed:acme",
        kind="payment_issue",
        rule="failed_transactions",
        shop="acme",
        status=status,
        severity="error",
        episode=1,
        first_seen=10.0,
        last_seen=10.0,
        count=count,
        notified_count=1,
        notified_at=10.0,
        resolved_at=None,
        state=b'{"title":"t"}',
        revision=revision,
        updated_at=10.0 + revision,
    )


def notice(key: str) -> NewEvent:
    return NewEvent(
        source_kind="shopbridge",
        source="acme",
        topic="alerts/payment_issue",
        body=b"{}",
        received_at=10.0,
        dedupe_key=key,
    )


def level(key: str, quantity: int, version: float, shop: str = "acme") -> SentLevel:
    return SentLevel(
        shop=shop,
        key=key,
        sku=key.upper(),
        inventory_item_id=None,
        location="Shop location",
        location_id=None,
        name="available",
        quantity=quantity,
        version=version,
        source="inventory",
        event_id=1,
        sent_at=version,
    )


async def test_an_alert_is_created_once_then_changed_only_from_the_revision_read(
    store: SqlStore,
) -> None:
    job = NewJob(flow="alerts", destination="ops", idempotency_key="k1")
    timer = NewTimer("alert:payment_failed:acme", "alerting/alert_due", 70.0, b"{}", "acme")
    assert await store.save_alert(row(), None, notice("n1"), [job], timer=timer)
    assert not await store.save_alert(row(), None, notice("n2"))  # it exists already
    assert not await store.save_alert(row(revision=3), expected_revision=2)  # stale read
    assert await store.save_alert(
        row(revision=2, count=4), expected_revision=1, cancel_timer=timer.name
    )
    assert await store.get_alert("payment_failed:acme") == row(revision=2, count=4)
    [event] = await store.list_events(EventFilter(topic="alerts/payment_issue"))
    assert event.dedupe_key == "n1"  # the losers appended nothing
    assert [j.destination for j in await store.list_jobs(JobFilter(event_id=event.id))] == ["ops"]
    assert await store.get_timer(timer.name) is None  # set with the first, cancelled after


async def test_alerts_are_listed_by_status_and_rule(store: SqlStore) -> None:
    await store.save_alert(row(), None)
    other = dataclasses.replace(row(), key="destination_failing:erp", rule="destination_failing")
    await store.save_alert(dataclasses.replace(other, status="resolved"), None)
    firing = await store.list_alerts(["firing", "pending"])
    assert [alert.key for alert in firing] == ["payment_failed:acme"]
    assert await store.list_alerts(rule="destination_failing") == [
        dataclasses.replace(other, status="resolved")
    ]


async def test_sent_levels_keep_the_newest_version_whatever_the_order(store: SqlStore) -> None:
    await store.record_sent_levels([level("a", 10, 2.0), level("b", 5, 1.0)])
    await store.record_sent_levels(
        [level("a", 99, 1.0), level("b", 6, 2.5), level("b", 7, 3.0), level("a", 1, 9, "x")]
    )
    found = {(lv.shop, lv.key): lv.quantity for lv in await store.sent_levels("acme", 10)}
    assert found == {("acme", "a"): 10, ("acme", "b"): 7}
    assert [lv.key for lv in await store.sent_levels("acme", 10)] == ["b", "a"]  # newest first
    assert len(await store.sent_levels("acme", 1)) == 1


async def test_events_after_an_id_come_oldest_first_and_only_of_their_kind(
    store: SqlStore, clock: FakeClock
) -> None:
    ids = []
    for n in range(4):
        result = await store.append_event(
            NewEvent("inbound", "inventory", "inventory/set", b"{}", clock(), dedupe_key=f"e{n}"),
            [],
        )
        ids.append(result.event_id)
    await store.append_event(NewEvent("inbound", "erp", "inventory/set", b"{}", clock()), [])
    found = await store.events_after(
        ids[0], source_kind="inbound", source="inventory", topic="inventory/set", limit=2
    )
    assert [event.id for event in found] == ids[1:3]


async def test_attempts_are_counted_per_destination_after_an_id(
    store: SqlStore, clock: FakeClock
) -> None:
    start = await store.attempt_outcomes(None)
    assert start.counts == {}  # a starting point counts nothing
    appended = await store.append_event(
        NewEvent("shopify", "acme", "orders/create", b"{}", clock()),
        [NewJob("f", "erp", "k1"), NewJob("f", "wms", "k2")],
    )
    claimed = await store.claim_jobs("w", 10, clock(), 30.0)
    assert {c.job.id for c in claimed} == set(appended.job_ids)
    for item in claimed:
        job = item.job
        failed = job.destination == "erp"
        record = AttemptRecord(
            job.id, job.attempt, "w", clock(), clock(), "retry" if failed else "delivered"
        )
        if failed:
            await store.retry_job(job, "w", clock() + 60, record)
        else:
            await store.complete_job(job, "w", record)
    counted = await store.attempt_outcomes(start.upto_id)
    assert counted.counts == {"erp": {"retry": 1}, "wms": {"delivered": 1}}
    assert (await store.attempt_outcomes(counted.upto_id)).counts == {}
    waiting = await store.list_jobs(JobFilter(status=JobStatus.QUEUED, created_before=clock() + 1))
    assert [job.destination for job in waiting] == ["erp"]
    assert await store.list_jobs(JobFilter(status=JobStatus.QUEUED, created_before=clock())) == []
