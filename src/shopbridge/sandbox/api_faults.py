"""Fault injection for the Admin API: server errors, slow answers and throttle pressure.

Real stores fail in ways a client must survive: a 502 from the edge, a 503 during
an incident, an answer slower than the client's timeout, a bucket that refills
slower than the plan says because another app shares it. ``ApiFaults`` switches
those on at runtime (HTTP ``PUT /sandbox/faults`` or ``shopbridge sandbox faults``).
Draws come from a generator seeded with ``seed``, so a run is reproducible.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field
from typing import Any, Final

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
class ApiFaults:
    """Runtime fault switches for the Admin API (all off by default).

    ``error_rate`` of requests answer ``error_status`` without running; ``slow_rate``
    of requests wait ``slow_secs`` first (set it above the client's timeout to make a
    timeout). ``restore_rate`` overrides the plan's points per second (``None``: the
    plan's own).
    """

    error_rate: float = 0.0
    error_status: int = 503
    slow_rate: float = 0.0
    slow_secs: float = 0.0
    restore_rate: float | None = None
    seed: int = 0
    _rng: random.Random = field(default_factory=random.Random, repr=False)

    def __post_init__(self) -> None:
        self.validate()
        self._rng.seed(self.seed)

    def validate(self) -> None:
        for name in ("error_rate", "slow_rate"):
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, got {value}")
        if self.error_status not in _ERROR_BODIES:
            raise ValueError(f"error_status: must be one of {sorted(_ERROR_BODIES)}")
        if self.slow_secs < 0:
            raise ValueError("slow_secs: must not be negative")
        if self.restore_rate is not None and self.restore_rate <= 0:
            raise ValueError("restore_rate: must be positive")

    def update(self, changes: dict[str, Any]) -> None:
        """Apply ``changes`` (field -> value) all or nothing; unknown fields are refused."""
        known = set(self.settings())
        unknown = sorted(set(changes) - known)
        if unknown:
            listed = ", ".join(sorted(known))
            raise ValueError(f"{unknown[0]}: unknown fault setting (known: {listed})")
        typed = {name: _typed(name, value) for name, value in changes.items()}
        candidate = ApiFaults(**{**self.settings(), **typed})
        for name in known:
            setattr(self, name, getattr(candidate, name))
        if "seed" in changes:
            self._rng.seed(self.seed)

    def settings(self) -> dict[str, Any]:
        values = asdict(self)
        values.pop("_rng")
        return values

    def draw(self) -> Fault | None:
        """The fault for the next request, or ``None`` to serve it normally."""
        if not (self.error_rate or self.slow_rate):
            return None
        delay = self.slow_secs if self._rng.random() < self.slow_rate else 0.0
        status = self.error_status if self._rng.random() < self.error_rate else None
        return Fault(status, delay) if status or delay else None


_INTEGERS: Final = frozenset({"error_status", "seed"})


def _typed(name: str, value: Any) -> Any:
    """``value`` as the setting's type (``ValueError`` naming the setting otherwise)."""
    if value is None and name == "restore_rate":
        return None
    if isinstance(value, bool) or not isinstance(value, int | float):
        raise ValueError(f"{name}: must be a number, got {value!r}")
    if name in _INTEGERS:
        if value != int(value):
            raise ValueError(f"{name}: must be a whole number, got {value!r}")
        return int(value)
    return float(value)
