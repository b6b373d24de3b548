"""catalogCreate, catalogUpdate and catalogDelete for market catalogs."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    CATALOG_CREATE,
    codes,
    create_catalog,
    create_market,
    create_price_list,
    market_store,
)

UPDATE = """
mutation($id: ID!, $input: CatalogUpdateInput!) {
  catalogUpdate(id: $id, input: $input) {
    catalog { title status priceList { id }
      ... on MarketCatalog { markets(first: 5) { nodes { id } } } }
    userErrors { field message code }
  }
}
"""
DELETE = """
mutation($id: ID!, $all: Boolean) {
  catalogDelete(id: $id, deleteDependentResources: $all) { deletedId userErrors { code field } }
}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def primary_id(store: AdminStore) -> str:
    found: str = store.data("{ markets(first: 1) { nodes { id } } }")["markets"]["nodes"][0]["id"]
    return found


def test_create_binds_markets_and_price_list(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    price_list = create_price_list(store, "Euro", "EUR")
    given = {"title": "FR", "status": "ACTIVE", "context": {"marketIds": [market]},
             "priceListId": price_list}  # fmt: skip
    catalog = store.payload(CATALOG_CREATE, {"input": given})["catalog"]
    assert catalog["markets"]["nodes"] == [{"id": market}]
    assert catalog["priceList"] == {"id": price_list, "currency": "EUR"}


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        ({"title": ""}, [("BLANK", ["input", "title"])]),
        ({"context": {}}, [("MUST_PROVIDE_EXACTLY_ONE_CONTEXT_TYPE", ["input", "context"])]),
        ({"context": {"marketIds": ["gid://shopify/Market/1"]}},
         [("MARKET_NOT_FOUND", ["input", "context", "marketIds"])]),
        ({"priceListId": "gid://shopify/PriceList/1"},
         [("PRICE_LIST_NOT_FOUND", ["input", "priceListId"])]),
        ({"priceListId": "usd"},
         [("MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH", ["input", "priceListId"])]),
        ({"priceListId": "eur", "context": "primary"},
         [("PRICE_LIST_NOT_ALLOWED_FOR_PRIMARY_MARKET", ["input", "priceListId"])]),
    ],
)  # fmt: skip
def test_create_refusals(
    store: AdminStore, given: dict[str, Any], expected: list[tuple[str, Any]]
) -> None:
    market = create_market(store, "France", "FR", "EUR")
    lists = {"usd": create_price_list(store, "Dollars", "USD"),
             "eur": create_price_list(store, "Euros", "EUR")}  # fmt: skip
    body: dict[str, Any] = {"title": "T", "status": "ACTIVE", "context": {"marketIds": [market]}}
    body.update(given)
    if body["context"] == "primary":
        body["context"] = {"marketIds": [primary_id(store)]}
    body["priceListId"] = lists.get(body.get("priceListId") or "", body.get("priceListId"))
    payload = store.payload(CATALOG_CREATE, {"input": body})
    assert payload["catalog"] is None
    assert codes(payload) == expected


def test_a_price_list_serves_one_catalog(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    price_list = create_price_list(store, "Euros", "EUR")
    first = create_catalog(store, "One", market)
    second = create_catalog(store, "Two", market)
    assert (
        store.payload(UPDATE, {"id": first, "input": {"priceListId": price_list}})["userErrors"]
        == []
    )
    taken = store.payload(UPDATE, {"id": second, "input": {"priceListId": price_list}})
    assert codes(taken) == [("TAKEN", ["input", "priceListId"])]


def test_update_title_status_and_context(store: AdminStore) -> None:
    france = create_market(store, "France", "FR", "EUR")
    germany = create_market(store, "Germany", "DE", "EUR")
    catalog = create_catalog(store, "FR", france)
    given = {"title": "DE", "status": "DRAFT", "context": {"marketIds": [germany]}}
    updated = store.payload(UPDATE, {"id": catalog, "input": given})["catalog"]
    assert (updated["title"], updated["status"]) == ("DE", "DRAFT")
    assert updated["markets"]["nodes"] == [{"id": germany}]
    missing = store.payload(UPDATE, {"id": "gid://shopify/MarketCatalog/1", "input": given})
    assert codes(missing) == [("CATALOG_NOT_FOUND", ["id"])]


def test_delete_with_and_without_dependents(store: AdminStore) -> None:
    market = create_market(store, "France", "FR", "EUR")
    kept_list = create_price_list(store, "Kept", "EUR")
    gone_list = create_price_list(store, "Gone", "EUR")
    one = create_catalog(store, "One", market)
    two = create_catalog(store, "Two", market)
    store.payload(UPDATE, {"id": one, "input": {"priceListId": kept_list}})
    store.payload(UPDATE, {"id": two, "input": {"priceListId": gone_list}})
    assert store.payload(DELETE, {"id": one})["deletedId"] == one
    assert store.payload(DELETE, {"id": two, "all": True})["deletedId"] == two
    query = """query($a: ID!, $b: ID!) {
      a: priceList(id: $a) { catalog { id } } b: priceList(id: $b) { id } }"""
    data = store.data(query, {"a": kept_list, "b": gone_list})
    assert data == {"a": {"catalog": None}, "b": None}
    assert store.payload(DELETE, {"id": one})["userErrors"] == [
        {"code": "CATALOG_NOT_FOUND", "field": ["id"]}
    ]
