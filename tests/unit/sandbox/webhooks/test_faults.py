"""Webhook fault switches: validation, all-or-nothing updates, seeded draws."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.webhooks.faults import WebhookFaults


def test_off_by_default() -> None:
    faults = WebhookFaults()
    assert not any(faults.duplicate() for _ in range(50))
    assert faults.burst() == 0


def test_update_is_all_or_nothing_and_names_the_bad_setting() -> None:
    faults = WebhookFaults()
    with pytest.raises(ValueError, match=r"^duplicate_rate: "):
        faults.update({"delay_secs": 2, "duplicate_rate": 3})
    assert faults.delay_secs == 0
    with pytest.raises(ValueError, match=r"^nope: unknown"):
        faults.update({"nope": 1})
    with pytest.raises(ValueError, match=r"^burst_size: must be a whole number"):
        faults.update({"burst_size": 1.5})
    assert faults.update({"delay_secs": 2})["delay_secs"] == 2.0


def test_draws_repeat_under_the_same_seed() -> None:
    def draws(seed: int) -> list[bool]:
        faults = WebhookFaults(duplicate_rate=0.5, seed=seed)
        return [faults.duplicate() for _ in range(40)]

    assert draws(7) == draws(7)
    assert draws(7) != draws(8)
    assert 0 < sum(draws(7)) < 40


def test_bursts_add_the_configured_copies() -> None:
    faults = WebhookFaults(burst_rate=1.0, burst_size=3)
    assert faults.burst() == 3
