"""Storefront ``search`` and ``predictiveSearch`` over published products."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store

SEARCH = """query($q: String!, $first: Int, $after: String, $mode: SearchUnavailableProductsType) {
  search(query: $q, first: $first, after: $after, types: [PRODUCT], unavailableProducts: $mode) {
    totalCount
    nodes { __typename ... on Product { handle } }
    pageInfo { hasNextPage endCursor }
  }
}"""


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    return seeded_store(storefront)


def handles(found: dict[str, object]) -> list[str]:
    nodes = found["nodes"]
    assert isinstance(nodes, list)
    return [node["handle"] for node in nodes]


def test_search_counts_and_pages_matching_products(store: Store) -> None:
    first = store.data(SEARCH, {"q": "sandbox product", "first": 3})["search"]
    assert first["totalCount"] == 5
    assert handles(first) == [handle(1), handle(2), handle(3)]
    assert first["nodes"][0]["__typename"] == "Product"
    rest = store.data(
        SEARCH, {"q": "sandbox product", "first": 3, "after": first["pageInfo"]["endCursor"]}
    )["search"]
    assert handles(rest) == [handle(4), handle(5)]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_search_matches_words_and_skus_and_hides_drafts(store: Store) -> None:
    store.edit_product(handle(2), title="Blue Rain Jacket")
    store.edit_product(handle(4), title="Blue Parka", status="DRAFT")
    assert handles(store.data(SEARCH, {"q": "blue", "first": 10})["search"]) == [handle(2)]
    found = store.data(SEARCH, {"q": "SKU-00003-2", "first": 10})["search"]
    assert handles(found) == [handle(3)]


def test_unavailable_products_come_last_or_are_hidden(store: Store) -> None:
    for variant in store.variants(handle(1)):
        store.set_stock(variant, 0)
    last = store.data(SEARCH, {"q": "sandbox", "first": 10})["search"]
    assert handles(last)[-1] == handle(1)
    hidden = store.data(SEARCH, {"q": "sandbox", "first": 10, "mode": "HIDE"})["search"]
    assert handle(1) not in handles(hidden)
    assert hidden["totalCount"] == 4


def test_search_for_pages_only_finds_nothing(store: Store) -> None:
    found = store.data('{ search(query: "sandbox", first: 5, types: [PAGE]) { totalCount } }')
    assert found["search"]["totalCount"] == 0


def test_predictive_search_matches_word_prefixes(store: Store) -> None:
    store.edit_product(handle(2), title="Snowboard Deluxe")
    found = store.data(
        '{ predictiveSearch(query: "snowb", types: [PRODUCT]) { products { handle } } }'
    )
    assert found["predictiveSearch"]["products"] == [{"handle": handle(2)}]
    limited = store.data('{ predictiveSearch(query: "sandbox", limit: 2) { products { id } } }')
    assert len(limited["predictiveSearch"]["products"]) == 2


def test_documented_filter_not_implemented_is_refused(store: Store) -> None:
    body = store.query('{ products(first: 5, query: "tag_not:x") { nodes { id } } }')
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"
