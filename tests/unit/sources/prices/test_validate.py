"""Price requests judged item by item: exact field paths, and what normalization gives."""

from __future__ import annotations

from shopbridge.sources.prices import MAX_ITEMS
from shopbridge.sources.prices.validate import normalize
from tests.unit.sources.judging import RECEIVED_AT, Judge

judge = Judge(normalize)


def test_a_variant_price_is_normalized_and_an_absent_compare_at_price_stays_absent() -> None:
    assert judge.ok({"sku": "A-1", "price": "19.99"}) == {
        "shop": "acme",
        "items": [
            {
                "sku": "A-1",
                "variant_id": None,
                "price": "19.99",
                "price_list": None,
                "currency": None,
                "version": RECEIVED_AT,
            }
        ],
    }


def test_a_null_compare_at_price_is_kept_to_clear_it_and_ids_become_gids() -> None:
    [item] = judge.ok({"items": [{"variant_id": 42, "compare_at_price": None, "version": 3}]})[
        "items"
    ]
    assert item["variant_id"] == "gid://shopify/ProductVariant/42"
    assert item["compare_at_price"] is None
    assert item["price"] is None
    assert item["version"] == 3.0


def test_a_price_list_item_needs_price_and_currency() -> None:
    item = {"sku": "A-1", "price_list": "Europe", "currency": "EUR", "price": "18.50"}
    assert judge.ok(item)["items"][0]["price_list"] == "Europe"
    assert judge.problems({"items": [{"sku": "A-1", "price_list": "Europe", "price": "1"}]}) == [
        ("items.0.currency", "required with price_list")
    ]
    assert judge.problems({"items": [{"sku": "A-1", "price": "1", "currency": "EUR"}]}) == [
        ("items.0.currency", "only with price_list")
    ]


def test_every_problem_of_every_item_is_listed_with_its_path() -> None:
    problems = judge.problems(
        {
            "items": [
                {"sku": "A-1", "price": "19.99"},
                {"price": "-1"},
                {"sku": "A-2", "variant_id": 7, "price": 19.99},
                {"sku": "A-3"},
                {"sku": "A-4", "price": "1", "price_list": "Eu", "currency": "eur", "x": 1},
            ]
        }
    )
    assert problems == [
        ("items.1.sku", "required: give sku or variant_id"),
        ("items.1.price", "must be a decimal string such as '19.99' (0 or more, up to 4 decimals)"),
        ("items.2.sku", "give sku or variant_id, not both"),
        ("items.2.price", "must be a decimal string such as '19.99' (0 or more, up to 4 decimals)"),
        ("items.3.price", "required: give price or compare_at_price"),
        ("items.4.currency", "String should match pattern '^[A-Z]{3}$'"),
        ("items.4.x", "unknown field"),
    ]


def test_the_batch_size_is_bounded() -> None:
    assert judge.problems({"items": []}) == [
        ("items", f"must be a list of 1 to {MAX_ITEMS:,} prices")
    ]
