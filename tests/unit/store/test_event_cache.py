"""The cache of recently appended events: bounded by body bytes, least recently used out."""

from __future__ import annotations

from shopbridge.store.base import EventRecord
from shopbridge.store.event_cache import EventCache


def record(event_id: int, size: int) -> EventRecord:
    return EventRecord(
        id=event_id,
        source_kind="shopify",
        source="acme",
        topic="orders/create",
        dedupe_key=None,
        shop_domain=None,
        received_at=0.0,
        occurred_at=None,
        headers={},
        content_type="application/json",
        body=b"x" * size,
    )


def test_found_and_missing_ids() -> None:
    cache = EventCache()
    cache.put(record(1, 10))
    cache.put(record(2, 10))
    found, missing = cache.lookup([1, 2, 3])
    assert sorted(found) == [1, 2]
    assert missing == [3]


def test_the_oldest_events_leave_when_the_budget_is_spent() -> None:
    cache = EventCache(budget_bytes=100)
    for event_id in range(1, 6):
        cache.put(record(event_id, 30))
    found, missing = cache.lookup(range(1, 6))
    assert sorted(found) == [3, 4, 5]
    assert missing == [1, 2]


def test_a_body_bigger_than_the_budget_is_not_kept() -> None:
    cache = EventCache(budget_bytes=100)
    cache.put(record(1, 101))
    assert len(cache) == 0
