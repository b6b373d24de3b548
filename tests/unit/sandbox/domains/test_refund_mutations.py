"""``refundCreate``: line items with restocking, money back, the order's financial status."""

from __future__ import annotations

import uuid
from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.ordering import create_order, quantities, seeded_state, usd
from tests.unit.sandbox.executing import run

REFUND = """mutation($i: RefundInput!, $key: String!) {
  refundCreate(input: $i) @idempotent(key: $key) {
  refund { id note totalRefundedSet { shopMoney { amount } }
    refundLineItems(first: 5) { nodes { quantity restockType restocked lineItem { id }
      subtotalSet { shopMoney { amount } } } }
    transactions(first: 5) { nodes { kind status amountSet { shopMoney { amount } } } }
    orderAdjustments(first: 1) { nodes { id } } }
  order { displayFinancialStatus currentSubtotalLineItemsQuantity
    currentTotalPriceSet { shopMoney { amount } }
    lineItems(first: 5) { nodes { currentQuantity refundableQuantity } }
    fulfillmentOrders(first: 5) { nodes { status } } }
  userErrors { field message } } }"""


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


def paid_order(registry: Registry, state: State, quantity: int = 2) -> dict[str, Any]:
    variant = state.all("ProductVariant")[0]
    price = float(variant["price"]) * quantity
    order: dict[str, Any] = create_order(
        registry,
        state,
        [{"variantId": variant["id"], "quantity": quantity}],
        transactions=[{"kind": "SALE", "gateway": "bogus", "amountSet": usd(f"{price:.2f}")}],
    )["order"]
    return order


def refund(registry: Registry, state: State, given: dict[str, Any]) -> dict[str, Any]:
    body = run(registry, REFUND, {"i": given, "key": str(uuid.uuid4())}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["refundCreate"]
    return payload


def test_partial_refund_with_restock_returns_stock_and_money(registry: Registry) -> None:
    state = seeded_state()
    variant = state.all("ProductVariant")[0]
    order = paid_order(registry, state)
    before = quantities(state, variant)
    line = order["lineItems"]["nodes"][0]
    sale = order["transactions"][0]
    unit = line["originalUnitPriceSet"]["shopMoney"]["amount"]
    done = refund(
        registry,
        state,
        {
            "orderId": order["id"],
            "note": "damaged",
            "refundLineItems": [{"lineItemId": line["id"], "quantity": 1, "restockType": "CANCEL"}],
            "transactions": [
                {"orderId": order["id"], "kind": "REFUND", "gateway": "bogus", "amount": unit,
                 "parentId": sale["id"]}
            ],
        },
    )  # fmt: skip
    assert done["userErrors"] == []
    assert done["refund"]["note"] == "damaged"
    assert done["refund"]["refundLineItems"]["nodes"][0]["restocked"] is True
    assert done["refund"]["transactions"]["nodes"][0]["kind"] == "REFUND"
    assert done["order"]["displayFinancialStatus"] == "PARTIALLY_REFUNDED"
    assert done["order"]["lineItems"]["nodes"][0] == {"currentQuantity": 1, "refundableQuantity": 1}
    assert done["order"]["currentSubtotalLineItemsQuantity"] == 1
    after = quantities(state, variant)
    assert after["available"] == before["available"] + 1
    assert after["committed"] == before["committed"] - 1


def test_full_refund_closes_fulfillment_orders_and_refunds(registry: Registry) -> None:
    state = seeded_state()
    order = paid_order(registry, state)
    line = order["lineItems"]["nodes"][0]
    total = order["totalPriceSet"]["shopMoney"]["amount"]
    done = refund(
        registry,
        state,
        {
            "orderId": order["id"],
            "refundLineItems": [{"lineItemId": line["id"], "quantity": 2}],
            "transactions": [
                {"orderId": order["id"], "kind": "REFUND", "gateway": "bogus", "amount": total}
            ],
        },
    )
    assert done["order"]["displayFinancialStatus"] == "REFUNDED"
    assert done["refund"]["refundLineItems"]["nodes"][0]["restockType"] == "NO_RESTOCK"
    assert done["order"]["fulfillmentOrders"]["nodes"] == [{"status": "CLOSED"}]
    assert done["order"]["currentTotalPriceSet"]["shopMoney"]["amount"] == "0.0"


@pytest.mark.parametrize(
    ("change", "field"),
    [
        ({"refundLineItems": [{"lineItemId": "gid://shopify/LineItem/1", "quantity": 1}]},
         ["refundLineItems", "0", "lineItemId"]),
        ({"refundLineItems": [{"lineItemId": "LINE", "quantity": 3}]},
         ["refundLineItems", "0", "quantity"]),
        ({"transactions": [{"orderId": "ORDER", "kind": "REFUND", "gateway": "bogus",
                            "amount": "100000"}]}, ["transactions", "0", "amount"]),
    ],
)  # fmt: skip
def test_refusals(registry: Registry, change: dict[str, Any], field: list[str]) -> None:
    state = seeded_state()
    order = paid_order(registry, state)
    line_id = order["lineItems"]["nodes"][0]["id"]
    given = {"orderId": order["id"], **change}
    for item in given.get("refundLineItems", []):
        item["lineItemId"] = line_id if item["lineItemId"] == "LINE" else item["lineItemId"]
    for item in given.get("transactions", []):
        item["orderId"] = order["id"]
    done = refund(registry, state, given)
    assert done["refund"] is None
    assert done["userErrors"][0]["field"] == field
    assert state.count("Refund") == 0


def test_unknown_order(registry: Registry) -> None:
    done = refund(registry, seeded_state(), {"orderId": "gid://shopify/Order/1"})
    assert done["userErrors"][0]["field"] == ["orderId"]


def _money_back(registry: Registry, state: State) -> dict[str, Any]:
    order = paid_order(registry, state, quantity=1)
    total = order["totalPriceSet"]["shopMoney"]["amount"]
    return {
        "orderId": order["id"],
        "transactions": [
            {"orderId": order["id"], "kind": "REFUND", "gateway": "bogus", "amount": total}
        ],
    }


def test_the_idempotency_key_is_required_from_2026_04(registry: Registry) -> None:
    # refundCreate's 2026-07 description: "As of 2026-04, the idempotency key is required".
    state = seeded_state()
    given = _money_back(registry, state)
    text = REFUND.replace("$i: RefundInput!, $key: String!", "$i: RefundInput!").replace(
        " @idempotent(key: $key)", ""
    )
    body = run(registry, text, {"i": given}, state)
    assert body["data"]["refundCreate"] is None
    assert body["errors"][0]["message"] == (
        "The @idempotent directive is required for this mutation but was not provided."
    )
    assert state.count("Refund") == 0


def test_a_replayed_key_refunds_once_and_other_arguments_are_refused(registry: Registry) -> None:
    state = seeded_state()
    given = _money_back(registry, state)
    first = run(registry, REFUND, {"i": given, "key": "k-1"}, state)["data"]["refundCreate"]
    again = run(registry, REFUND, {"i": given, "key": "k-1"}, state)["data"]["refundCreate"]
    assert first["userErrors"] == []
    assert again["refund"]["id"] == first["refund"]["id"]
    assert state.count("Refund") == 1
    other = {**given, "note": "changed"}
    refused = run(registry, REFUND, {"i": other, "key": "k-1"}, state)["data"]["refundCreate"]
    assert refused["refund"] is None
    assert refused["userErrors"] == [
        {"field": None, "message": "The idempotency key was already used with different arguments."}
    ]
    assert state.count("Refund") == 1
