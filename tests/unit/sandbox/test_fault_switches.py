"""The machinery every set of fault switches shares."""

from __future__ import annotations

from dataclasses import dataclass
from typing import ClassVar

import pytest

from shopbridge.sandbox.fault_switches import FaultSwitches


@dataclass(slots=True)
class Switches(FaultSwitches):
    RATES: ClassVar[tuple[str, ...]] = ("rate",)
    OPTIONAL: ClassVar[frozenset[str]] = frozenset({"limit"})
    KIND: ClassVar[str] = "test fault"

    rate: float = 0.0
    limit: float | None = None


def test_update_types_values_and_reseeds() -> None:
    switches = Switches()
    first = switches.rng.random()
    assert switches.update({"rate": 1, "limit": 3, "seed": 0}) == {
        "seed": 0,
        "rate": 1.0,
        "limit": 3.0,
    }
    assert switches.rng.random() == first  # the same seed starts the same draws again
    switches.update({"limit": None})
    assert switches.limit is None


def test_an_update_without_a_seed_keeps_the_draws_going() -> None:
    switches, twin = Switches(seed=3), Switches(seed=3)
    expected = [twin.rng.random() for _ in range(4)]
    drawn = [switches.rng.random() for _ in range(2)]
    switches.update({})  # how the control API reads the settings
    switches.update({"rate": 0.5})
    drawn += [switches.rng.random() for _ in range(2)]
    assert drawn == expected


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"rate": 2}, "rate: must be between 0 and 1"),
        ({"rate": "x"}, "rate: must be a number"),
        ({"seed": 0.5}, "seed: must be a whole number"),
        ({"nope": 1}, "nope: unknown test fault setting"),
    ],
)
def test_a_bad_update_changes_nothing(changes: dict[str, object], message: str) -> None:
    switches = Switches()
    with pytest.raises(ValueError, match=message):
        switches.update({"limit": 5, **changes})
    assert switches.settings() == Switches().settings()
