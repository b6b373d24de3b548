"""Shopify's current retry policy: 8 retries over (just under) 4 hours, doubling waits."""

from __future__ import annotations

import itertools

from shopbridge.sandbox.webhooks.schedule import MAX_RETRIES, RETRY_DELAYS_SECS, retry_delay


def test_eight_doubling_waits_within_four_hours() -> None:
    assert MAX_RETRIES == 8
    assert all(b == 2 * a for a, b in itertools.pairwise(RETRY_DELAYS_SECS))
    assert 3.9 * 3600 < sum(RETRY_DELAYS_SECS) <= 4 * 3600


def test_scaled_waits_and_giving_up() -> None:
    assert retry_delay(1, 0.001) == RETRY_DELAYS_SECS[0] * 0.001
    assert retry_delay(8) == 7200.0
    assert retry_delay(9) is None
    assert retry_delay(0) is None
