"""Which entity a Shopify event is about, and which version of it it carries."""

from __future__ import annotations

import pytest

from shopbridge.orders.versions import entity_of, format_time, parse_time, seen_in


@pytest.mark.parametrize(
    ("text", "epoch"),
    [
        ("2026-07-01T12:30:00Z", 1782909000.0),
        ("2026-07-01T08:30:00-04:00", 1782909000.0),
        ("2026-07-01T12:30:00.250+00:00", 1782909000.25),
        ("2026-07-01T12:30:00", 1782909000.0),  # no offset: taken as UTC
    ],
)
def test_times_are_read_with_their_offset(text: str, epoch: float) -> None:
    assert parse_time(text) == epoch


@pytest.mark.parametrize("value", [None, "", "yesterday", 1782909000, "2026-13-01T00:00:00Z"])
def test_what_is_not_a_time_has_no_version(value: object) -> None:
    assert parse_time(value) is None


def test_times_are_shown_in_utc_to_the_second_when_whole() -> None:
    assert format_time(1782909000.0) == "2026-07-01T12:30:00Z"
    assert format_time(1782909000.25) == "2026-07-01T12:30:00.250000Z"


def test_the_entity_is_the_topic_resource_and_the_payload_own_id() -> None:
    assert entity_of("orders/paid", {"id": 5678901234567890123}) == "orders:5678901234567890123"
    assert entity_of("fulfillments/update", {"id": 7, "order_id": 1}) == "fulfillments:7"
    level = {"inventory_item_id": 11, "location_id": 22, "available": 3}
    assert entity_of("inventory_levels/update", level) == "inventory_levels:11@22"
    assert entity_of("inventory_levels/update", {"inventory_item_id": 11}) is None
    assert entity_of("orders/paid", {"id": True}) is None
    assert entity_of("orders/paid", [1]) is None


def test_an_event_carries_its_version_shopify_event_id_and_origin() -> None:
    seen = seen_in(
        "orders/updated",
        {"id": 1, "updated_at": "2026-07-01T08:30:00-04:00"},
        {"x-shopify-event-id": "ev-1"},
    )
    assert seen.entity == "orders:1"
    assert seen.updated_at == 1782909000.0
    assert seen.updated_at_text == "2026-07-01T08:30:00-04:00"
    assert seen.shopify_event == "ev-1"
    assert not seen.reconciled
    synthetic = seen_in(
        "orders/updated",
        {"id": 1, "updated_at": "2026-07-01T12:30:00Z"},
        {"x-shopbridge-reconciled": "true"},
    )
    assert synthetic.reconciled
    assert synthetic.shopify_event is None


def test_an_event_without_updated_at_is_unversioned_but_may_be_a_duplicate() -> None:
    refund = seen_in("refunds/create", {"id": 9, "order_id": 1}, {"x-shopify-event-id": "e"})
    assert (refund.entity, refund.updated_at, refund.shopify_event) == (None, None, "e")
