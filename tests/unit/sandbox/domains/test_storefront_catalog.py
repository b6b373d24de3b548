"""Storefront catalog reads: shop, product by id and handle, pagination, nodes, drafts hidden."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    return seeded_store(storefront)


def test_shop_basics(store: Store) -> None:
    shop = store.data(
        "{ shop { name primaryDomain { host url } paymentSettings { currencyCode countryCode } } }"
    )["shop"]
    assert shop == {
        "name": "Sandbox Shop",
        "primaryDomain": {
            "host": "sandbox-shop.myshopify.com",
            "url": "https://sandbox-shop.myshopify.com",
        },
        "paymentSettings": {"currencyCode": "USD", "countryCode": "CA"},
    }


def test_product_by_handle_and_by_id_agree(store: Store) -> None:
    query = """query($id: ID, $handle: String) {
      product(id: $id, handle: $handle) {
        id handle title vendor productType tags description descriptionHtml publishedAt
        priceRange { minVariantPrice { amount currencyCode } maxVariantPrice { amount } }
      }
    }"""
    by_handle = store.data(query, {"handle": handle(1)})["product"]
    by_id = store.data(query, {"id": store.product(handle(1))["id"]})["product"]
    assert by_handle == by_id
    assert by_handle["title"] == "Sandbox Product 00001"
    assert by_handle["description"] == "Seeded product number 1."
    low, high = (
        by_handle["priceRange"]["minVariantPrice"],
        by_handle["priceRange"]["maxVariantPrice"],
    )
    assert low["currencyCode"] == "USD"
    assert float(high["amount"]) == float(low["amount"]) + 1
    legacy = store.data(
        "query($h: String!) { productByHandle(handle: $h) { id } }", {"h": handle(1)}
    )
    assert legacy["productByHandle"]["id"] == by_id["id"]


def test_draft_products_are_not_on_the_storefront(store: Store) -> None:
    store.edit_product(handle(2), status="DRAFT")
    variant = store.variants(handle(2))[0]
    found = store.data(
        """query($h: String!, $id: ID!, $v: ID!) {
          product(handle: $h) { id } byId: product(id: $id) { id }
          nodes(ids: [$id, $v]) { id }
          products(first: 10) { nodes { handle } }
        }""",
        {"h": handle(2), "id": store.product(handle(2))["id"], "v": variant["id"]},
    )
    assert found["product"] is None
    assert found["byId"] is None
    assert found["nodes"] == [None, None]
    assert handle(2) not in [p["handle"] for p in found["products"]["nodes"]]


def test_products_pagination_forward_and_back(store: Store) -> None:
    query = """query($first: Int, $after: String, $last: Int, $before: String) {
      products(first: $first, after: $after, last: $last, before: $before, sortKey: TITLE) {
        nodes { handle }
        pageInfo { hasNextPage hasPreviousPage startCursor endCursor }
      }
    }"""
    first = store.data(query, {"first": 2})["products"]
    assert [p["handle"] for p in first["nodes"]] == [handle(1), handle(2)]
    assert first["pageInfo"]["hasNextPage"]
    assert not first["pageInfo"]["hasPreviousPage"]
    second = store.data(query, {"first": 2, "after": first["pageInfo"]["endCursor"]})["products"]
    assert [p["handle"] for p in second["nodes"]] == [handle(3), handle(4)]
    back = store.data(query, {"last": 2, "before": second["pageInfo"]["startCursor"]})["products"]
    assert [p["handle"] for p in back["nodes"]] == [handle(1), handle(2)]


def test_products_sorted_by_price_descending(store: Store) -> None:
    found = store.data(
        "{ products(first: 5, sortKey: PRICE, reverse: true) { nodes { "
        "priceRange { minVariantPrice { amount } } } } }"
    )
    prices = [
        float(p["priceRange"]["minVariantPrice"]["amount"]) for p in found["products"]["nodes"]
    ]
    assert prices == sorted(prices, reverse=True)


def test_products_query_filters(store: Store) -> None:
    store.edit_product(handle(3), vendor="Acme", tags=["summer"])
    found = store.data(
        '{ a: products(first: 10, query: "vendor:Acme") { nodes { handle } } '
        'b: products(first: 10, query: "tag:summer OR title:00004") { nodes { handle } } }'
    )
    assert [p["handle"] for p in found["a"]["nodes"]] == [handle(3)]
    assert [p["handle"] for p in found["b"]["nodes"]] == [handle(3), handle(4)]


def test_node_loads_products_and_variants(store: Store) -> None:
    variant = store.variants(handle(1))[1]
    found = store.data(
        """query($p: ID!, $v: ID!) {
          p: node(id: $p) { __typename id ... on Product { handle } }
          v: node(id: $v) { __typename ... on ProductVariant { title product { handle } } }
        }""",
        {"p": store.product(handle(1))["id"], "v": variant["id"]},
    )
    assert found["p"]["handle"] == handle(1)
    assert found["v"] == {
        "__typename": "ProductVariant",
        "title": "M",
        "product": {"handle": handle(1)},
    }


def test_unimplemented_fields_say_so(store: Store) -> None:
    body = store.query(
        '{ product(handle: "sandbox-product-00001") { collections(first: 1) { nodes { id } } } }'
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"


def test_every_storefront_field_exists_in_the_schema(storefront: GraphQLSchema) -> None:
    assert build_registry(storefront, "storefront").unknown_fields() == []
