"""The Storefront API over real HTTP: token header, product read, cart round trip."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import Client, running


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with running() as started:
        seed_catalog(started.sandbox.state, products=3, variants=2, locations=1)
        yield started


def token(client: Client) -> dict[str, str]:
    return {"X-Shopify-Storefront-Access-Token": client.sandbox.config.storefront_token}


async def test_storefront_token_product_and_cart_round_trip(client: Client) -> None:
    refused = await client.storefront("{ shop { name } }", {"Content-Type": "application/json"})
    assert refused.status == 401

    product = await client.storefront(
        '{ product(handle: "sandbox-product-00002") { title availableForSale '
        "variants(first: 1) { nodes { id price { amount currencyCode } } } } }",
        token(client),
    )
    assert product.status == 200
    found = product.body["data"]["product"]
    assert found["title"] == "Sandbox Product 00002"
    variant = found["variants"]["nodes"][0]

    created = await client.storefront(
        f'mutation {{ cartCreate(input: {{lines: [{{merchandiseId: "{variant["id"]}", '
        "quantity: 1}]}) { cart { id checkoutUrl totalQuantity "
        "cost { totalAmount { amount } } } userErrors { code } } }",
        token(client),
    )
    payload = created.body["data"]["cartCreate"]
    assert payload["userErrors"] == []
    assert payload["cart"]["cost"]["totalAmount"] == {"amount": variant["price"]["amount"]}

    read = await client.storefront(
        f'{{ cart(id: "{payload["cart"]["id"]}") {{ totalQuantity checkoutUrl }} }}', token(client)
    )
    assert read.body["data"]["cart"] == {
        "totalQuantity": 1,
        "checkoutUrl": payload["cart"]["checkoutUrl"],
    }


async def test_a_storefront_cart_checks_out_into_an_order(client: Client) -> None:
    variant = client.sandbox.state.first("InventoryItem", "sku", "SKU-00001-1")
    assert variant is not None
    created = await client.storefront(
        f'mutation {{ cartCreate(input: {{lines: [{{merchandiseId: "{variant["variantId"]}", '
        'quantity: 2}], buyerIdentity: {email: "lin@example.com"}}) '
        "{ cart { id } userErrors { code } } }",
        token(client),
    )
    cart_id = created.body["data"]["cartCreate"]["cart"]["id"]
    base = f"{client.sandbox.url}/sandbox"
    async with client.http.post(f"{base}/carts/checkout", json={"cart_id": cart_id}) as reply:
        assert reply.status == 200
        checkout = await reply.json()
    async with client.http.post(
        f"{base}/checkouts/{checkout['token']}/complete", json={"payment": "success"}
    ) as reply:
        order = await reply.json()
    assert order["financial_status"] == "PAID"
    orders = await client.admin(
        "{ orders(first: 5) { nodes { email lineItems(first: 5) { nodes { sku quantity } } } } }"
    )
    assert orders.body["data"]["orders"]["nodes"] == [
        {
            "email": "lin@example.com",
            "lineItems": {"nodes": [{"sku": "SKU-00001-1", "quantity": 2}]},
        }
    ]
    wrong_key = cart_id.split("?")[0] + "?key=nope"
    async with client.http.post(f"{base}/carts/checkout", json={"cart_id": wrong_key}) as reply:
        assert reply.status == 404
        problem = await reply.json()
    assert problem["errors"][0]["field"] == "cart_id"
