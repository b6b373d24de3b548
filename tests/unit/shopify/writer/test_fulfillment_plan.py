"""Spreading a shipment's lines over fulfillment orders; tracking and event decisions."""

from __future__ import annotations

import pytest

from shopbridge.shopify.writer.fulfillment_changes import Line, TrackingInfo
from shopbridge.shopify.writer.fulfillment_plan import (
    FulfillmentOrder,
    OrderLine,
    Refusal,
    event_needed,
    plan_lines,
    tracking_input,
    tracking_matches,
)

SKUS = frozenset({"A", "B", "C"})


def fo(
    fo_id: str, location: str, *lines: tuple[str, str, int], status: str = "OPEN"
) -> FulfillmentOrder:
    return FulfillmentOrder(
        fo_id, status, f"loc-{location}", location, tuple(OrderLine(*line) for line in lines)
    )


EAST = fo("fo-1", "East", ("l1", "A", 2), ("l2", "B", 1))
EAST_SPLIT = fo("fo-2", "East", ("l3", "A", 3))
WEST = fo("fo-3", "West", ("l4", "C", 4))


def test_a_sku_is_taken_from_each_fulfillment_order_of_one_location_in_turn() -> None:
    picks = plan_lines("#1", [EAST, EAST_SPLIT, WEST], [Line("A", 4), Line("B", 1)], SKUS)
    assert picks == [
        {
            "fulfillmentOrderId": "fo-1",
            "fulfillmentOrderLineItems": [{"id": "l1", "quantity": 2}, {"id": "l2", "quantity": 1}],
        },
        {"fulfillmentOrderId": "fo-2", "fulfillmentOrderLineItems": [{"id": "l3", "quantity": 2}]},
    ]


def test_another_location_is_used_when_it_holds_every_line() -> None:
    picks = plan_lines("#1", [EAST, WEST], [Line("C", 4)], SKUS)
    assert picks == [
        {"fulfillmentOrderId": "fo-3", "fulfillmentOrderLineItems": [{"id": "l4", "quantity": 4}]}
    ]


@pytest.mark.parametrize(
    ("wanted", "reason"),
    [
        ([Line("Z", 1)], "SKU Z is not on order #1"),
        ([Line("A", 9)], "SKU A: 9 shipped but 5 left to fulfil on order #1"),
        (
            [Line("A", 1), Line("C", 1)],
            "the lines are left to fulfil at different locations (A at East, C at West): "
            "send one shipment per location",
        ),
    ],
)
def test_what_cannot_be_shipped_from_one_location_is_refused_with_why(
    wanted: list[Line], reason: str
) -> None:
    assert plan_lines("#1", [EAST, EAST_SPLIT, WEST], wanted, SKUS) == Refusal(reason)


def test_all_takes_every_line_left_at_a_single_location_only() -> None:
    assert plan_lines("#1", [EAST_SPLIT], "all", SKUS) == [
        {"fulfillmentOrderId": "fo-2", "fulfillmentOrderLineItems": [{"id": "l3", "quantity": 3}]}
    ]
    refused = plan_lines("#1", [EAST, WEST], "all", SKUS)
    assert isinstance(refused, Refusal)
    assert refused.reason.startswith("order #1 has items left at 2 locations (East, West)")


def test_an_order_with_nothing_open_is_refused() -> None:
    closed = fo("fo-9", "East", ("l9", "A", 0), status="CLOSED")
    held = fo("fo-8", "East", ("l8", "A", 2), status="ON_HOLD")
    refused = plan_lines("#1", [closed, held], [Line("A", 1)], SKUS)
    assert refused == Refusal(
        "order #1 has no open fulfillment order: it is fulfilled, on hold or cancelled"
    )


def test_tracking_is_updated_only_when_it_differs() -> None:
    current = [{"company": "UPS", "number": "1Z1", "url": "https://u.example/1Z1"}]
    assert tracking_matches(current, TrackingInfo("UPS", ("1Z1",), ()))
    assert tracking_matches(current, TrackingInfo(None, ("1Z1",), ("https://u.example/1Z1",)))
    assert not tracking_matches(current, TrackingInfo("DHL", ("1Z1",), ()))
    assert not tracking_matches(current, TrackingInfo("UPS", ("1Z1", "1Z2"), ()))
    assert not tracking_matches(current, TrackingInfo("UPS", ("1Z1",), ("https://x.example",)))
    assert tracking_input(TrackingInfo(None, ("1Z1",), ())) == {"numbers": ["1Z1"]}


def test_a_status_is_recorded_unless_the_newest_event_says_it() -> None:
    newest = {"status": "IN_TRANSIT", "happenedAt": "2026-07-01T08:00:00Z"}
    assert event_needed(None, "IN_TRANSIT", None)
    assert not event_needed(newest, "IN_TRANSIT", None)
    assert not event_needed(newest, "IN_TRANSIT", "2026-07-01T08:00:00Z")
    assert event_needed(newest, "IN_TRANSIT", "2026-07-02T08:00:00Z")
    assert event_needed(newest, "DELIVERED", None)
