"""Webhook filters over REST payloads, and includeFields trimming."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.webhooks.filters import filter_error, include_fields, matches_filter

PRODUCT = {
    "id": 1,
    "title": "T-Shirt",
    "status": "active",
    "product_type": "Shirts",
    "published_at": None,
    "updated_at": "2026-07-01T12:00:00+00:00",
    "variants": [
        {"price": "9.50", "sku": "TS-S", "taxable": True},
        {"price": "12.00", "sku": None},
    ],
}


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (None, True),
        ("variants.price:>=10.00", True),
        ("variants.price:>=20", False),
        ("status:active", True),
        ("status:ACTIVE", True),
        ("status:draft", False),
        ("id:*", True),
        ("published_at:*", False),
        ("missing:x", False),
        ("-missing:x", True),
        ("status:active AND (product_type:Music OR product_type:Shirts)", True),
        ("variants.sku:TS*", True),
        ("variants.taxable:true", True),
        ("updated_at:>'2026-06-30T00:00:00Z'", True),
        ("NOT status:active", False),
    ],
)
def test_filters_match_like_the_documented_examples(text: str | None, expected: bool) -> None:
    assert matches_filter(PRODUCT, text) is expected


def test_bare_words_and_syntax_errors_are_refused() -> None:
    assert filter_error("status:active") is None
    assert filter_error("shirts") is not None
    assert filter_error("(status:active") is not None


def test_include_fields_keeps_listed_paths_through_lists() -> None:
    kept = include_fields(PRODUCT, ["id", "variants.price", "nothing.here"])
    assert kept == {"id": 1, "variants": [{"price": "9.50"}, {"price": "12.00"}]}


def test_include_fields_of_a_parent_keeps_it_whole() -> None:
    assert include_fields(PRODUCT, ["variants"]) == {"variants": PRODUCT["variants"]}
    assert include_fields(PRODUCT, []) == PRODUCT
