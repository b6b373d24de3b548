"""The bucket estimate: refill since the last report, cost in flight, exact waits."""

from __future__ import annotations

import pytest

from shopbridge.shopify.admin.throttle import CostBucket, ThrottleStatus
from tests.conftest import FakeClock


def status(available: float, maximum: float = 2_000.0, rate: float = 100.0) -> ThrottleStatus:
    return ThrottleStatus(maximum, available, rate)


def test_nothing_is_waited_before_shopify_reports_the_bucket(clock: FakeClock) -> None:
    bucket = CostBucket(clock)
    assert bucket.available() is None
    assert bucket.wait_secs(1_000) == 0.0


def test_the_wait_is_exactly_the_deficit_over_the_restore_rate(clock: FakeClock) -> None:
    bucket = CostBucket(clock)
    bucket.observe(status(50.0))
    assert bucket.wait_secs(50) == 0.0
    assert bucket.wait_secs(250) == pytest.approx(2.0)
    clock.advance(1.5)
    assert bucket.available() == pytest.approx(200.0)
    assert bucket.wait_secs(250) == pytest.approx(0.5)


def test_refill_stops_at_the_bucket_size_and_a_huge_cost_waits_for_a_full_bucket(
    clock: FakeClock,
) -> None:
    bucket = CostBucket(clock)
    bucket.observe(status(1_900.0))
    clock.advance(60)
    assert bucket.available() == 2_000.0
    bucket.observe(status(0.0))
    assert bucket.wait_secs(5_000) == pytest.approx(20.0)


def test_cost_in_flight_is_held_back_until_its_answer(clock: FakeClock) -> None:
    bucket = CostBucket(clock)
    bucket.observe(status(1_000.0))
    bucket.reserve(752)
    assert bucket.available() == pytest.approx(248.0)
    assert bucket.wait_secs(752) == pytest.approx(5.04)
    bucket.release(752)
    bucket.observe(status(985.0), sequence=1)  # charged 752, refunded down to 15
    assert bucket.wait_secs(752) == 0.0
    assert bucket.estimate().in_flight_cost == 0.0


def test_a_late_answer_about_an_older_bucket_cannot_raise_the_estimate(clock: FakeClock) -> None:
    bucket = CostBucket(clock)
    bucket.observe(status(10.0), sequence=3)
    bucket.observe(status(30.0), sequence=2)  # sent earlier, answered later
    assert bucket.available() == pytest.approx(10.0)
    bucket.observe(status(5.0), sequence=1)  # older still, but lower: believed
    assert bucket.available() == pytest.approx(5.0)
    bucket.observe(status(40.0), sequence=4)
    assert bucket.available() == pytest.approx(40.0)


@pytest.mark.parametrize(
    ("extensions", "expected"),
    [
        (
            {
                "cost": {
                    "throttleStatus": {
                        "maximumAvailable": 2000.0,
                        "currentlyAvailable": 1988,
                        "restoreRate": 100.0,
                    }
                }
            },
            ThrottleStatus(2000.0, 1988.0, 100.0),
        ),
        ({"cost": {"throttleStatus": {"maximumAvailable": "x"}}}, None),
        ({"cost": {"requestedQueryCost": 1}}, None),
        (
            {
                "cost": {
                    "throttleStatus": {
                        "maximumAvailable": 1,
                        "currentlyAvailable": 1,
                        "restoreRate": 0,
                    }
                }
            },
            None,
        ),
        (None, None),
    ],
)
def test_throttle_status_is_read_from_any_answer(extensions: object, expected: object) -> None:
    assert ThrottleStatus.from_extensions(extensions) == expected
