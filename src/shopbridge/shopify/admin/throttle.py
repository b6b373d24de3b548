"""Our running estimate of Shopify's cost bucket for one app on one shop.

Shopify reports the bucket in every answer (``extensions.cost.throttleStatus``). Between
answers the bucket refills at ``restoreRate`` points a second up to ``maximumAvailable``,
so the estimate at any instant is the last report plus the refill since. Calls in flight
have been charged by Shopify already or soon will be, so their requested cost is held
back from the estimate until they answer; a late answer about an older state of the
bucket can only lower the estimate. Before a call, :meth:`CostBucket.wait_secs`
says how long until the bucket covers its requested cost: exactly the deficit divided
by the restore rate. Before the first answer nothing is known, and nothing is waited.

Pure arithmetic on an injected clock, so pacing is tested without sleeping.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

__all__ = ["BucketEstimate", "CostBucket", "ThrottleStatus"]

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class ThrottleStatus:
    """``extensions.cost.throttleStatus`` of one answer (numbers may arrive as floats)."""

    maximum_available: float
    currently_available: float
    restore_rate: float

    @classmethod
    def from_extensions(cls, extensions: Any) -> ThrottleStatus | None:
        """The status in a response's ``extensions``, or None when absent or malformed."""
        cost = extensions.get("cost") if isinstance(extensions, Mapping) else None
        status = cost.get("throttleStatus") if isinstance(cost, Mapping) else None
        if not isinstance(status, Mapping):
            return None
        try:
            parsed = cls(
                float(status["maximumAvailable"]),
                float(status["currentlyAvailable"]),
                float(status["restoreRate"]),
            )
        except (KeyError, TypeError, ValueError):
            return None
        return parsed if parsed.restore_rate > 0 and parsed.maximum_available > 0 else None


@dataclass(frozen=True, slots=True)
class BucketEstimate:
    """A snapshot for metrics: None before Shopify first reported the bucket."""

    available: float | None
    maximum: float | None
    restore_rate: float | None
    in_flight_cost: float


class CostBucket:
    """The leaky bucket of one (app, shop), as last reported plus refill since."""

    def __init__(self, clock: Clock = time.monotonic) -> None:
        self._clock = clock
        self._status: ThrottleStatus | None = None
        self._observed_at = 0.0
        self._in_flight = 0.0
        self._sequence = 0

    @property
    def status(self) -> ThrottleStatus | None:
        return self._status

    def observe(self, status: ThrottleStatus, sequence: int = 0) -> None:
        """Take a report from Shopify about the call sent ``sequence``-th.

        Concurrent answers can arrive out of order, and the report of an earlier call
        then describes an older bucket. So a report about a call sent before the last
        one applied may only lower the estimate, never raise it.
        """
        if sequence < self._sequence:
            current = self.available()
            if current is not None and current + self._in_flight <= status.currently_available:
                return
        else:
            self._sequence = sequence
        self._status = status
        self._observed_at = self._clock()

    def available(self) -> float | None:
        """Points we may spend now: report + refill - cost in flight; None if unknown."""
        if self._status is None:
            return None
        elapsed = max(0.0, self._clock() - self._observed_at)
        refilled = self._status.currently_available + elapsed * self._status.restore_rate
        return min(self._status.maximum_available, refilled) - self._in_flight

    def wait_secs(self, cost: float) -> float:
        """How long until the bucket covers ``cost`` (a cost above the bucket waits for full)."""
        available = self.available()
        if self._status is None or available is None:
            return 0.0
        needed = min(cost, self._status.maximum_available)
        deficit = needed - available
        return deficit / self._status.restore_rate if deficit > 0 else 0.0

    def reserve(self, cost: float) -> None:
        """Hold ``cost`` back while a call is in flight."""
        self._in_flight += cost

    def release(self, cost: float) -> None:
        """The call answered (or failed); its charge now shows in Shopify's reports."""
        self._in_flight = max(0.0, self._in_flight - cost)

    def estimate(self) -> BucketEstimate:
        status = self._status
        return BucketEstimate(
            available=self.available(),
            maximum=status.maximum_available if status else None,
            restore_rate=status.restore_rate if status else None,
            in_flight_cost=self._in_flight,
        )
