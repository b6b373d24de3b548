"""priceListCreate, priceListUpdate and priceListDelete."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    PRICE_LIST_CREATE,
    codes,
    create_catalog,
    create_market,
    create_price_list,
    market_store,
    price_list_input,
)

UPDATE = """
mutation($id: ID!, $input: PriceListUpdateInput!) {
  priceListUpdate(id: $id, input: $input) {
    priceList { name currency fixedPricesCount catalog { id }
      parent { adjustment { type value } settings { compareAtMode } } }
    userErrors { field message code }
  }
}
"""
DELETE = "mutation($id: ID!) { priceListDelete(id: $id) { deletedId userErrors { code field } } }"
ADD = """
mutation($id: ID!, $prices: [PriceListPriceInput!]!) {
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) { userErrors { code } }
}
"""
VALUE = ["input", "parent", "adjustment", "value"]


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def test_create_with_catalog(store: AdminStore) -> None:
    catalog = create_catalog(store, "FR", create_market(store, "France", "FR", "EUR"))
    given = price_list_input("Euro", "EUR", 15, "PERCENTAGE_DECREASE", catalogId=catalog)
    given["parent"]["settings"] = {"compareAtMode": "NULLIFY"}
    created = store.payload(PRICE_LIST_CREATE, {"input": given})["priceList"]
    assert created["parent"] == {
        "adjustment": {"type": "PERCENTAGE_DECREASE", "value": 15.0},
        "settings": {"compareAtMode": "NULLIFY"},
    }
    assert (created["catalog"], created["fixedPricesCount"]) == ({"id": catalog, "title": "FR"}, 0)


@pytest.mark.parametrize(
    ("given", "expected"),
    [
        (price_list_input("", "EUR"), [("BLANK", ["input", "name"])]),
        (price_list_input("Taken", "EUR"), [("TAKEN", ["input", "name"])]),
        (price_list_input("X", "EUR", -1), [("INVALID_ADJUSTMENT_VALUE", VALUE)]),
        (price_list_input("X", "EUR", 101, "PERCENTAGE_DECREASE"),
         [("INVALID_ADJUSTMENT_MIN_VALUE", VALUE)]),
        (price_list_input("X", "EUR", 1001), [("INVALID_ADJUSTMENT_MAX_VALUE", VALUE)]),
        (price_list_input("X", "XXX"), [("CURRENCY_NOT_SUPPORTED", ["input", "currency"])]),
        (price_list_input("X", "EUR", catalogId="gid://shopify/MarketCatalog/1"),
         [("CATALOG_DOES_NOT_EXIST", ["input", "catalogId"])]),
        (price_list_input("X", "USD", catalogId="catalog"),
         [("CATALOG_MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH", ["input", "catalogId"])]),
        (price_list_input("X", "EUR", catalogId="taken catalog"),
         [("CATALOG_TAKEN", ["input", "catalogId"])]),
    ],
)  # fmt: skip
def test_create_refusals(
    store: AdminStore, given: dict[str, Any], expected: list[tuple[str, Any]]
) -> None:
    market = create_market(store, "France", "FR", "EUR")
    catalogs = {"catalog": create_catalog(store, "Free", market),
                "taken catalog": create_catalog(store, "Taken", market)}  # fmt: skip
    create_price_list(store, "Taken", "EUR", catalogId=catalogs["taken catalog"])
    if given.get("catalogId") in catalogs:
        given = {**given, "catalogId": catalogs[given["catalogId"]]}
    payload = store.payload(PRICE_LIST_CREATE, {"input": given})
    assert payload["priceList"] is None
    assert codes(payload) == expected


def test_primary_market_catalog_takes_no_price_list(store: AdminStore) -> None:
    primary = store.data("{ markets(first: 1) { nodes { id } } }")["markets"]["nodes"][0]["id"]
    catalog = create_catalog(store, "Home", primary)
    given = price_list_input("Home", "USD", catalogId=catalog)
    payload = store.payload(PRICE_LIST_CREATE, {"input": given})
    assert codes(payload) == [("PRICE_LIST_NOT_ALLOWED_FOR_PRIMARY_MARKET", ["input", "catalogId"])]


def test_update_moves_catalog_and_currency_change_drops_fixed_prices(store: AdminStore) -> None:
    france = create_catalog(store, "FR", create_market(store, "France", "FR", "EUR"))
    britain = create_catalog(store, "GB", create_market(store, "Britain", "GB", "GBP"))
    price_list = create_price_list(store, "List", "EUR", catalogId=france)
    variant = store.data("{ productVariants(first: 1) { nodes { id } } }")
    variant_id = variant["productVariants"]["nodes"][0]["id"]
    price = {"variantId": variant_id, "price": {"amount": "5", "currencyCode": "EUR"}}
    assert store.payload(ADD, {"id": price_list, "prices": [price]})["userErrors"] == []
    given = {"name": "Pounds", "currency": "GBP", "catalogId": britain,
             "parent": {"adjustment": {"type": "PERCENTAGE_INCREASE", "value": 5}}}  # fmt: skip
    updated = store.payload(UPDATE, {"id": price_list, "input": given})
    assert updated["userErrors"] == []
    found = updated["priceList"]
    assert (found["name"], found["currency"], found["fixedPricesCount"]) == ("Pounds", "GBP", 0)
    assert found["catalog"] == {"id": britain}
    assert found["parent"]["settings"] == {"compareAtMode": "ADJUSTED"}
    old = store.data("query($id: ID!) { catalog(id: $id) { priceList { id } } }", {"id": france})
    assert old["catalog"]["priceList"] is None
    mismatch = store.payload(UPDATE, {"id": price_list, "input": {"currency": "EUR"}})
    assert codes(mismatch) == [
        ("CATALOG_MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH", ["input", "catalogId"])
    ]


def test_delete(store: AdminStore) -> None:
    catalog = create_catalog(store, "FR", create_market(store, "France", "FR", "EUR"))
    price_list = create_price_list(store, "List", "EUR", catalogId=catalog)
    assert store.payload(DELETE, {"id": price_list}) == {"deletedId": price_list, "userErrors": []}
    data = store.data("query($id: ID!) { catalog(id: $id) { priceList { id } } }", {"id": catalog})
    assert data["catalog"]["priceList"] is None
    again = store.payload(DELETE, {"id": price_list})
    assert again["userErrors"] == [{"code": "PRICE_LIST_NOT_FOUND", "field": ["id"]}]
