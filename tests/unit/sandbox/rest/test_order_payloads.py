"""Order, transaction and fulfillment webhook payloads have the keys and JSON types of
Shopify's official 2026-07 examples, and fire on the documented transitions."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import rest
from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from tests.unit.sandbox.domains.ordering import create_order, seeded_state, usd
from tests.unit.sandbox.executing import run
from tests.unit.sandbox.rest.rendering import rendered_by_rule
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example

TOPICS = (
    "orders/create", "orders/updated", "orders/paid", "orders/cancelled", "orders/fulfilled",
    "orders/partially_fulfilled", "order_transactions/create", "fulfillments/create",
    "fulfillments/update", "fulfillment_events/create",
)  # fmt: skip


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


assert rest.orders  # importing the package registers the topic rules


def test_an_order_lifecycle_emits_payloads_shaped_like_the_examples(registry: Registry) -> None:
    state = seeded_state()
    start = len(state.recent)
    variant = state.all("ProductVariant")[0]
    order = create_order(
        registry,
        state,
        [{"variantId": variant["id"], "quantity": 2}],
        email="a@example.com",
        shippingAddress={"address1": "1 Rd", "city": "Ottawa", "countryCode": "CA",
                         "provinceCode": "ON", "zip": "K1A 0A1", "firstName": "Ann"},
        shippingLines=[{"title": "Standard", "priceSet": usd("5.00")}],
        transactions=[{"kind": "AUTHORIZATION", "amountSet": usd("1.00")}],
        customer={"toUpsert": {"email": "a@example.com"}},
    )["order"]  # fmt: skip
    run(registry, "mutation($id: ID!) { orderMarkAsPaid(input: {id: $id}) { order { id } } }",
        {"id": order["id"]}, state)  # fmt: skip
    fo = order["fulfillmentOrders"]["nodes"][0]
    item = fo["lineItems"]["nodes"][0]["id"]
    fulfillments = []
    for quantity in (1, 1):
        body = run(
            registry,
            "mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f)"
            " { fulfillment { id } } }",
            {"f": {"lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fo["id"],
              "fulfillmentOrderLineItems": [{"id": item, "quantity": quantity}]}],
              "trackingInfo": {"company": "UPS", "number": "1Z"}}},
            state,
        )  # fmt: skip
        fulfillments.append(body["data"]["fulfillmentCreate"]["fulfillment"]["id"])
    fulfillment = fulfillments[-1]
    run(
        registry,
        "mutation($id: ID!) { fulfillmentEventCreate(fulfillmentEvent: {fulfillmentId:"
        " $id, status: IN_TRANSIT}) { fulfillmentEvent { id } } }",
        {"id": fulfillment},
        state,
    )
    for cancelled in fulfillments:
        run(registry, "mutation($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { id } } }",
            {"id": cancelled}, state)  # fmt: skip
    run(registry, "mutation($id: ID!) { orderCancel(orderId: $id, reason: OTHER, restock: true)"
        " { job { id } } }", {"id": order["id"]}, state)  # fmt: skip
    payloads = rendered_by_rule(state, list(state.recent)[start:])
    for topic in TOPICS:
        assert payloads.get(topic), topic
        for payload in payloads[topic]:
            assert_same_shape(payload, official_example(topic))
    created = payloads["orders/create"][0]
    assert created["name"] == "#1001"
    assert created["order_number"] == 1001
    assert created["number"] == 1
    assert created["customer"]["email"] == "a@example.com"
    assert created["shipping_lines"][0]["price"] == "5.00"
    assert [p["financial_status"] for p in payloads["orders/paid"]] == ["paid"]
    # partial after the first fulfillment, and again when the second is cancelled
    assert len(payloads["orders/partially_fulfilled"]) == 2
    assert payloads["orders/cancelled"][0]["cancel_reason"] == "other"
    transactions = payloads["order_transactions/create"]
    assert [t["kind"] for t in transactions][:2] == ["authorization", "capture"]


def test_order_delete_payload() -> None:
    state = seeded_state()
    change = Change(1, 1, "delete", "Order", 42, {"id": "gid://shopify/Order/42"}, None, "", {})
    payload = rendered_by_rule(state, [change])["orders/delete"][0]
    assert payload == {"id": 42}
    assert_same_shape(payload, official_example("orders/delete"))
