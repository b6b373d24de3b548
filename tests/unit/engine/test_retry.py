"""The retry schedule is a pure function: tables, no clocks."""

from __future__ import annotations

import random

import pytest

from shopbridge.config.schema import RetrySettings
from shopbridge.engine.retry import RetryPolicy


def test_default_schedule_is_eight_attempts_over_about_a_day() -> None:
    policy = RetryPolicy.from_settings(RetrySettings())
    schedule = policy.schedule()
    assert schedule == [30, 120, 480, 1920, 7680, 30720, 36000]
    assert len(schedule) == policy.max_attempts - 1
    assert 18 * 3600 < sum(schedule) < 26 * 3600


@pytest.mark.parametrize(("attempt", "exhausted"), [(1, False), (7, False), (8, True), (9, True)])
def test_exhausted(attempt: int, exhausted: bool) -> None:
    assert RetryPolicy().exhausted(attempt) is exhausted


def test_jitter_stays_within_bounds() -> None:
    policy = RetryPolicy(initial_secs=100, multiplier=2, jitter=0.2)
    rng = random.Random(7)
    delays = [policy.delay(1, rng=rng) for _ in range(1000)]
    assert min(delays) >= 80
    assert max(delays) <= 120
    assert len({round(d, 6) for d in delays}) > 900


def test_retry_after_wins_when_longer_but_is_capped() -> None:
    policy = RetryPolicy(initial_secs=1, jitter=0, max_secs=600)
    assert policy.delay(1, requested_secs=42) == 42
    assert policy.delay(1, requested_secs=0.5) == 1
    assert policy.delay(1, requested_secs=10_000) == 600


def test_huge_attempt_numbers_stay_finite() -> None:
    assert RetryPolicy(max_secs=50).nominal_delay(10_000) == 50
