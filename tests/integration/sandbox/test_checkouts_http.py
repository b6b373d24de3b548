"""Checkouts over real HTTP: a shopper leaves one, the Admin API lists it; a refund follows."""

from __future__ import annotations

from shopbridge.sandbox import shopper
from shopbridge.sandbox.seed import seed_catalog, sku
from tests.integration.sandbox.harness import running


async def test_abandoned_checkout_listed_and_order_refunded_over_http() -> None:
    async with running() as client:
        state = client.sandbox.state
        seed_catalog(state, products=1, variants=1)
        left = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="gone@example.com")
        shopper.abandon_checkout(state, left["token"])
        bought = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="paid@example.com")
        order = shopper.complete_checkout(state, bought["token"])
        listed = await client.admin(
            '{ abandonedCheckouts(first: 5, query: "recovery_state:not_recovered")'
            " { nodes { abandonedCheckoutUrl } } abandonedCheckoutsCount { count } }"
        )
        assert listed.status == 200, listed.body
        data = listed.body["data"]
        assert data["abandonedCheckouts"]["nodes"] == [
            {"abandonedCheckoutUrl": left["abandoned_checkout_url"]}
        ]
        assert data["abandonedCheckoutsCount"]["count"] == 1
        sale = order["transactions"][0]
        refunded = await client.admin(
            "mutation($i: RefundInput!) { refundCreate(input: $i) @idempotent(key: \"r-1\") { order"
            " { displayFinancialStatus } userErrors { message } } }",
            {"i": {"orderId": order["id"], "transactions": [{"orderId": order["id"],
                   "kind": "REFUND", "gateway": "bogus", "amount": sale["amount"],
                   "parentId": sale["id"]}]}},
        )  # fmt: skip
        assert refunded.body["data"]["refundCreate"] == {
            "order": {"displayFinancialStatus": "REFUNDED"},
            "userErrors": [],
        }
