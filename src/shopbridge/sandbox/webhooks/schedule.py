"""When a failed webhook delivery is tried again, and when Shopify gives up.

Since 2024-09-10 Shopify retries a failed delivery **8 times over 4 hours with
exponential backoff** (https://shopify.dev/changelog/updates-to-webhook-retry-mechanism,
shopify-api.md §3.3). The exact waits are not published; the sandbox doubles each
wait and ends with two hours, so the eight waits add up to just under four hours
(56.25 s, 112.5 s, 225 s, 7.5 min, 15 min, 30 min, 1 h, 2 h). ``time_scale``
compresses them for tests and demos (``0.001``: the whole schedule in 14 s).
"""

from __future__ import annotations

from typing import Final

__all__ = ["MAX_RETRIES", "RETRY_DELAYS_SECS", "retry_delay"]

RETRY_DELAYS_SECS: Final[tuple[float, ...]] = tuple(7200.0 / 2**n for n in range(7, -1, -1))
MAX_RETRIES: Final = len(RETRY_DELAYS_SECS)


def retry_delay(failed_attempts: int, time_scale: float = 1.0) -> float | None:
    """Seconds to wait after the ``failed_attempts``-th failure; ``None``: give up."""
    if failed_attempts < 1 or failed_attempts > MAX_RETRIES:
        return None
    return RETRY_DELAYS_SECS[failed_attempts - 1] * time_scale
