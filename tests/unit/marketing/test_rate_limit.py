"""Token buckets: a burst passes, the next take waits for its refill, keys are bounded."""

from __future__ import annotations

import pytest

from shopbridge.marketing.rate_limit import TokenBuckets


class Clock:
    def __init__(self) -> None:
        self.now = 100.0

    def __call__(self) -> float:
        return self.now


def test_a_burst_passes_then_the_wait_is_what_the_refill_needs() -> None:
    clock = Clock()
    buckets = TokenBuckets(2.0, 3, clock=clock)
    assert [buckets.take("ip") for _ in range(3)] == [0.0, 0.0, 0.0]
    assert buckets.take("ip") == pytest.approx(0.5)  # one token at 2 per second
    clock.now += 0.5
    assert buckets.take("ip") == 0.0
    assert buckets.take("other") == 0.0  # each key has its own bucket


def test_taking_several_tokens_at_once_counts_them_all() -> None:
    clock = Clock()
    buckets = TokenBuckets(1.0, 5, clock=clock)
    assert buckets.take("browser", 4) == 0.0
    assert buckets.take("browser", 3) == pytest.approx(2.0)
    clock.now += 10
    assert buckets.take("browser", 5) == 0.0  # refilled, never above the burst
    assert buckets.take("browser", 1) == pytest.approx(1.0)


def test_a_refused_take_spends_nothing() -> None:
    clock = Clock()
    buckets = TokenBuckets(1.0, 2, clock=clock)
    buckets.take("ip", 2)
    assert buckets.take("ip") > 0
    clock.now += 1
    assert buckets.take("ip") == 0.0


def test_only_the_most_recently_used_keys_are_kept() -> None:
    buckets = TokenBuckets(1.0, 1, clock=Clock(), max_keys=2)
    buckets.take("a")
    buckets.take("b")
    buckets.take("a")  # a is now the most recent
    buckets.take("c")  # evicts b
    assert len(buckets) == 2
    assert buckets.take("b") == 0.0  # forgotten: a full bucket again
    assert buckets.take("c") > 0


def test_nonsense_limits_are_refused() -> None:
    with pytest.raises(ValueError, match="positive"):
        TokenBuckets(0, 1)
