"""Coalescing pending changes per key, and counting a job's items to completion."""

from __future__ import annotations

from shopbridge.shopify.writer import (
    CoalescingBuffer,
    Entry,
    InventoryChange,
    JobTicket,
    Resolution,
)
from shopbridge.store.base import ClaimedJob, EventRecord, JobRecord, JobStatus


def claimed(job_id: int = 1) -> ClaimedJob:
    job = JobRecord(
        job_id,
        1,
        "inventory",
        "shopify:acme",
        None,
        JobStatus.RUNNING,
        1,
        0.0,
        "w",
        30.0,
        "k",
        0.0,
        0.0,
        None,
        None,
        None,
        None,
    )
    event = EventRecord(
        1,
        "inbound",
        "inventory",
        "inventory/set",
        None,
        None,
        0.0,
        None,
        {},
        "application/json",
        b"{}",
    )
    return ClaimedJob(job, event)


def entry(sku: str, version: float, ticket: JobTicket | None = None) -> Entry:
    change = InventoryChange(sku, None, "Main", None, "available", int(version), version)
    return Entry(change, ticket or JobTicket(claimed(), 0.0, outstanding=1), 0.0)


def test_the_newest_version_wins_and_the_loser_is_returned() -> None:
    buffer = CoalescingBuffer()
    older, newer, oldest = entry("A", 2.0), entry("A", 5.0), entry("A", 1.0)
    assert buffer.offer(older) is None
    assert buffer.offer(newer) is older
    assert buffer.offer(oldest) is oldest
    assert buffer.offer(entry("A", 5.0)) is not newer  # an equal version does not replace
    assert list(buffer) == [newer]


def test_a_replaced_key_keeps_its_turn() -> None:
    buffer = CoalescingBuffer()
    for sku in "ABC":
        buffer.offer(entry(sku, 1.0))
    buffer.offer(entry("A", 9.0))
    taken = buffer.take(2, skip=lambda key: False)
    assert [(e.change.sku, e.change.version) for e in taken] == [("A", 9.0), ("B", 1.0)]
    assert len(buffer) == 1


def test_keys_being_sent_are_skipped() -> None:
    buffer = CoalescingBuffer()
    for sku in "AB":
        buffer.offer(entry(sku, 1.0))
    busy = {"inventory:A@Main:available"}.__contains__
    assert [e.change.sku for e in buffer.take(5, busy)] == ["B"]
    assert not buffer.ready(busy)
    assert buffer.ready(lambda key: False)


def test_a_ticket_is_done_when_every_item_is_resolved() -> None:
    ticket = JobTicket(claimed(), 0.0, outstanding=3)
    for resolution in (Resolution.APPLIED, Resolution.STALE):
        ticket.resolve(resolution)
    assert not ticket.done
    ticket.resolve(Resolution.REJECTED)
    assert ticket.done
    assert ticket.summary() == "applied 1, stale 1, rejected 1"
