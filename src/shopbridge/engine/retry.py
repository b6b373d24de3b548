"""When to try again: a pure decision, tested with tables; only the worker waits."""

from __future__ import annotations

import random
from dataclasses import dataclass

from shopbridge.config.schema import RetrySettings


@dataclass(frozen=True, slots=True)
class RetryPolicy:
    max_attempts: int = 8
    initial_secs: float = 30.0
    multiplier: float = 4.0
    max_secs: float = 36_000.0
    jitter: float = 0.2

    @classmethod
    def from_settings(cls, settings: RetrySettings) -> RetryPolicy:
        return cls(
            max_attempts=settings.max_attempts,
            initial_secs=settings.initial_secs,
            multiplier=settings.multiplier,
            max_secs=settings.max_secs,
            jitter=settings.jitter,
        )

    def exhausted(self, attempt: int) -> bool:
        """True when ``attempt`` (1-based, just made) was the last one allowed."""
        return attempt >= self.max_attempts

    def nominal_delay(self, attempt: int) -> float:
        """The wait after failed attempt number ``attempt``, before jitter."""
        exponent = max(0, attempt - 1)
        # Cap the exponent before computing to keep huge attempt numbers finite.
        delay = self.initial_secs * self.multiplier ** min(exponent, 64)
        return min(delay, self.max_secs)

    def delay(
        self, attempt: int, requested_secs: float | None = None, rng: random.Random | None = None
    ) -> float:
        """The wait after ``attempt``, jittered; a destination's Retry-After wins when longer."""
        base = self.nominal_delay(attempt)
        spread = base * self.jitter
        jittered = base + (rng or random).uniform(-spread, spread)
        if requested_secs is not None and requested_secs > jittered:
            return min(requested_secs, self.max_secs)
        return max(0.0, jittered)

    def schedule(self) -> list[float]:
        """Nominal waits between attempts, for docs, `check` and the API."""
        return [self.nominal_delay(n) for n in range(1, self.max_attempts)]
