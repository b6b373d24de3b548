"""Fault switches of the sandbox's Admin API."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.api_faults import ApiFaults


def test_everything_is_off_by_default() -> None:
    faults = ApiFaults()
    assert [faults.draw() for _ in range(100)] == [None] * 100


def test_an_error_rate_of_one_fails_every_request_with_the_chosen_status() -> None:
    faults = ApiFaults(error_rate=1.0, error_status=502)
    drawn = [faults.draw() for _ in range(20)]
    assert all(f is not None and f.status == 502 and f.delay_secs == 0 for f in drawn)
    assert drawn[0] is not None
    assert drawn[0].body == {"errors": "Bad Gateway"}


def test_slow_answers_delay_without_failing() -> None:
    fault = ApiFaults(slow_rate=1.0, slow_secs=7.5).draw()
    assert fault is not None
    assert fault.status is None
    assert fault.delay_secs == 7.5


def test_the_same_seed_draws_the_same_faults() -> None:
    def pattern(seed: int) -> list[bool]:
        faults = ApiFaults(error_rate=0.5, seed=seed)
        return [faults.draw() is not None for _ in range(200)]

    assert pattern(7) == pattern(7)
    assert pattern(7) != pattern(8)
    assert 60 < sum(pattern(7)) < 140


def test_update_changes_only_the_named_switches() -> None:
    faults = ApiFaults()
    faults.update({"error_rate": 0.25, "restore_rate": 10})
    assert faults.settings() == {
        "error_rate": 0.25,
        "error_status": 503,
        "slow_rate": 0.0,
        "slow_secs": 0.0,
        "restore_rate": 10.0,
        "seed": 0,
    }
    faults.update({"restore_rate": None})
    assert faults.restore_rate is None


@pytest.mark.parametrize(
    ("changes", "message"),
    [
        ({"error_rate": 1.5}, "error_rate: must be between 0 and 1"),
        ({"error_status": 404}, "error_status: must be one of"),
        ({"slow_secs": -1}, "slow_secs: must not be negative"),
        ({"restore_rate": 0}, "restore_rate: must be positive"),
        ({"error_rate": "lots"}, "error_rate: must be a number"),
        ({"seed": 1.5}, "seed: must be a whole number"),
        ({"explode": True}, "explode: unknown fault setting"),
    ],
)
def test_a_bad_update_is_refused_whole(changes: dict[str, object], message: str) -> None:
    faults = ApiFaults()
    with pytest.raises(ValueError, match=message):
        faults.update({"slow_rate": 0.5, **changes})
    assert faults.settings() == ApiFaults().settings()
