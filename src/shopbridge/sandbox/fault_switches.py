"""What every set of fault switches shares: numeric settings changed all or nothing.

A subclass is a dataclass of numeric settings plus ``seed`` and ``rng``; it names its
whole-number settings (``INTEGERS``), its shares between 0 and 1 (``RATES``), its
settings that may be ``None`` (``OPTIONAL``) and checks the rest in ``check``.
"""

from __future__ import annotations

import random
from dataclasses import asdict, dataclass, field, fields, replace
from typing import Any, ClassVar

__all__ = ["FaultSwitches"]


@dataclass(slots=True)
class FaultSwitches:
    """Runtime fault switches: validated on creation and on every ``update``."""

    INTEGERS: ClassVar[frozenset[str]] = frozenset({"seed"})
    RATES: ClassVar[tuple[str, ...]] = ()
    OPTIONAL: ClassVar[frozenset[str]] = frozenset()
    KIND: ClassVar[str] = "fault"

    seed: int = 0
    rng: random.Random = field(default_factory=random.Random, repr=False, compare=False)

    def __post_init__(self) -> None:
        self.validate()
        self.rng.seed(self.seed)

    def validate(self) -> None:
        for name in self.RATES:
            value = getattr(self, name)
            if not 0.0 <= value <= 1.0:
                raise ValueError(f"{name}: must be between 0 and 1, got {value}")
        self.check()

    def check(self) -> None:
        """Subclass rules beyond types and rates (raise ``ValueError("name: why")``)."""

    def settings(self) -> dict[str, Any]:
        values = asdict(self)
        values.pop("rng")
        return values

    def update(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Apply ``changes`` (setting -> value) all or nothing; returns the settings."""
        known = {f.name for f in fields(self)} - {"rng"}
        unknown = sorted(set(changes) - known)
        if unknown:
            listed = ", ".join(sorted(known))
            raise ValueError(f"{unknown[0]}: unknown {self.KIND} setting (known: {listed})")
        typed = {name: self._typed(name, value) for name, value in changes.items()}
        # Validated on a copy with a generator of its own: seeding the shared one here
        # would restart the draws on every update, reads (``update({})``) included.
        candidate = replace(self, rng=random.Random(), **typed)  # noqa: S311 - faults, not secrets
        for name in typed:
            setattr(self, name, getattr(candidate, name))
        if "seed" in typed:
            self.rng.seed(self.seed)
        return self.settings()

    def _typed(self, name: str, value: Any) -> Any:
        """``value`` as the setting's type (``ValueError`` naming the setting otherwise)."""
        if value is None and name in self.OPTIONAL:
            return None
        if isinstance(value, bool) or not isinstance(value, int | float):
            raise ValueError(f"{name}: must be a number, got {value!r}")
        if name in self.INTEGERS:
            if value != int(value):
                raise ValueError(f"{name}: must be a whole number, got {value!r}")
            return int(value)
        return float(value)
