"""Token buckets per key (a client IP, a browser id), in process memory, bounded in size.

Each key's bucket holds up to ``burst`` tokens and refills at ``rate_per_sec``; taking
more than it holds is refused with the seconds until enough have refilled (the
``Retry-After`` a 429 carries). Only the ``max_keys`` most recently used keys are kept:
a forgotten key starts again with a full bucket, which errs on the side of admitting.
The limits are per process; N processes admit up to N times as much.
"""

from __future__ import annotations

import time
from collections import OrderedDict
from collections.abc import Callable
from typing import Final

__all__ = ["DEFAULT_MAX_KEYS", "TokenBuckets"]

DEFAULT_MAX_KEYS: Final = 100_000


class TokenBuckets:
    """One token bucket per key."""

    def __init__(
        self,
        rate_per_sec: float,
        burst: int,
        *,
        clock: Callable[[], float] = time.monotonic,
        max_keys: int = DEFAULT_MAX_KEYS,
    ) -> None:
        if rate_per_sec <= 0 or burst < 1 or max_keys < 1:
            raise ValueError("rate_per_sec and burst must be positive, max_keys at least 1")
        self.rate_per_sec = rate_per_sec
        self.burst = float(burst)
        self.clock = clock
        self.max_keys = max_keys
        # key -> (tokens, when they were counted); most recently used last
        self._buckets: OrderedDict[str, tuple[float, float]] = OrderedDict()

    def take(self, key: str, tokens: float = 1.0) -> float:
        """Take ``tokens`` from ``key``'s bucket: 0.0 if taken, else the seconds to wait."""
        now = self.clock()
        held, counted_at = self._buckets.pop(key, (self.burst, now))
        held = min(self.burst, held + (now - counted_at) * self.rate_per_sec)
        wait = 0.0
        if tokens <= held:
            held -= tokens
        else:
            wait = (min(tokens, self.burst) - held) / self.rate_per_sec
        self._buckets[key] = (held, now)
        while len(self._buckets) > self.max_keys:
            self._buckets.popitem(last=False)
        return wait

    def __len__(self) -> int:
        return len(self._buckets)
