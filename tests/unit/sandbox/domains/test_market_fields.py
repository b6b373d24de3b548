"""PriceList.prices (fixed and relative), Market.discounts and other computed fields."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.gid import legacy_id
from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    create_catalog,
    create_market,
    create_price_list,
    market_store,
    variant_prices,
)

PRICES = """
query($id: ID!, $first: Int, $after: String, $origin: PriceListPriceOriginType, $q: String) {
  priceList(id: $id) {
    prices(first: $first, after: $after, originType: $origin, query: $q) {
      nodes { variant { id } price { amount currencyCode } compareAtPrice { amount } originType }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
ADD = """
mutation($id: ID!, $prices: [PriceListPriceInput!]!) {
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) { userErrors { code } }
}
"""
DISCOUNT = """
mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic {
      context { __typename
        ... on DiscountMarkets { markets(first: 5) { nodes { id name } } } } } } }
    userErrors { field code }
  }
}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def prices(store: AdminStore, price_list: str, **args: Any) -> dict[str, Any]:
    found: dict[str, Any] = store.data(PRICES, {"id": price_list, "first": 10, **args})
    connection: dict[str, Any] = found["priceList"]["prices"]
    return connection


def set_compare_at(store: AdminStore, variant_id: str, amount: str) -> None:
    with store.state.transaction():
        variant = store.state.edit("ProductVariant", legacy_id(variant_id))
        assert variant is not None
        store.state.save({**variant, "compareAtPrice": amount})


def test_relative_prices_follow_the_adjustment(store: AdminStore) -> None:
    base = variant_prices(store)
    first = next(iter(base))
    set_compare_at(store, first, "100.00")
    up = create_price_list(store, "Up", "EUR", percent=10)
    down = create_price_list(store, "Down", "EUR", percent=25.5, kind="PERCENTAGE_DECREASE")
    [price, *_] = prices(store, up)["nodes"]
    assert price["originType"] == "RELATIVE"
    assert price["price"]["currencyCode"] == "EUR"
    expected = (Decimal(base[first]) * Decimal("1.1")).quantize(Decimal("0.01"))
    assert Decimal(price["price"]["amount"]) == expected
    assert price["compareAtPrice"] == {"amount": "110.0"}
    [lower, *_] = prices(store, down)["nodes"]
    assert lower["compareAtPrice"] == {"amount": "74.5"}


def test_nullify_mode_drops_relative_compare_at(store: AdminStore) -> None:
    first = next(iter(variant_prices(store)))
    set_compare_at(store, first, "100.00")
    parent_settings = {"settings": {"compareAtMode": "NULLIFY"}}
    given: dict[str, Any] = {"name": "N", "currency": "EUR", "parent": {
        "adjustment": {"type": "PERCENTAGE_INCREASE", "value": 0}, **parent_settings}}  # fmt: skip
    payload = store.payload(
        "mutation($i: PriceListCreateInput!) { priceListCreate(input: $i) { priceList { id } } }",
        {"i": given},
    )
    [price, *_] = prices(store, payload["priceList"]["id"])["nodes"]
    assert price["compareAtPrice"] is None


def test_fixed_and_relative_filters_query_and_pages(store: AdminStore) -> None:
    variants = list(variant_prices(store))
    price_list = create_price_list(store, "Euro", "EUR")
    fixed = {"variantId": variants[1], "price": {"amount": "1", "currencyCode": "EUR"}}
    store.payload(ADD, {"id": price_list, "prices": [fixed]})
    assert [p["variant"]["id"] for p in prices(store, price_list, origin="FIXED")["nodes"]] == [
        variants[1]
    ]
    relative = prices(store, price_list, origin="RELATIVE")["nodes"]
    assert variants[1] not in [p["variant"]["id"] for p in relative]
    assert len(relative) == len(variants) - 1
    everything = prices(store, price_list)["nodes"]
    assert [p["originType"] for p in everything][:2] == ["RELATIVE", "FIXED"]
    query = f"variant_id:{legacy_id(variants[0])}"
    assert [p["variant"]["id"] for p in prices(store, price_list, q=query)["nodes"]] == [
        variants[0]
    ]
    page = prices(store, price_list, first=3)
    rest = prices(store, price_list, first=3, after=page["pageInfo"]["endCursor"])
    seen = [p["variant"]["id"] for p in page["nodes"] + rest["nodes"]]
    assert seen == variants


def test_discounts_accept_real_markets(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    body = {"title": "FR ten", "code": "FR10",
            "customerGets": {"value": {"percentage": 0.1}, "items": {"all": True}},
            "context": {"markets": {"add": [market]}}}  # fmt: skip
    payload = store.payload(DISCOUNT, {"d": body})
    assert payload["userErrors"] == []
    context = payload["codeDiscountNode"]["codeDiscount"]["context"]
    assert context["markets"]["nodes"] == [{"id": market, "name": "France"}]
    data = store.data(
        "query($id: ID!) { market(id: $id) { discountsCount { count }"
        " discounts(first: 5) { nodes { id } } } }",
        {"id": market},
    )
    assert data["market"]["discountsCount"] == {"count": 1}
    assert data["market"]["discounts"]["nodes"] == [{"id": payload["codeDiscountNode"]["id"]}]


def test_catalog_markets_filters(store: AdminStore) -> None:
    france = create_market(store, "France", "FR", "EUR")
    spain = create_market(store, "Spain", "ES", "EUR")
    catalog = create_catalog(store, "South", france, spain)
    data = store.data(
        """query($id: ID!) { catalog(id: $id) { ... on MarketCatalog {
          all: marketsCount { count } named: marketsCount(query: "name:spain") { count }
          active: markets(first: 5, status: ACTIVE) { nodes { name } } } } }""",
        {"id": catalog},
    )
    found = data["catalog"]
    assert (found["all"], found["named"]) == ({"count": 2}, {"count": 1})
    assert found["active"]["nodes"] == [{"name": "France"}, {"name": "Spain"}]
