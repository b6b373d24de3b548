"""Delivery guards: checks that may skip a delivery before it is made.

A guard sees each claimed job with its flow just before the worker delivers it, and
may answer :class:`Skip` (the job ends ``filtered``, with the reason recorded): an
order update older than one already delivered (stale), a customer change that
shopbridge itself wrote to Shopify coming back (an echo). After a delivery succeeds,
each guard hears of it, to remember what was delivered.

Features add guards to ``App.guards``; the worker runs them in order.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Protocol

from shopbridge.engine.flows import CompiledFlow
from shopbridge.store.base import ClaimedJob

__all__ = ["Guard", "Skip"]


@dataclass(frozen=True, slots=True)
class Skip:
    """Do not deliver this job; ``reason`` is recorded on its attempt."""

    reason: str


class Guard(Protocol):
    async def check(self, item: ClaimedJob, flow: CompiledFlow) -> Skip | None:
        """Skip, or None to let the delivery go ahead."""
        ...

    async def delivered(self, item: ClaimedJob, flow: CompiledFlow) -> None:
        """The job was delivered (remember what, if the guard needs to)."""
        ...
