"""Inventory requests judged item by item: exact field paths, and what normalization gives."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import ShopSettings
from shopbridge.sources.inventory import MAX_ITEMS
from shopbridge.sources.inventory.validate import normalize
from shopbridge.sources.verdict import FieldError

RECEIVED_AT = 1_800_000_000.5
SHOPS = parse_settings(
    """
shops:
  acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_x}
  beta: {domain: beta.myshopify.com, webhook_secret: s, client_id: id, client_secret: cs}
  hooks: {domain: hooks.myshopify.com, webhook_secret: s}
"""
).shops
ONE_SHOP = {"acme": SHOPS["acme"]}
GOOD = {"sku": "A-1", "location": "Main", "quantity": 3}


def _ok(payload: Any, shops: dict[str, ShopSettings] = ONE_SHOP) -> dict[str, Any]:
    result = normalize(payload, shops, RECEIVED_AT)
    assert isinstance(result, dict), result
    return dict(result)


def _problems(payload: Any, shops: dict[str, ShopSettings] = ONE_SHOP) -> list[FieldError]:
    result = normalize(payload, shops, RECEIVED_AT)
    assert isinstance(result, list), result
    return result


def test_single_update_gets_defaults() -> None:
    assert _ok(GOOD) == {
        "shop": "acme",
        "items": [
            {
                "sku": "A-1",
                "inventory_item_id": None,
                "location": "Main",
                "location_id": None,
                "name": "available",
                "quantity": 3,
                "version": RECEIVED_AT,
            }
        ],
    }


def test_numeric_ids_become_gids() -> None:
    items = _ok(
        {
            "items": [
                {"inventory_item_id": 30322695, "location_id": "64244891", "quantity": 0},
                {
                    "inventory_item_id": "gid://shopify/InventoryItem/7",
                    "location_id": "gid://shopify/Location/0042",
                    "quantity": 1,
                },
            ]
        }
    )["items"]
    assert [(i["inventory_item_id"], i["location_id"]) for i in items] == [
        ("gid://shopify/InventoryItem/30322695", "gid://shopify/Location/64244891"),
        ("gid://shopify/InventoryItem/7", "gid://shopify/Location/42"),
    ]


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ("2026-07-01T12:00:00Z", 1_782_907_200.0),
        ("2026-07-01T14:00:00+02:00", 1_782_907_200.0),
        ("2026-07-01T12:00:00.250Z", 1_782_907_200.25),
        (1042, 1042.0),
        (0, 0.0),
        (1_782_907_200.5, 1_782_907_200.5),
    ],
)
def test_versions_become_floats(given: Any, expected: float) -> None:
    item = _ok({**GOOD, "version": given})["items"][0]
    assert item["version"] == expected
    assert isinstance(item["version"], float)


def test_on_hand_and_the_quantity_bounds_are_accepted() -> None:
    items = _ok(
        {"items": [{**GOOD, "name": "on_hand", "quantity": 0}, {**GOOD, "quantity": 1_000_000_000}]}
    )["items"]
    assert [(i["name"], i["quantity"]) for i in items] == [
        ("on_hand", 0),
        ("available", 1_000_000_000),
    ]


def test_shop_by_name_or_domain_is_stored_by_name() -> None:
    assert _ok({**GOOD, "shop": "beta"}, SHOPS)["shop"] == "beta"
    assert _ok({"shop": "Beta.myshopify.com", "items": [GOOD]}, SHOPS)["shop"] == "beta"


@pytest.mark.parametrize(
    ("payload", "message"),
    [
        (GOOD, "required: name one of the shops (acme, beta, hooks)"),
        ({**GOOD, "shop": "gamma"}, "unknown shop 'gamma' (configured: acme, beta, hooks)"),
        ({**GOOD, "shop": 7}, "must be a string"),
        ({**GOOD, "shop": "hooks"}, "shop 'hooks' has no Admin API credentials"),
    ],
)
def test_shop_problems_name_the_shop_field(payload: Any, message: str) -> None:
    problems = _problems(payload, SHOPS)
    assert [p.field for p in problems] == ["shop"]
    assert problems[0].message.startswith(message)


def test_no_shop_configured() -> None:
    assert _problems(GOOD, {}) == [FieldError("shop", "required: name one of the shops (none)")]


@pytest.mark.parametrize(
    ("change", "field", "message"),
    [
        ({"sku": None}, "sku", "required: give sku or inventory_item_id"),
        ({"inventory_item_id": 5}, "sku", "give sku or inventory_item_id, not both"),
        ({"location": None}, "location", "required: give location or location_id"),
        ({"location_id": 5}, "location", "give location or location_id, not both"),
        ({"quantity": None}, "quantity", "valid integer"),
        ({"quantity": -1}, "quantity", "greater than or equal to 0"),
        ({"quantity": 1_000_000_001}, "quantity", "less than or equal to 1000000000"),
        ({"quantity": 3.0}, "quantity", "valid integer"),
        ({"quantity": "3"}, "quantity", "valid integer"),
        ({"quantity": True}, "quantity", "valid integer"),
        ({"quantity": float("nan")}, "quantity", "valid integer"),
        ({"name": "committed"}, "name", "'available' or 'on_hand'"),
        ({"sku": "   "}, "sku", "must not be blank"),
        ({"sku": 12345}, "sku", "valid string"),
        ({"sku": "S" * 256}, "sku", "at most 255 characters"),
        ({"location": ""}, "location", "at least 1 character"),
        ({"version": "2026-07-01T12:00:00"}, "version", "needs a UTC offset"),
        ({"version": "yesterday"}, "version", "must be a number (sequence or epoch seconds)"),
        ({"version": -1}, "version", "must be a finite number, 0 or more"),
        ({"version": float("inf")}, "version", "must be a finite number, 0 or more"),
        ({"version": 2**53 + 1}, "version", "too large to compare exactly"),
        ({"version": True}, "version", "must be a number"),
        ({"version": [1]}, "version", "must be a number"),
        ({"qty": 3}, "qty", "unknown field"),
    ],
)
def test_each_item_problem_has_its_path(change: dict[str, Any], field: str, message: str) -> None:
    item = {**GOOD, **change}
    problems = _problems({"items": [GOOD, item]})
    assert [p.field for p in problems] == [f"items.1.{field}"]
    assert message in problems[0].message
    single = _problems(item)
    assert [p.field for p in single] == [field]


def test_missing_quantity_is_required() -> None:
    assert _problems({"sku": "A", "location": "Main"}) == [FieldError("quantity", "required")]


@pytest.mark.parametrize(
    ("field", "value"),
    [
        ("inventory_item_id", "gid://shopify/Product/1"),
        ("inventory_item_id", 0),
        ("inventory_item_id", -5),
        ("inventory_item_id", "12a"),
        ("inventory_item_id", True),
        ("inventory_item_id", 1.5),
        ("location_id", "gid://shopify/InventoryItem/1"),
        ("location_id", "0"),
    ],
)
def test_bad_ids(field: str, value: Any) -> None:
    other = "sku" if field == "inventory_item_id" else "location"
    item = {**{k: v for k, v in GOOD.items() if k != other}, field: value}
    problems = _problems({"items": [item]})
    assert [p.field for p in problems] == [f"items.0.{field}"]
    kind = "InventoryItem" if field == "inventory_item_id" else "Location"
    assert problems[0].message == f"must be a positive number or gid://shopify/{kind}/<number>"


def test_every_bad_item_is_listed_in_order() -> None:
    items = [GOOD, {**GOOD, "quantity": -2}, GOOD, {"sku": "B", "quantity": "x"}, "not an item"]
    assert [(p.field, p.message[:20]) for p in _problems({"items": items})] == [
        ("items.1.quantity", "Input should be grea"),
        ("items.3.location", "required: give locat"),
        ("items.3.quantity", "Input should be a va"),
        ("items.4", "must be an object"),
    ]


@pytest.mark.parametrize(
    "items",
    [[], {"sku": "A"}, "A", [GOOD] * (MAX_ITEMS + 1)],
    ids=["empty", "object", "str", "10001"],
)
def test_items_must_be_a_list_of_1_to_10000(items: Any) -> None:
    assert _problems({"items": items}) == [
        FieldError("items", "must be a list of 1 to 10,000 updates")
    ]


def test_10000_items_are_accepted() -> None:
    assert len(_ok({"items": [GOOD] * MAX_ITEMS})["items"]) == MAX_ITEMS


def test_top_level_problems() -> None:
    assert _problems({"items": [GOOD], "sku": "A"}) == [FieldError("sku", "unknown field")]
    assert _problems([GOOD]) == [
        FieldError("body", 'must be a JSON object: one update, or {"items": [...]}')
    ]
    assert [p.field for p in _problems({"shop": "nope", "items": [{**GOOD, "quantity": -1}]})] == [
        "shop",
        "items.0.quantity",
    ]
