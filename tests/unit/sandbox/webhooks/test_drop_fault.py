"""The ``drop_rate`` webhook fault: deliveries Shopify never makes."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.webhooks.faults import WebhookFaults


def test_nothing_is_dropped_by_default_and_everything_at_rate_one() -> None:
    assert not any(WebhookFaults().drop() for _ in range(50))
    assert all(WebhookFaults(drop_rate=1.0).drop() for _ in range(50))


def test_a_drop_rate_outside_zero_to_one_is_refused_by_name() -> None:
    faults = WebhookFaults()
    with pytest.raises(ValueError, match=r"^drop_rate: must be between 0 and 1"):
        faults.update({"drop_rate": 1.5})
    assert faults.update({"drop_rate": 0.25})["drop_rate"] == 0.25


def test_drops_repeat_under_the_same_seed_and_leave_other_draws_alone() -> None:
    def draws(seed: int) -> list[bool]:
        faults = WebhookFaults(drop_rate=0.5, seed=seed)
        return [faults.drop() for _ in range(40)]

    assert draws(3) == draws(3)
    assert draws(3) != draws(4)
    # Off, it draws nothing: duplicates under a seed are what they were before drop_rate.
    plain, with_switch = (
        WebhookFaults(duplicate_rate=0.5, seed=9),
        WebhookFaults(duplicate_rate=0.5, seed=9),
    )
    with_switch.drop()
    assert [plain.duplicate() for _ in range(20)] == [with_switch.duplicate() for _ in range(20)]
