"""Fault injection for the Admin API: server errors, slow answers and throttle pressure.

Real stores fail in ways a client must survive: a 502 from the edge, a 503 during
an incident, an answer slower than the client's timeout, a bucket that refills
slower than the plan says because another app shares it. ``ApiFaults`` switches
those on at runtime (HTTP ``PUT /sandbox/faults`` or ``shopbridge sandbox faults``).
Draws come from a generator seeded with ``seed``, so a run is reproducible.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar, Final

from shopbridge.sandbox.fault_switches import FaultSwitches

__all__ = ["ApiFaults", "Fault"]

_ERROR_BODIES: Final = {
    500: {"errors": "Internal Server Error"},
    502: {"errors": "Bad Gateway"},
    503: {"errors": "Service Unavailable"},
    504: {"errors": "Gateway Timeout"},
}


@dataclass(frozen=True, slots=True)
class Fault:
    """What to do to one request: answer ``status`` instead, and/or wait ``delay_secs``."""

    status: int | None = None
    delay_secs: float = 0.0

    @property
    def body(self) -> dict[str, str]:
        return _ERROR_BODIES.get(self.status or 500, {"errors": "Internal Server Error"})


@dataclass(slots=True)
class ApiFaults(FaultSwitches):
    """Runtime fault switches for the Admin API (all off by default).

    ``error_rate`` of requests answer ``error_status`` without running; ``slow_rate``
    of requests wait ``slow_secs`` first (set it above the client's timeout to make a
    timeout). ``restore_rate`` overrides the plan's points per second (``None``: the
    plan's own).
    """

    INTEGERS: ClassVar[frozenset[str]] = frozenset({"error_status", "seed"})
    RATES: ClassVar[tuple[str, ...]] = ("error_rate", "slow_rate")
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"restore_rate"})

    error_rate: float = 0.0
    error_status: int = 503
    slow_rate: float = 0.0
    slow_secs: float = 0.0
    restore_rate: float | None = None

    def check(self) -> None:
        if self.error_status not in _ERROR_BODIES:
            raise ValueError(f"error_status: must be one of {sorted(_ERROR_BODIES)}")
        if self.slow_secs < 0:
            raise ValueError("slow_secs: must not be negative")
        if self.restore_rate is not None and self.restore_rate <= 0:
            raise ValueError("restore_rate: must be positive")

    def draw(self) -> Fault | None:
        """The fault for the next request, or ``None`` to serve it normally."""
        if not (self.error_rate or self.slow_rate):
            return None
        delay = self.slow_secs if self.rng.random() < self.slow_rate else 0.0
        status = self.error_status if self.rng.random() < self.error_rate else None
        return Fault(status, delay) if status or delay else None
