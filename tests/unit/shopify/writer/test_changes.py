"""Reading the inventory document a job carries."""

from __future__ import annotations

import json

import pytest

from shopbridge.shopify.writer import BadItem, InventoryChange, one_item_document, read_document


def body(*items: object) -> bytes:
    return json.dumps({"shop": "acme", "items": list(items)}).encode()


GOOD = {
    "sku": "A-1",
    "inventory_item_id": None,
    "location": "Main",
    "location_id": None,
    "name": "available",
    "quantity": 5,
    "version": 3,
}


def test_a_good_item_becomes_a_change_with_its_coalescing_key() -> None:
    document = read_document(body(GOOD))
    [change] = document.items
    assert document.shop == "acme"
    assert isinstance(change, InventoryChange)
    assert change.key == "inventory:A-1@Main:available"
    assert change.version == 3.0


def test_ids_make_the_key_when_names_are_absent() -> None:
    by_id = {
        **GOOD,
        "sku": None,
        "inventory_item_id": "gid://shopify/InventoryItem/9",
        "location": None,
        "location_id": "gid://shopify/Location/2",
        "name": "on_hand",
    }
    [change] = read_document(body(by_id)).items
    assert isinstance(change, InventoryChange)
    assert change.key == "inventory:gid://shopify/InventoryItem/9@gid://shopify/Location/2:on_hand"


@pytest.mark.parametrize(
    ("changes", "reason"),
    [
        ({"sku": None}, "give 'sku' or 'inventory_item_id'"),
        ({"location": None}, "give 'location' or 'location_id'"),
        ({"name": "committed"}, "'name' must be one of available, on_hand"),
        ({"quantity": "5"}, "'quantity' must be an integer"),
        ({"quantity": True}, "'quantity' must be an integer"),
        ({"version": None}, "'version' must be a number"),
        ({"sku": ""}, "'sku' must be a non-empty string or null"),
    ],
)
def test_a_bad_item_is_kept_with_its_reason(changes: dict[str, object], reason: str) -> None:
    [bad] = read_document(body({**GOOD, **changes})).items
    assert bad == BadItem({**GOOD, **changes}, reason)


def test_a_document_without_items_is_refused_whole() -> None:
    with pytest.raises(ValueError, match="no 'items' list"):
        read_document(b'{"shop": "acme"}')
    with pytest.raises(ValueError, match="not JSON"):
        read_document(b"{")


def test_a_dead_item_document_reads_back_as_the_same_change() -> None:
    [change] = read_document(body(GOOD)).items
    assert isinstance(change, InventoryChange)
    assert read_document(one_item_document("acme", change)).items == (change,)
