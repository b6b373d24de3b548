"""What the update guard decides for each event, given what was already delivered."""

from __future__ import annotations

import pytest

from shopbridge.orders.guard import DeliveredVersions, decide
from shopbridge.orders.versions import Seen

V1, V2 = 1782909000.0, 1782909060.0


def seen(
    updated_at: float | None = V1, *, event: str | None = "ev", reconciled: bool = False
) -> Seen:
    return Seen(
        entity="orders:1" if updated_at is not None else None,
        updated_at=updated_at,
        updated_at_text="2026-07-01T12:30:00Z" if updated_at == V1 else None,
        shopify_event=event,
        reconciled=reconciled,
    )


@pytest.mark.parametrize(
    ("event", "delivered", "label"),
    [
        (seen(), DeliveredVersions(), None),  # first news of the order
        (seen(V2), DeliveredVersions(newest=V1), None),  # newer
        (seen(V1), DeliveredVersions(newest=V1), None),  # equal: orders/paid beside updated
        (seen(V1), DeliveredVersions(newest=V2), "stale"),
        (seen(V1), DeliveredVersions(newest=V1, same_event=True), "duplicate"),
        (seen(None), DeliveredVersions(same_event=True), "duplicate"),  # a refund burst
        (seen(None), DeliveredVersions(), None),
        (seen(event=None), DeliveredVersions(same_event=False), None),
        (seen(V1, reconciled=True), DeliveredVersions(newest=V1), "reconciled"),
        (seen(V2, reconciled=True), DeliveredVersions(newest=V1), None),
        (seen(V1), DeliveredVersions(newest=V1, reconciled=V1), "reconciled"),
        (seen(V2), DeliveredVersions(newest=V1, reconciled=V1), None),
    ],
)
def test_decisions(event: Seen, delivered: DeliveredVersions, label: str | None) -> None:
    verdict = decide(event, delivered)
    assert (verdict[0] if verdict else None) == label


def test_a_stale_skip_says_which_versions_met() -> None:
    verdict = decide(seen(V1), DeliveredVersions(newest=V2))
    assert verdict is not None
    assert verdict[1] == (
        "stale: updated_at 2026-07-01T12:30:00Z older than 2026-07-01T12:31:00Z already delivered"
    )
