"""Events this process appended recently, so a claim need not read them back.

A worker claims a job and needs its event; when the event came in through this very
process moments ago, reading it back from the store is wasted work (a query, a row,
a JSON parse of its headers, and on PostgreSQL a round trip). Events never change
once stored, so a cached copy is always right. The cache is bounded by body bytes
and used from the event loop only.
"""

from __future__ import annotations

from collections import OrderedDict
from collections.abc import Iterable
from typing import Final

from shopbridge.store.base import EventRecord

__all__ = ["DEFAULT_BUDGET_BYTES", "EventCache"]

DEFAULT_BUDGET_BYTES: Final = 8 * 1024 * 1024  # thousands of events: claims follow appends closely


class EventCache:
    """The most recently appended events, up to ``budget_bytes`` of bodies; oldest out first."""

    def __init__(self, budget_bytes: int = DEFAULT_BUDGET_BYTES) -> None:
        self.budget_bytes = budget_bytes
        self._events: OrderedDict[int, EventRecord] = OrderedDict()
        self._bytes = 0

    def __len__(self) -> int:
        return len(self._events)

    def put(self, event: EventRecord) -> None:
        size = len(event.body)
        if size > self.budget_bytes or event.id in self._events:
            return
        self._events[event.id] = event
        self._bytes += size
        while self._bytes > self.budget_bytes:
            _, evicted = self._events.popitem(last=False)
            self._bytes -= len(evicted.body)

    def lookup(self, event_ids: Iterable[int]) -> tuple[dict[int, EventRecord], list[int]]:
        """The cached events among ``event_ids``, and the ids that are not cached."""
        found: dict[int, EventRecord] = {}
        missing: list[int] = []
        for event_id in event_ids:
            event = self._events.get(event_id)
            if event is None:
                missing.append(event_id)
            else:
                found[event_id] = event
        return found, missing
