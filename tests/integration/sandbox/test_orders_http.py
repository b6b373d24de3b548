"""Orders over real HTTP: create an order, fulfil it, read it back with a search."""

from __future__ import annotations

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import running


async def test_order_create_fulfil_and_search_over_http() -> None:
    async with running() as client:
        seed_catalog(client.sandbox.state, products=1, variants=1)
        variant = client.sandbox.state.all("ProductVariant")[0]
        created = await client.admin(
            "mutation($o: OrderCreateOrderInput!) { orderCreate(order: $o, options:"
            " {inventoryBehaviour: DECREMENT_IGNORING_POLICY}) { order { id name"
            " fulfillmentOrders(first: 1) { nodes { id } } } userErrors { message } } }",
            {
                "o": {
                    "email": "http@example.com",
                    "lineItems": [{"variantId": variant["id"], "quantity": 1}],
                }
            },
        )
        assert created.status == 200, created.body
        order = created.body["data"]["orderCreate"]["order"]
        fo = order["fulfillmentOrders"]["nodes"][0]["id"]
        fulfilled = await client.admin(
            "mutation($fo: ID!) { fulfillmentCreate(fulfillment: {lineItemsByFulfillmentOrder:"
            " [{fulfillmentOrderId: $fo}]}) { fulfillment { status } userErrors { message } } }",
            {"fo": fo},
        )
        assert fulfilled.body["data"]["fulfillmentCreate"]["fulfillment"]["status"] == "SUCCESS"
        found = await client.admin(
            '{ orders(first: 5, query: "fulfillment_status:shipped email:http@example.com")'
            " { nodes { name displayFulfillmentStatus } } }"
        )
        assert found.body["data"]["orders"]["nodes"] == [
            {"name": order["name"], "displayFulfillmentStatus": "FULFILLED"}
        ]
