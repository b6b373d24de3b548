"""The discount documents: searches quote every value, and a list read stays affordable."""

from __future__ import annotations

import pytest

from shopbridge.shopify.admin import MAX_QUERY_COST, documents, requested_cost
from shopbridge.sources.discounts.document import MAX_TARGETS


def test_search_any_quotes_every_value_and_drops_repeats() -> None:
    assert documents.search_any("handle", ["tee", 'odd "one"', "tee"]) == (
        'handle:"tee" OR handle:"odd \\"one\\""'
    )
    assert documents.search_any("tag", ["shopbridge:autumn"]) == 'tag:"shopbridge:autumn"'
    with pytest.raises(ValueError, match="at least one email"):
        documents.search_any("email", [])


def test_reading_a_discounts_lists_costs_well_under_the_call_limit() -> None:
    cost = requested_cost(documents.DISCOUNT_TARGETS, {"id": "gid://shopify/DiscountNode/1"})
    assert 2 * MAX_TARGETS < cost < MAX_QUERY_COST // 2  # products and variants, 100 each
