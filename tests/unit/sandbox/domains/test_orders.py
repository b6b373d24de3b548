"""Orders: orderCreate and its userErrors, stock commitment, search, and the payment and
state mutations (orderUpdate, orderCancel, orderClose/Open, orderMarkAsPaid, orderCapture)."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.ordering import create_order, quantities, seeded_state, usd
from tests.unit.sandbox.executing import run


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state() -> State:
    return seeded_state()


@pytest.fixture
def variant(state: State) -> dict[str, Any]:
    return dict(state.all("ProductVariant")[0])


def test_registry_fields_exist_in_the_schema(registry: Registry) -> None:
    assert registry.unknown_fields() == []


def test_order_create_builds_the_order_and_commits_stock(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    before = quantities(state, variant)
    payload = create_order(
        registry,
        state,
        [{"variantId": variant["id"], "quantity": 2}],
        email="shopper@example.com",
        tags=["b", "a"],
        taxLines=[{"title": "GST", "rate": "0.05", "priceSet": usd("1.00")}],
    )
    assert payload["userErrors"] == []
    order = payload["order"]
    assert order["name"] == "#1001"
    assert order["number"] == 1001
    assert order["tags"] == ["a", "b"]
    assert order["displayFinancialStatus"] == "PENDING"
    assert order["displayFulfillmentStatus"] == "UNFULFILLED"
    unit = order["lineItems"]["nodes"][0]["originalUnitPriceSet"]["shopMoney"]["amount"]
    expected_total = float(unit) * 2 + 1
    assert float(order["totalPriceSet"]["shopMoney"]["amount"]) == pytest.approx(expected_total)
    assert order["lineItems"]["nodes"][0]["sku"] == "SKU-00001-1"
    assert order["fulfillmentOrders"]["nodes"][0]["status"] == "OPEN"
    after = quantities(state, variant)
    assert after["available"] == before["available"] - 2
    assert after["committed"] == before["committed"] + 2
    second = create_order(registry, state, [{"title": "Gift wrap", "quantity": 1,
                                             "priceSet": usd("3.00")}])  # fmt: skip
    assert second["order"]["name"] == "#1002"


def test_bypass_claims_no_stock(registry: Registry, state: State, variant: dict[str, Any]) -> None:
    before = quantities(state, variant)
    create_order(registry, state, [{"variantId": variant["id"], "quantity": 1}], behaviour=None)
    assert quantities(state, variant) == before


def test_order_create_user_errors(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    unknown = create_order(
        registry, state, [{"variantId": "gid://shopify/ProductVariant/1", "quantity": 1}]
    )
    assert unknown["order"] is None
    assert unknown["userErrors"][0]["code"] == "INVALID"
    assert unknown["userErrors"][0]["field"] == ["order", "lineItems", "0", "variantId"]
    too_many = create_order(registry, state, [{"variantId": variant["id"], "quantity": 10_000}])
    assert too_many["userErrors"][0]["code"] == "INVENTORY_CLAIM_FAILED"
    future = create_order(
        registry,
        state,
        [{"variantId": variant["id"], "quantity": 1}],
        processedAt="2999-01-01T00:00:00Z",
    )
    assert future["userErrors"][0]["code"] == "PROCESSED_AT_INVALID"
    assert state.count("Order") == 0


def test_unsupported_input_is_refused(registry: Registry, state: State) -> None:
    body = run(
        registry,
        'mutation { orderCreate(order: {lineItems: [], metafields: [{namespace: "a", key: "b",'
        ' value: "c", type: "single_line_text_field"}]}) { order { id } } }',
        None,
        state,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"


def test_transactions_drive_the_financial_status(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    line = [{"title": "Thing", "quantity": 1, "priceSet": usd("50.00")}]
    paid = create_order(registry, state, line, transactions=[{"amountSet": usd("50.00")}])
    assert paid["order"]["displayFinancialStatus"] == "PAID"
    partly = create_order(registry, state, line, transactions=[{"amountSet": usd("20.00")}])
    assert partly["order"]["displayFinancialStatus"] == "PARTIALLY_PAID"
    auth = create_order(
        registry, state, line, transactions=[{"kind": "AUTHORIZATION", "amountSet": usd("50.00")}]
    )["order"]
    assert auth["displayFinancialStatus"] == "AUTHORIZED"
    capture = run(
        registry,
        "mutation($i: OrderCaptureInput!) { orderCapture(input: $i) { transaction { kind status"
        " parentTransaction { id } order { displayFinancialStatus } } userErrors { field } } }",
        {
            "i": {
                "id": auth["id"],
                "parentTransactionId": auth["transactions"][0]["id"],
                "amount": "50.00",
            }
        },
        state,
    )["data"]["orderCapture"]
    assert capture["transaction"]["kind"] == "CAPTURE"
    assert capture["transaction"]["order"]["displayFinancialStatus"] == "PAID"
    over = run(
        registry,
        "mutation($i: OrderCaptureInput!) { orderCapture(input: $i) { userErrors { field } } }",
        {
            "i": {
                "id": auth["id"],
                "parentTransactionId": auth["transactions"][0]["id"],
                "amount": "1.00",
            }
        },
        state,
    )["data"]["orderCapture"]
    assert over["userErrors"][0]["field"] == ["amount"]


def test_mark_as_paid_records_a_sale(registry: Registry, state: State) -> None:
    order = create_order(
        registry, state, [{"title": "Thing", "quantity": 2, "priceSet": usd("5.00")}]
    )["order"]
    body = run(
        registry,
        "mutation($id: ID!) { orderMarkAsPaid(input: {id: $id}) { order { displayFinancialStatus"
        " totalOutstandingSet { shopMoney { amount } } transactions { kind amountSet"
        " { shopMoney { amount } } } } userErrors { message } } }",
        {"id": order["id"]},
        state,
    )["data"]["orderMarkAsPaid"]
    assert body["order"]["displayFinancialStatus"] == "PAID"
    assert body["order"]["transactions"] == [
        {"kind": "SALE", "amountSet": {"shopMoney": {"amount": "10.0"}}}
    ]
    again = run(
        registry,
        "mutation($id: ID!) { orderMarkAsPaid(input: {id: $id}) { userErrors { message } } }",
        {"id": order["id"]},
        state,
    )["data"]["orderMarkAsPaid"]
    assert again["userErrors"]


CANCEL = """
mutation($id: ID!, $restock: Boolean!) {
  orderCancel(orderId: $id, reason: CUSTOMER, restock: $restock, notifyCustomer: false) {
    job { id done query { order(id: $id) { cancelledAt cancelReason closed
      displayFinancialStatus fulfillmentOrders(first: 5) { nodes { status } } } } }
    orderCancelUserErrors { field code message }
  }
}
"""


@pytest.mark.parametrize(("restock", "available_delta"), [(True, 0), (False, -3)])
def test_cancel_releases_committed_stock(
    registry: Registry, state: State, variant: dict[str, Any], restock: bool, available_delta: int
) -> None:
    before = quantities(state, variant)
    order = create_order(
        registry,
        state,
        [{"variantId": variant["id"], "quantity": 3}],
        transactions=[{"kind": "AUTHORIZATION", "amountSet": usd("1.00")}],
    )["order"]
    body = run(registry, CANCEL, {"id": order["id"], "restock": restock}, state)
    result = body["data"]["orderCancel"]
    assert result["orderCancelUserErrors"] == []
    assert result["job"]["done"] is True
    cancelled = result["job"]["query"]["order"]
    assert cancelled["cancelReason"] == "CUSTOMER"
    assert cancelled["closed"] is True
    assert cancelled["displayFinancialStatus"] == "VOIDED"
    assert cancelled["fulfillmentOrders"]["nodes"][0]["status"] == "CANCELLED"
    after = quantities(state, variant)
    assert after["committed"] == before["committed"]
    assert after["available"] == before["available"] + available_delta
    twice = run(registry, CANCEL, {"id": order["id"], "restock": True}, state)
    assert twice["data"]["orderCancel"]["orderCancelUserErrors"][0]["code"] == "INVALID"


def test_update_close_and_open(registry: Registry, state: State) -> None:
    order = create_order(
        registry, state, [{"title": "Thing", "quantity": 1, "priceSet": usd("5.00")}]
    )["order"]
    updated = run(
        registry,
        "mutation($i: OrderInput!) { orderUpdate(input: $i) { order { note tags email"
        " shippingAddress { city countryCodeV2 country } } userErrors { message } } }",
        {
            "i": {
                "id": order["id"],
                "note": "n",
                "tags": ["x"],
                "email": "e@example.com",
                "shippingAddress": {"city": "Paris", "countryCode": "FR"},
            }
        },
        state,
    )["data"]["orderUpdate"]["order"]
    assert updated == {
        "note": "n",
        "tags": ["x"],
        "email": "e@example.com",
        "shippingAddress": {"city": "Paris", "countryCodeV2": "FR", "country": "France"},
    }
    closed = run(
        registry,
        "mutation($id: ID!) { orderClose(input: {id: $id}) { order { closed closedAt } } }",
        {"id": order["id"]},
        state,
    )["data"]["orderClose"]["order"]
    assert closed["closed"] is True
    assert closed["closedAt"] is not None
    opened = run(
        registry,
        "mutation($id: ID!) { orderOpen(input: {id: $id}) { order { closed closedAt } } }",
        {"id": order["id"]},
        state,
    )["data"]["orderOpen"]["order"]
    assert opened == {"closed": False, "closedAt": None}


def test_search_sort_and_pagination(registry: Registry, state: State) -> None:
    line = [{"title": "Thing", "quantity": 1, "priceSet": usd("5.00")}]
    create_order(registry, state, line, email="a@example.com", tags=["vip"])
    create_order(registry, state, line, email="b@example.com",
                 transactions=[{"amountSet": usd("5.00")}])  # fmt: skip
    create_order(registry, state, line, email="c@example.com")

    def names(query: str, **args: Any) -> list[str]:
        body = run(
            registry,
            "query($q: String, $after: String, $reverse: Boolean) { orders(first: 2, query: $q,"
            " after: $after, reverse: $reverse, sortKey: ORDER_NUMBER) { nodes { name }"
            " pageInfo { hasNextPage endCursor } } }",
            {"q": query, **args},
            state,
        )
        assert "errors" not in body, body
        return [node["name"] for node in body["data"]["orders"]["nodes"]]

    assert names("tag:vip") == ["#1001"]
    assert names("financial_status:paid") == ["#1002"]
    assert names("email:c@example.com") == ["#1003"]
    assert names("name:1002") == ["#1002"]
    assert names("status:open fulfillment_status:unfulfilled") == ["#1001", "#1002"]
    assert names("updated_at:>2000-01-01") == ["#1001", "#1002"]
    assert names("", reverse=True) == ["#1003", "#1002"]
    page = run(
        registry,
        "{ orders(first: 2, sortKey: ORDER_NUMBER) { pageInfo { endCursor } } }",
        None,
        state,
    )
    cursor = page["data"]["orders"]["pageInfo"]["endCursor"]
    assert names("", after=cursor) == ["#1003"]
    count = run(registry, '{ ordersCount(query: "status:open") { count precision } }', None, state)
    assert count["data"]["ordersCount"] == {"count": 3, "precision": "EXACT"}


def test_order_create_links_and_counts_the_customer(registry: Registry, state: State) -> None:
    line = [{"title": "Thing", "quantity": 1, "priceSet": usd("5.00")}]
    customer = {"toUpsert": {"email": "Shopper@Example.com", "firstName": "Ann"}}
    first = create_order(registry, state, line, customer=customer)["order"]
    create_order(registry, state, line, customer=customer)
    body = run(
        registry,
        "query($id: ID!) { order(id: $id) { email customer { id email numberOfOrders } } }",
        {"id": first["id"]},
        state,
    )
    assert body["data"]["order"]["customer"]["numberOfOrders"] == "2"
    assert body["data"]["order"]["email"] == "Shopper@Example.com"
