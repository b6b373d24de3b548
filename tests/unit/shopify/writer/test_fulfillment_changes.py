"""Reading a fulfillments job's document: shipments, and bad items with their reasons."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shopbridge.shopify.writer.changes import BadItem
from shopbridge.shopify.writer.fulfillment_changes import (
    Line,
    ShipmentChange,
    TrackingInfo,
    read_shipments,
)

ITEM: dict[str, Any] = {
    "shipment_id": "SHP-1",
    "order": {"by": "name", "value": "#1001"},
    "lines": [{"sku": "A", "quantity": 2}],
    "tracking": {"company": "UPS", "numbers": ["1Z1"], "urls": []},
    "notify_customer": True,
    "status": "IN_TRANSIT",
    "happened_at": "2026-07-01T08:00:00Z",
    "version": 2,
}


def read(*items: Any) -> list[ShipmentChange | BadItem]:
    return list(read_shipments(json.dumps({"shop": "acme", "items": list(items)}).encode()).items)


def test_a_shipment_reads_back_as_stored() -> None:
    [change] = read(ITEM)
    assert isinstance(change, ShipmentChange)
    assert change.key == "shipment:SHP-1"
    assert change.lines == (Line("A", 2),)
    assert change.tracking == TrackingInfo("UPS", ("1Z1",), ())
    assert change.event_details == {"happened_at": "2026-07-01T08:00:00Z"}
    assert change.as_item() == {**ITEM, "version": 2.0}
    [everything] = read({**ITEM, "lines": "all"})
    assert isinstance(everything, ShipmentChange)
    assert everything.lines == "all"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"shipment_id": " "}, "'shipment_id' must be a non-empty string"),
        ({"order": {"by": "guess", "value": "1"}}, "'order' must say how to find the order"),
        ({"lines": []}, "'lines' must be 'all' or a non-empty list"),
        ({"lines": [{"sku": "A", "quantity": 0}]}, "every line's 'quantity' must be 1 or more"),
        ({"tracking": {"numbers": ["1"], "urls": ["a", "b"]}}, "'tracking.urls' must match"),
        ({"version": None}, "'version' must be a number"),
    ],
)
def test_a_bad_item_is_a_bad_item_with_its_reason(change: dict[str, Any], reason: str) -> None:
    [bad] = read({**ITEM, **change})
    assert isinstance(bad, BadItem)
    assert bad.reason == reason or bad.reason.startswith(reason)
