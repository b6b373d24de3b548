"""``refunds/create`` has the keys and JSON types of Shopify's official example."""

from __future__ import annotations

from graphql import GraphQLSchema

from shopbridge.sandbox import rest
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.webhook_topics import topics_for
from tests.unit.sandbox.domains.ordering import create_order, seeded_state, usd
from tests.unit.sandbox.executing import run
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example

assert rest.refunds  # importing the package registers the topic rules


def test_refund_payload_is_shaped_like_the_example(admin: GraphQLSchema) -> None:
    registry = build_registry(admin)
    state = seeded_state()
    variant = state.all("ProductVariant")[0]
    order = create_order(
        registry, state, [{"variantId": variant["id"], "quantity": 1}],
        transactions=[{"kind": "SALE", "gateway": "bogus", "amountSet": usd(variant["price"])}],
    )["order"]  # fmt: skip
    start = len(state.recent)
    body = run(
        registry,
        "mutation($i: RefundInput!) { refundCreate(input: $i) @idempotent(key: \"r-1\")"
        " { refund { id } userErrors"
        " { message } } }",
        {"i": {"orderId": order["id"], "note": "n",
               "refundLineItems": [{"lineItemId": order["lineItems"]["nodes"][0]["id"],
                                    "quantity": 1, "restockType": "RETURN"}],
               "transactions": [{"orderId": order["id"], "kind": "REFUND", "gateway": "bogus",
                                 "amount": variant["price"]}]}},
        state,
    )  # fmt: skip
    assert body["data"]["refundCreate"]["userErrors"] == []
    payloads = {
        rule.topic: rule.render(state, change)
        for change in list(state.recent)[start:]
        for rule in topics_for(change)
    }
    refund = payloads["refunds/create"]
    assert_same_shape(refund, official_example("refunds/create"))
    assert refund["restock"] is True
    assert refund["transactions"][0]["kind"] == "refund"
    assert refund["refund_line_items"][0]["restock_type"] == "return"
    assert "order_transactions/create" in payloads
