"""Fault injection for webhook deliveries: duplicates, reordering, delays, bursts.

Shopify promises neither exactly-once nor in-order delivery (shopify-api.md §3.3): the
same webhook can arrive twice, events can arrive out of order or late. A receiver
has to survive all of that, so ``WebhookFaults`` makes it happen on demand:

* ``duplicate_rate``: share of deliveries sent a second time with the *same*
  ``X-Shopify-Webhook-Id`` (what the receiver should dedupe on);
* ``reorder_window``: hold up to this many deliveries (at most ``reorder_hold_secs``)
  and release them shuffled;
* ``delay_secs``: every delivery waits this long (real seconds, not scaled) first;
* ``burst_rate`` / ``burst_size``: share of events sent ``burst_size`` extra times at
  once, each a new webhook id with the same ``X-Shopify-Event-Id``;
* ``drop_rate``: share of deliveries never sent at all, not even retried (Shopify's
  delivery "isn't always guaranteed"): what reconciliation exists for.

Settings change at runtime (``update``, all or nothing); draws come from a generator
seeded with ``seed``, so the same commits under the same settings fault the same way.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

from shopbridge.sandbox.fault_switches import FaultSwitches

__all__ = ["WebhookFaults"]


@dataclass(slots=True)
class WebhookFaults(FaultSwitches):
    """Runtime fault switches for webhook deliveries (all off by default)."""

    INTEGERS: ClassVar[frozenset[str]] = frozenset({"reorder_window", "burst_size", "seed"})
    RATES: ClassVar[tuple[str, ...]] = ("duplicate_rate", "burst_rate", "drop_rate")
    KIND: ClassVar[str] = "webhook fault"

    duplicate_rate: float = 0.0
    reorder_window: int = 0
    reorder_hold_secs: float = 1.0
    delay_secs: float = 0.0
    burst_rate: float = 0.0
    burst_size: int = 0
    drop_rate: float = 0.0

    def check(self) -> None:
        for name in ("reorder_window", "burst_size", "reorder_hold_secs", "delay_secs"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: must not be negative")

    def duplicate(self) -> bool:
        return self.duplicate_rate > 0 and self.rng.random() < self.duplicate_rate

    def drop(self) -> bool:
        return self.drop_rate > 0 and self.rng.random() < self.drop_rate

    def burst(self) -> int:
        """How many extra copies of an event to send (0 most of the time)."""
        if self.burst_size and self.burst_rate > 0 and self.rng.random() < self.burst_rate:
            return self.burst_size
        return 0
