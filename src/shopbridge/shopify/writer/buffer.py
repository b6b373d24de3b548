"""The per-shop buffer where pending changes to the same key coalesce.

A job's items are spread over the buffer; its :class:`JobTicket` counts how many are
still unresolved, so the job completes exactly when the last one is applied, found
stale or rejected. A newer version replaces an older one in place (keeping the
older one's turn, so a hot key is not starved) and the older one resolves as stale.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Generic, TypeVar

from shopbridge.store.base import ClaimedJob

from .kinds import Change

C = TypeVar("C", bound=Change)

__all__ = ["CoalescingBuffer", "Entry", "JobTicket", "Resolution"]


class Resolution(Enum):
    APPLIED = "applied"
    STALE = "stale"
    REJECTED = "rejected"


@dataclass(slots=True)
class JobTicket:
    """A claimed job and what became of its items so far."""

    claimed: ClaimedJob
    started_at: float
    outstanding: int = 0
    counts: dict[Resolution, int] = field(default_factory=lambda: dict.fromkeys(Resolution, 0))

    @property
    def job_id(self) -> int:
        return self.claimed.job.id

    @property
    def done(self) -> bool:
        return self.outstanding == 0

    def resolve(self, resolution: Resolution) -> None:
        self.outstanding -= 1
        self.counts[resolution] += 1

    def summary(self) -> str:
        return ", ".join(f"{r.value} {n}" for r, n in self.counts.items())


@dataclass(frozen=True, slots=True)
class Entry(Generic[C]):
    """One pending change (of any kind: their keys never collide) and its job."""

    change: C
    ticket: JobTicket
    received_at: float


class CoalescingBuffer:
    """Pending entries by key, oldest turn first; at most one entry per key."""

    def __init__(self) -> None:
        self._pending: dict[str, Entry[Any]] = {}

    def __len__(self) -> int:
        return len(self._pending)

    def __iter__(self) -> Iterator[Entry[Any]]:
        return iter(self._pending.values())

    def offer(self, entry: Entry[Any]) -> Entry[Any] | None:
        """Keep the newer of ``entry`` and the pending one; return the loser (stale)."""
        key = entry.change.key
        pending = self._pending.get(key)
        if pending is None:
            self._pending[key] = entry
            return None
        if entry.change.version > pending.change.version:
            self._pending[key] = entry  # same turn: the dict keeps the key's position
            return pending
        return entry

    def take(self, limit: int, skip: Callable[[str], bool]) -> list[Entry[Any]]:
        """Remove and return up to ``limit`` entries, oldest turn first, but none ``skip`` names."""
        taken: list[Entry[Any]] = []
        for key, entry in self._pending.items():
            if len(taken) >= limit:
                break
            if not skip(key):
                taken.append(entry)
        for entry in taken:
            del self._pending[entry.change.key]
        return taken

    def ready(self, skip: Callable[[str], bool]) -> bool:
        """Whether any entry may be taken now."""
        return any(not skip(key) for key in self._pending)
