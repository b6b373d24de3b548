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
  once, each a new webhook id with the same ``X-Shopify-Event-Id``.

Settings change at runtime (``update``, all or nothing); draws come from a generator
seeded with ``seed``, so the same commits under the same settings fault the same way.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, fields
from typing import Any, Final

__all__ = ["WebhookFaults"]

_RATES: Final = ("duplicate_rate", "burst_rate")
_INTEGERS: Final = frozenset({"reorder_window", "burst_size", "seed"})


@dataclass(slots=True)
class WebhookFaults:
    """Runtime fault switches for webhook deliveries (all off by default)."""

    duplicate_rate: float = 0.0
    reorder_window: int = 0
    reorder_hold_secs: float = 1.0
    delay_secs: float = 0.0
    burst_rate: float = 0.0
    burst_size: int = 0
    seed: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        self.validate()
        self.rng.seed(self.seed)

    def validate(self) -> None:
        for name in _RATES:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, got {value}")
        for name in ("reorder_window", "burst_size", "reorder_hold_secs", "delay_secs"):
            if getattr(self, name) < 0:
                raise ValueError(f"{name}: must not be negative")

    def settings(self) -> dict[str, Any]:
        values = asdict(self)
        values.pop("rng")
        return values

    def update(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Apply ``changes`` (setting -> value) all or nothing; returns the settings."""
        known = {f.name for f in fields(self)} - {"rng"}
        unknown = sorted(set(changes) - known)
        if unknown:
            raise ValueError(
                f"{unknown[0]}: unknown webhook fault setting (known: {', '.join(sorted(known))})"
            )
        typed = {name: _typed(name, value) for name, value in changes.items()}
        candidate = WebhookFaults(**{**self.settings(), **typed})
        for name in known:
            setattr(self, name, getattr(candidate, name))
        if "seed" in changes:
            self.rng.seed(self.seed)
        return self.settings()

    def duplicate(self) -> bool:
        return self.duplicate_rate > 0 and self.rng.random() < self.duplicate_rate

    def burst(self) -> int:
        """How many extra copies of an event to send (0 most of the time)."""
        if self.burst_size and self.burst_rate > 0 and self.rng.random() < self.burst_rate:
            return self.burst_size
        return 0


def _typed(name: str, value: Any) -> Any:
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    if name in _INTEGERS:
        if value != int(value):
            raise ValueError(f"{name}: must be a whole number, got {value!r}")
        return int(value)
    return float(value)
