"""The primary market at start, and reading markets, catalogs and price lists."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    create_catalog,
    create_market,
    create_price_list,
    market_store,
)

MARKETS = """
query($first: Int, $after: String, $q: String, $sort: MarketsSortKeys, $type: MarketType) {
  markets(first: $first, after: $after, query: $q, sortKey: $sort, type: $type) {
    nodes { name } pageInfo { hasNextPage endCursor } }
}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def test_bootstrap_creates_one_primary_market_and_is_idempotent(store: AdminStore) -> None:
    query = "{ markets(first: 5) { nodes { id name handle primary type status"
    query += " currencySettings { baseCurrency { currencyCode } } } } }"
    [market] = store.data(query)["markets"]["nodes"]
    assert (market["name"], market["handle"]) == ("Canada", "ca")
    assert (market["primary"], market["type"], market["status"]) == (True, "REGION", "ACTIVE")
    run_bootstraps(store.state, SandboxConfig())
    run_bootstraps(store.state, SandboxConfig(currency_code="CAD"))
    [again] = store.data(query)["markets"]["nodes"]
    assert again["id"] == market["id"]
    assert again["currencySettings"]["baseCurrency"]["currencyCode"] == "CAD"


def test_markets_page_search_sort_and_type(store: AdminStore) -> None:
    for name, country in (("France", "FR"), ("Germany", "DE"), ("Japan", "JP")):
        create_market(store, name, country, "EUR")
    first = store.data(MARKETS, {"first": 2, "sort": "NAME"})["markets"]
    assert [m["name"] for m in first["nodes"]] == ["Canada", "France"]
    rest = store.data(
        MARKETS, {"first": 2, "sort": "NAME", "after": first["pageInfo"]["endCursor"]}
    )
    assert [m["name"] for m in rest["markets"]["nodes"]] == ["Germany", "Japan"]
    assert rest["markets"]["pageInfo"]["hasNextPage"] is False
    found = store.data(MARKETS, {"first": 5, "q": "name:germany OR name:japan"})["markets"]
    assert [m["name"] for m in found["nodes"]] == ["Germany", "Japan"]
    none = store.data(MARKETS, {"first": 5, "type": "NONE"})["markets"]["nodes"]
    assert none == []


def test_catalogs_price_lists_and_lookups(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    catalog = create_catalog(store, "France catalog", market)
    price_list = create_price_list(store, "Euro list", "EUR", catalogId=catalog)
    data = store.data(
        """query($m: ID!, $c: ID!, $p: ID!) {
          market(id: $m) { catalogsCount { count } priceList { id }
            catalogs(first: 5) { nodes { id title } } }
          catalog(id: $c) { __typename title priceList { id } }
          priceList(id: $p) { name catalog { id } }
          catalogs(first: 5, type: MARKET, query: "title:france") { nodes { id } }
          companyCatalogs: catalogs(first: 5, type: COMPANY_LOCATION) { nodes { id } }
          catalogsCount { count }
          priceLists(first: 5, sortKey: NAME) { nodes { id } }
        }""",
        {"m": market, "c": catalog, "p": price_list},
    )
    assert data["market"]["catalogs"]["nodes"] == [{"id": catalog, "title": "France catalog"}]
    assert data["market"]["priceList"] == {"id": price_list}
    assert data["catalog"] == {"__typename": "MarketCatalog", "title": "France catalog",
                               "priceList": {"id": price_list}}  # fmt: skip
    assert data["priceList"] == {"name": "Euro list", "catalog": {"id": catalog}}
    assert data["catalogs"]["nodes"] == [{"id": catalog}]
    assert data["companyCatalogs"]["nodes"] == []
    assert data["catalogsCount"] == {"count": 1}
    assert data["priceLists"]["nodes"] == [{"id": price_list}]
    node = store.data("query($id: ID!) { node(id: $id) { id } }", {"id": market})
    assert node["node"] == {"id": market}
