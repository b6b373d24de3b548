"""Draft orders over real HTTP: create a draft, complete it, read the order back."""

from __future__ import annotations

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import running


async def test_draft_order_create_complete_and_search_over_http() -> None:
    async with running() as client:
        seed_catalog(client.sandbox.state, products=1, variants=1)
        variant = client.sandbox.state.all("ProductVariant")[0]
        created = await client.admin(
            "mutation($i: DraftOrderInput!) { draftOrderCreate(input: $i) {"
            " draftOrder { id name status } userErrors { message } } }",
            {
                "i": {
                    "email": "http@example.com",
                    "lineItems": [{"variantId": variant["id"], "quantity": 1}],
                }
            },
        )
        assert created.status == 200, created.body
        draft = created.body["data"]["draftOrderCreate"]["draftOrder"]
        assert (draft["name"], draft["status"]) == ("#D1", "OPEN")
        completed = await client.admin(
            "mutation($id: ID!) { draftOrderComplete(id: $id, paymentPending: true) {"
            " draftOrder { status order { name displayFinancialStatus } }"
            " userErrors { message } } }",
            {"id": draft["id"]},
        )
        result = completed.body["data"]["draftOrderComplete"]
        assert result["userErrors"] == []
        assert result["draftOrder"]["status"] == "COMPLETED"
        assert result["draftOrder"]["order"]["displayFinancialStatus"] == "PENDING"
        found = await client.admin(
            '{ draftOrders(first: 5, query: "status:completed") { nodes { name } }'
            " draftOrdersCount { count } }"
        )
        assert found.body["data"] == {
            "draftOrders": {"nodes": [{"name": "#D1"}]},
            "draftOrdersCount": {"count": 1},
        }
