"""Fixed prices: add, update, delete, by product, and their userErrors."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    codes,
    create_price_list,
    market_store,
    variant_prices,
)

ADD = """
mutation($id: ID!, $prices: [PriceListPriceInput!]!) {
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) {
    prices { variant { id } price { amount currencyCode } compareAtPrice { amount } originType }
    userErrors { field message code }
  }
}
"""
UPDATE = """
mutation($id: ID!, $add: [PriceListPriceInput!]!, $delete: [ID!]!) {
  priceListFixedPricesUpdate(priceListId: $id, pricesToAdd: $add, variantIdsToDelete: $delete) {
    priceList { fixedPricesCount } pricesAdded { variant { id } price { amount } }
    deletedFixedPriceVariantIds userErrors { field message code }
  }
}
"""
DELETE = """
mutation($id: ID!, $ids: [ID!]!) {
  priceListFixedPricesDelete(priceListId: $id, variantIds: $ids) {
    deletedFixedPriceVariantIds userErrors { field message code }
  }
}
"""
BY_PRODUCT = """
mutation($id: ID!, $add: [PriceListProductPriceInput!], $delete: [ID!]) {
  priceListFixedPricesByProductUpdate(priceListId: $id, pricesToAdd: $add,
                                      pricesToDeleteByProductIds: $delete) {
    priceList { fixedPricesCount } pricesToAddProducts { id } pricesToDeleteProducts { id }
    userErrors { field message code }
  }
}
"""
COUNT = "query($id: ID!) { priceList(id: $id) { fixedPricesCount } }"


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def eur(amount: str, currency: str = "EUR") -> dict[str, str]:
    return {"amount": amount, "currencyCode": currency}


def fixed(variant: str, amount: str, **more: Any) -> dict[str, Any]:
    return {"variantId": variant, "price": eur(amount), **more}


def count(store: AdminStore, price_list: str) -> int:
    found: int = store.data(COUNT, {"id": price_list})["priceList"]["fixedPricesCount"]
    return found


def test_add_replaces_existing_fixed_prices(store: AdminStore) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    first, second = list(variant_prices(store))[:2]
    added = store.payload(ADD, {"id": price_list, "prices": [
        fixed(first, "9.5", compareAtPrice=eur("12")), fixed(second, "3")]})  # fmt: skip
    assert added["userErrors"] == []
    assert added["prices"][0] == {
        "variant": {"id": first}, "price": {"amount": "9.5", "currencyCode": "EUR"},
        "compareAtPrice": {"amount": "12.0"}, "originType": "FIXED"}  # fmt: skip
    again = store.payload(ADD, {"id": price_list, "prices": [fixed(first, "8")]})
    assert again["prices"][0]["price"]["amount"] == "8.0"
    assert again["prices"][0]["compareAtPrice"] is None
    assert count(store, price_list) == 2


def test_add_refusals_change_nothing(store: AdminStore) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    first = next(iter(variant_prices(store)))
    payload = store.payload(ADD, {"id": price_list, "prices": [
        fixed(first, "1"),
        fixed("gid://shopify/ProductVariant/1", "1"),
        {"variantId": first, "price": eur("1", "USD"), "compareAtPrice": eur("2", "GBP")},
    ]})  # fmt: skip
    assert payload["prices"] is None
    assert codes(payload) == [
        ("VARIANT_NOT_FOUND", ["prices", "1", "variantId"]),
        (None, ["prices", "2", "variantId"]),
        ("PRICE_LIST_CURRENCY_MISMATCH", ["prices", "2", "price", "currencyCode"]),
        ("PRICE_LIST_CURRENCY_MISMATCH", ["prices", "2", "compareAtPrice", "currencyCode"]),
    ]
    assert count(store, price_list) == 0
    missing = store.payload(ADD, {"id": "gid://shopify/PriceList/1", "prices": []})
    assert codes(missing) == [("PRICE_LIST_NOT_FOUND", ["priceListId"])]


def test_update_adds_and_deletes(store: AdminStore) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    first, second, third = list(variant_prices(store))[:3]
    store.payload(ADD, {"id": price_list, "prices": [fixed(first, "1"), fixed(second, "2")]})
    payload = store.payload(UPDATE, {"id": price_list, "add": [fixed(third, "3")],
                                     "delete": [first]})  # fmt: skip
    assert payload["userErrors"] == []
    assert payload["deletedFixedPriceVariantIds"] == [first]
    assert payload["pricesAdded"] == [{"variant": {"id": third}, "price": {"amount": "3.0"}}]
    assert payload["priceList"] == {"fixedPricesCount": 2}
    refused = store.payload(UPDATE, {"id": price_list, "add": [], "delete": [first]})
    assert codes(refused) == [("PRICE_NOT_FIXED", ["variantIdsToDelete", "0"])]


def test_delete(store: AdminStore) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    first, second = list(variant_prices(store))[:2]
    store.payload(ADD, {"id": price_list, "prices": [fixed(first, "1")]})
    refused = store.payload(
        DELETE, {"id": price_list, "ids": [first, second, "gid://shopify/ProductVariant/1"]}
    )
    assert codes(refused) == [("PRICE_NOT_FIXED", ["variantIds", "1"]),
                              ("VARIANT_NOT_FOUND", ["variantIds", "2"])]  # fmt: skip
    assert count(store, price_list) == 1
    done = store.payload(DELETE, {"id": price_list, "ids": [first]})
    assert done == {"deletedFixedPriceVariantIds": [first], "userErrors": []}
    assert count(store, price_list) == 0


def test_by_product(store: AdminStore) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    products = store.data("{ products(first: 2) { nodes { id } } }")["products"]["nodes"]
    one, two = (p["id"] for p in products)
    added = store.payload(BY_PRODUCT, {"id": price_list, "add": [
        {"productId": one, "price": eur("4")}, {"productId": two, "price": eur("5")}]})  # fmt: skip
    assert added["userErrors"] == []
    assert added["priceList"] == {"fixedPricesCount": 4}
    removed = store.payload(BY_PRODUCT, {"id": price_list, "delete": [one]})
    assert removed["pricesToDeleteProducts"] == [{"id": one}]
    assert removed["priceList"] == {"fixedPricesCount": 2}


@pytest.mark.parametrize(
    ("variables", "expected"),
    [
        ({}, [("NO_UPDATE_OPERATIONS_SPECIFIED", None)]),
        ({"add": [{"productId": "one", "price": eur("1", "USD")}]},
         [("PRICES_TO_ADD_CURRENCY_MISMATCH", ["pricesToAdd", "0", "price", "currencyCode"])]),
        ({"add": [{"productId": "one", "price": eur("1")}] * 2},
         [("DUPLICATE_ID_IN_INPUT", ["pricesToAdd", "1", "productId"])]),
        ({"add": [{"productId": "one", "price": eur("1")}], "delete": ["one"]},
         [("ID_MUST_BE_MUTUALLY_EXCLUSIVE", ["pricesToDeleteByProductIds", "0"])]),
        ({"delete": ["gid://shopify/Product/1"]},
         [("PRODUCT_DOES_NOT_EXIST", ["pricesToDeleteByProductIds", "0"])]),
    ],
)  # fmt: skip
def test_by_product_refusals(
    store: AdminStore, variables: dict[str, Any], expected: list[tuple[str, Any]]
) -> None:
    price_list = create_price_list(store, "Euro", "EUR")
    one = store.data("{ products(first: 1) { nodes { id } } }")["products"]["nodes"][0]["id"]
    for price in variables.get("add", []):
        price["productId"] = one
    variables["delete"] = [one if v == "one" else v for v in variables.get("delete", [])]
    payload = store.payload(BY_PRODUCT, {"id": price_list, **variables})
    assert codes(payload) == expected
    assert count(store, price_list) == 0
