"""Catalog over real HTTP: productSet upserts, lookups by SKU and handle, pagination."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import Client, running

PRODUCT_SET = """
mutation Upsert($input: ProductSetInput!, $handle: String!) {
  productSet(identifier: {handle: $handle}, input: $input) {
    product { id handle title status
      variants(first: 10) { nodes { id sku price compareAtPrice title
        inventoryItem { tracked } inventoryQuantity } } }
    userErrors { field message code }
  }
}
"""


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with running() as started:
        seed_catalog(started.sandbox.state, products=7, variants=2, locations=1)
        yield started


async def location_id(client: Client) -> str:
    reply = await client.admin("{ location { id } }")
    value: str = reply.body["data"]["location"]["id"]
    return value


def variant(size: str, sku: str, price: str, **extra: Any) -> dict[str, Any]:
    return {
        "optionValues": [{"optionName": "Size", "name": size}],
        "sku": sku,
        "price": price,
        **extra,
    }


async def test_product_set_creates_then_upserts_by_handle(client: Client) -> None:
    location = await location_id(client)
    stock = [{"locationId": location, "name": "available", "quantity": 6}]
    created = await client.admin(
        PRODUCT_SET,
        {
            "handle": "sync-tee",
            "input": {
                "title": "Sync Tee",
                "productOptions": [
                    {"name": "Size", "values": [{"name": "S"}, {"name": "M"}, {"name": "L"}]}
                ],
                "variants": [
                    variant("S", "TEE-S", "10", inventoryQuantities=stock),
                    variant("M", "TEE-M", "10"),
                    variant("L", "TEE-L", "12.5", compareAtPrice="15"),
                ],
            },
        },
    )
    payload = created.body["data"]["productSet"]
    assert payload["userErrors"] == []
    product = payload["product"]
    assert (product["handle"], product["title"], product["status"]) == (
        "sync-tee",
        "Sync Tee",
        "ACTIVE",
    )
    nodes = product["variants"]["nodes"]
    assert [(v["sku"], v["price"], v["compareAtPrice"], v["title"]) for v in nodes] == [
        ("TEE-S", "10.00", None, "S"),
        ("TEE-M", "10.00", None, "M"),
        ("TEE-L", "12.50", "15.00", "L"),
    ]
    assert nodes[0]["inventoryQuantity"] == 6
    assert nodes[0]["inventoryItem"]["tracked"] is True
    kept_small = nodes[0]["id"]

    updated = await client.admin(
        PRODUCT_SET,
        {
            "handle": "sync-tee",
            "input": {
                "productOptions": [{"name": "Size", "values": [{"name": "S"}, {"name": "XL"}]}],
                "variants": [variant("S", "TEE-S", "11"), variant("XL", "TEE-XL", "14")],
            },
        },
    )
    again = updated.body["data"]["productSet"]["product"]
    assert again["id"] == product["id"]
    assert again["title"] == "Sync Tee"
    assert [(v["id"] == kept_small, v["sku"], v["price"]) for v in again["variants"]["nodes"]] == [
        (True, "TEE-S", "11.00"),
        (False, "TEE-XL", "14.00"),
    ]
    assert again["variants"]["nodes"][0]["inventoryQuantity"] == 6

    by_sku = await client.admin(
        '{ productVariants(first: 5, query: "sku:TEE-XL") { nodes { sku product { handle } } } '
        'gone: productVariants(first: 5, query: "sku:TEE-M") { nodes { id } } }'
    )
    assert by_sku.body["data"]["productVariants"]["nodes"] == [
        {"sku": "TEE-XL", "product": {"handle": "sync-tee"}}
    ]
    assert by_sku.body["data"]["gone"]["nodes"] == []
    by_handle = await client.admin(
        '{ productByIdentifier(identifier: {handle: "sync-tee"}) { id } '
        'products(first: 5, query: "handle:sync-tee") { nodes { id } } '
        'productByHandle(handle: "sync-tee") { id } }'
    )
    data = by_handle.body["data"]
    assert data["productByIdentifier"]["id"] == data["productByHandle"]["id"] == product["id"]
    assert data["products"]["nodes"] == [{"id": product["id"]}]


async def test_product_set_user_errors(client: Client) -> None:
    missing = await client.admin(
        PRODUCT_SET,
        {
            "handle": "half",
            "input": {
                "title": "Half",
                "productOptions": [{"name": "Size", "values": [{"name": "S"}]}],
            },
        },
    )
    assert missing.body["data"]["productSet"]["userErrors"] == [
        {
            "field": ["input", "variants"],
            "message": "Must specify variants when updating options.",
            "code": "VARIANTS_INPUT_MISSING",
        }
    ]
    unknown = await client.admin(
        PRODUCT_SET,
        {
            "handle": "half",
            "input": {
                "title": "Half",
                "productOptions": [{"name": "Size", "values": [{"name": "S"}]}],
                "variants": [variant("M", "H-M", "1")],
            },
        },
    )
    assert (
        unknown.body["data"]["productSet"]["userErrors"][0]["code"] == "OPTION_VALUE_DOES_NOT_EXIST"
    )
    check = await client.admin('{ productByHandle(handle: "half") { id } }')
    assert check.body["data"]["productByHandle"] is None  # nothing was kept


async def test_products_paginate_by_cursor_with_search_and_sort(client: Client) -> None:
    handles: list[str] = []
    variables: dict[str, Any] = {"after": None}
    query = """query($after: String) {
      products(first: 3, after: $after, query: "tag:sandbox") {
        edges { cursor node { handle } } pageInfo { hasNextPage hasPreviousPage endCursor }
      }
    }"""
    pages = 0
    while True:
        reply = await client.admin(query, variables)
        connection = reply.body["data"]["products"]
        handles += [edge["node"]["handle"] for edge in connection["edges"]]
        assert connection["pageInfo"]["hasPreviousPage"] is (pages > 0)
        pages += 1
        if not connection["pageInfo"]["hasNextPage"]:
            break
        variables = {"after": connection["pageInfo"]["endCursor"]}
    assert pages == 3
    assert handles == [f"sandbox-product-{n:05d}" for n in range(1, 8)]
    newest = await client.admin(
        "{ products(first: 2, sortKey: TITLE, reverse: true) { nodes { handle } } }"
    )
    assert [n["handle"] for n in newest.body["data"]["products"]["nodes"]] == [
        "sandbox-product-00007",
        "sandbox-product-00006",
    ]
    counted = await client.admin('{ productsCount(query: "tag:sandbox") { count precision } }')
    assert counted.body["data"]["productsCount"] == {"count": 7, "precision": "EXACT"}


async def test_variants_bulk_update_prices(client: Client) -> None:
    found = await client.admin(
        '{ productVariants(first: 2, query: "sku:SKU-00003-*") { nodes { id product { id } } } }'
    )
    nodes = found.body["data"]["productVariants"]["nodes"]
    reply = await client.admin(
        """mutation($p: ID!, $v: [ProductVariantsBulkInput!]!) {
          productVariantsBulkUpdate(productId: $p, variants: $v) {
            productVariants { sku price compareAtPrice } userErrors { field code }
          }
        }""",
        {
            "p": nodes[0]["product"]["id"],
            "v": [
                {"id": nodes[0]["id"], "price": "42.00", "compareAtPrice": "50"},
                {"id": nodes[1]["id"], "price": 7, "compareAtPrice": None},
            ],
        },
    )
    assert reply.body["data"]["productVariantsBulkUpdate"] == {
        "productVariants": [
            {"sku": "SKU-00003-1", "price": "42.00", "compareAtPrice": "50.00"},
            {"sku": "SKU-00003-2", "price": "7.00", "compareAtPrice": None},
        ],
        "userErrors": [],
    }
