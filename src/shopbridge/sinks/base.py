"""What every sink promises the worker.

A sink turns one :class:`~shopbridge.engine.delivery.Delivery` into one
:class:`~shopbridge.engine.outcomes.Outcome`. Delivery problems (a 503, a
timeout, a refused address) are outcomes, never exceptions, so that the worker
alone decides what happens to the job.
"""

from __future__ import annotations

from typing import Protocol

from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Outcome

__all__ = ["Sink"]


class Sink(Protocol):
    """One configured destination, able to take deliveries until closed."""

    async def deliver(self, delivery: Delivery) -> Outcome:
        """Make one attempt; say what happened. Never raise for delivery problems."""
        ...

    async def close(self) -> None:
        """Release connections; no delivery is made afterwards."""
        ...
