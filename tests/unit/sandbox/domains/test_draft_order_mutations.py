"""Draft order mutations: create, update, complete (paid and pending), delete and
duplicate, their userErrors, and the order a completion creates."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import rest
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.domains.customers_store import new_customer
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import topics_for
from tests.unit.sandbox.domains.drafting import complete_draft, create_draft, usd
from tests.unit.sandbox.domains.ordering import quantities, seeded_state
from tests.unit.sandbox.executing import run

assert rest.draft_orders  # importing the package registers the topic rules


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state() -> State:
    return seeded_state()


@pytest.fixture
def variant(state: State) -> dict[str, Any]:
    return dict(state.all("ProductVariant")[0])


def _customer(state: State, email: str) -> dict[str, Any]:
    with state.transaction():
        customer = new_customer(state, "USD")
        customer.update({"email": email, "firstName": "Ada", "lastName": "Lovelace"})
        return state.save(customer)


def _topics(state: State, since: int) -> list[str]:
    changes = list(state.recent)[since:]
    return [rule.topic for change in changes for rule in topics_for(change)]


def test_registry_fields_exist_in_the_schema(registry: Registry) -> None:
    assert registry.unknown_fields() == []


def test_create_with_variant_and_custom_lines(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    payload = create_draft(
        registry,
        state,
        lineItems=[
            {"variantId": variant["id"], "quantity": 2},
            {
                "title": "Engraving",
                "originalUnitPriceWithCurrency": usd("5.00"),
                "quantity": 1,
                "sku": "ENG",
            },
        ],
        email="Buyer@Example.com",
        note="call first",
        tags=["phone", "b2c"],
        shippingAddress={"city": "Ottawa", "countryCode": "CA", "address1": "1 Main St"},
    )
    assert payload["userErrors"] == []
    draft = payload["draftOrder"]
    assert draft["name"] == "#D1"
    assert draft["status"] == "OPEN"
    assert draft["email"] == "buyer@example.com"
    assert draft["note2"] == "call first"
    assert draft["tags"] == ["b2c", "phone"]
    assert draft["completedAt"] is None
    assert draft["order"] is None
    assert draft["invoiceUrl"].startswith("https://sandbox-shop.myshopify.com/")
    assert draft["totalQuantityOfLineItems"] == 3
    lines = draft["lineItems"]["nodes"]
    assert [line["custom"] for line in lines] == [False, True]
    assert lines[0]["variant"] == {"id": variant["id"]}
    assert lines[1]["sku"] == "ENG"
    expected = pytest.approx(float(variant["price"]) * 2 + 5)
    assert float(draft["subtotalPriceSet"]["shopMoney"]["amount"]) == expected
    assert draft["subtotalPriceSet"]["shopMoney"]["currencyCode"] == "USD"
    assert float(draft["totalPriceSet"]["shopMoney"]["amount"]) == expected
    assert draft["shippingAddress"] == {"city": "Ottawa", "countryCodeV2": "CA"}
    second = create_draft(registry, state, lineItems=[{"variantId": variant["id"], "quantity": 1}])
    assert second["draftOrder"]["name"] == "#D2"


def test_applied_discounts_reduce_the_totals(registry: Registry, state: State) -> None:
    payload = create_draft(
        registry,
        state,
        lineItems=[
            {
                "title": "A",
                "originalUnitPriceWithCurrency": usd("10.00"),
                "quantity": 2,
                "appliedDiscount": {"value": 10, "valueType": "PERCENTAGE", "title": "Ten"},
            },
        ],
        appliedDiscount={"value": 3, "valueType": "FIXED_AMOUNT", "title": "Three off"},
    )
    draft = payload["draftOrder"]
    line = draft["lineItems"]["nodes"][0]
    assert line["discountedTotalSet"]["shopMoney"]["amount"] == "18.0"
    assert draft["appliedDiscount"]["amountSet"]["shopMoney"]["amount"] == "3.0"
    assert draft["subtotalPriceSet"]["shopMoney"]["amount"] == "15.0"
    assert draft["totalDiscountsSet"]["shopMoney"]["amount"] == "5.0"


def test_create_user_errors(registry: Registry, state: State, variant: dict[str, Any]) -> None:
    cases = [
        ({"lineItems": []}, ["lineItems"]),
        (
            {"lineItems": [{"variantId": variant["id"], "quantity": 0}]},
            ["lineItems", "0", "quantity"],
        ),
        (
            {"lineItems": [{"variantId": "gid://shopify/ProductVariant/1", "quantity": 1}]},
            ["lineItems", "0", "variantId"],
        ),
        ({"lineItems": [{"title": "No price", "quantity": 1}]}, ["lineItems", "0"]),
        ({"lineItems": [{"variantId": variant["id"], "quantity": 1}], "email": "nope"}, ["email"]),
        (
            {
                "lineItems": [{"variantId": variant["id"], "quantity": 1}],
                "customerId": "gid://shopify/Customer/1",
            },
            ["customerId"],
        ),
    ]
    for given, field in cases:
        payload = create_draft(registry, state, **given)
        assert payload["draftOrder"] is None
        assert [e["field"] for e in payload["userErrors"]] == [field], given
    assert state.all("DraftOrder") == []


def test_unsupported_inputs_are_refused(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    body = run(
        registry,
        "mutation($i: DraftOrderInput!) { draftOrderCreate(input: $i) { draftOrder { id } } }",
        {
            "i": {
                "lineItems": [{"variantId": variant["id"], "quantity": 1}],
                "reserveInventoryUntil": "2030-01-01T00:00:00Z",
            }
        },
        state,
    )
    assert "reserveInventoryUntil" in body["errors"][0]["message"]


def test_customer_by_id_or_by_email(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    customer = _customer(state, "ada@example.com")
    line = [{"variantId": variant["id"], "quantity": 1}]
    by_id = create_draft(registry, state, lineItems=line, customerId=customer["id"])
    assert by_id["draftOrder"]["customer"] == {"id": customer["id"], "email": "ada@example.com"}
    assert by_id["draftOrder"]["email"] == "ada@example.com"
    by_email = create_draft(registry, state, lineItems=line, email="ADA@example.com")
    assert by_email["draftOrder"]["customer"]["id"] == customer["id"]
    entity = create_draft(
        registry, state, lineItems=line, purchasingEntity={"customerId": customer["id"]}
    )
    assert entity["draftOrder"]["customer"]["id"] == customer["id"]


UPDATE = (
    "mutation($id: ID!, $i: DraftOrderInput!) { draftOrderUpdate(id: $id, input: $i) {"
    " draftOrder { id email note2 tags lineItems(first: 5) { nodes { quantity } }"
    " totalPriceSet { shopMoney { amount } } } userErrors { field message } } }"
)


def test_update_replaces_lines_and_fields(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    draft = create_draft(registry, state, lineItems=[{"variantId": variant["id"], "quantity": 1}])
    draft_id = draft["draftOrder"]["id"]
    since = len(state.recent)
    body = run(
        registry,
        UPDATE,
        {
            "id": draft_id,
            "i": {
                "lineItems": [{"variantId": variant["id"], "quantity": 3}],
                "note": "rush",
                "tags": ["x"],
                "email": "new@example.com",
            },
        },
        state,
    )
    updated = body["data"]["draftOrderUpdate"]
    assert updated["userErrors"] == []
    assert updated["draftOrder"]["lineItems"]["nodes"] == [{"quantity": 3}]
    assert updated["draftOrder"]["note2"] == "rush"
    assert updated["draftOrder"]["tags"] == ["x"]
    assert updated["draftOrder"]["email"] == "new@example.com"
    total = float(updated["draftOrder"]["totalPriceSet"]["shopMoney"]["amount"])
    assert total == pytest.approx(float(variant["price"]) * 3)
    assert _topics(state, since) == ["draft_orders/update"]
    missing = run(registry, UPDATE, {"id": "gid://shopify/DraftOrder/1", "i": {}}, state)
    assert missing["data"]["draftOrderUpdate"]["userErrors"][0]["field"] == ["id"]


def test_complete_paid_creates_the_order_and_commits_stock(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    customer = _customer(state, "ada@example.com")
    draft = create_draft(
        registry,
        state,
        customerId=customer["id"],
        tags=["vip"],
        lineItems=[{"variantId": variant["id"], "quantity": 2}],
    )
    draft_id = draft["draftOrder"]["id"]
    before = quantities(state, variant)
    since = len(state.recent)
    payload = complete_draft(registry, state, draft_id)
    assert payload["userErrors"] == []
    completed = payload["draftOrder"]
    assert completed["status"] == "COMPLETED"
    assert completed["completedAt"] is not None
    order = completed["order"]
    assert order["name"] == "#1001"
    assert order["sourceName"] == "shopify_draft_order"
    assert order["displayFinancialStatus"] == "PAID"
    after = quantities(state, variant)
    assert after["available"] == before["available"] - 2
    assert after["committed"] == before["committed"] + 2
    stored = state.get_gid(order["id"])
    assert stored is not None
    assert stored["customerId"] == customer["id"]
    assert stored["tags"] == ["vip"]
    assert state.find("FulfillmentOrder", "orderId", order["id"])
    topics = _topics(state, since)
    for topic in (
        "orders/create",
        "orders/paid",
        "order_transactions/create",
        "draft_orders/update",
    ):
        assert topic in topics
    again = complete_draft(registry, state, draft_id)
    assert again["draftOrder"] is None
    assert again["userErrors"][0]["field"] == ["id"]
    assert len(state.all("Order")) == 1
    locked = run(registry, UPDATE, {"id": draft_id, "i": {"note": "late"}}, state)
    assert locked["data"]["draftOrderUpdate"]["userErrors"][0]["field"] == ["id"]


def test_complete_payment_pending_leaves_the_order_pending(
    registry: Registry, state: State, variant: dict[str, Any]
) -> None:
    draft = create_draft(
        registry,
        state,
        email="guest@example.com",
        lineItems=[{"variantId": variant["id"], "quantity": 1}],
    )
    payload = complete_draft(registry, state, draft["draftOrder"]["id"], pending=True)
    order = payload["draftOrder"]["order"]
    assert order["displayFinancialStatus"] == "PENDING"
    assert state.find("OrderTransaction", "orderId", order["id"]) == []
    customer = payload["draftOrder"]["customer"]
    assert customer["email"] == "guest@example.com"  # created for the order's email


def test_complete_with_a_discount_is_not_supported(registry: Registry, state: State) -> None:
    draft = create_draft(
        registry,
        state,
        appliedDiscount={"value": 1, "valueType": "FIXED_AMOUNT"},
        lineItems=[{"title": "A", "originalUnitPrice": "4", "quantity": 1}],
    )
    body = run(
        registry,
        "mutation($id: ID!) { draftOrderComplete(id: $id) { draftOrder { id } } }",
        {"id": draft["draftOrder"]["id"]},
        state,
    )
    assert "not supported" in body["errors"][0]["message"]
    assert state.all("Order") == []


DELETE = (
    "mutation($id: ID!) { draftOrderDelete(input: {id: $id}) { deletedId userErrors { field } } }"
)
DUPLICATE = (
    "mutation($id: ID!) { draftOrderDuplicate(id: $id) { draftOrder { id name status"
    " lineItems(first: 5) { nodes { id quantity } } totalPriceSet { shopMoney { amount } } }"
    " userErrors { field } } }"
)


def test_duplicate_and_delete(registry: Registry, state: State, variant: dict[str, Any]) -> None:
    draft = create_draft(registry, state, lineItems=[{"variantId": variant["id"], "quantity": 2}])
    original = draft["draftOrder"]
    copy = run(registry, DUPLICATE, {"id": original["id"]}, state)["data"]["draftOrderDuplicate"]
    duplicate = copy["draftOrder"]
    assert duplicate["name"] == "#D2"
    assert duplicate["status"] == "OPEN"
    assert duplicate["lineItems"]["nodes"][0]["quantity"] == 2
    assert duplicate["lineItems"]["nodes"][0]["id"] != original["lineItems"]["nodes"][0]["id"]
    assert duplicate["totalPriceSet"] == original["totalPriceSet"]
    since = len(state.recent)
    deleted = run(registry, DELETE, {"id": original["id"]}, state)["data"]["draftOrderDelete"]
    assert deleted == {"deletedId": original["id"], "userErrors": []}
    assert _topics(state, since) == ["draft_orders/delete"]
    again = run(registry, DELETE, {"id": original["id"]}, state)["data"]["draftOrderDelete"]
    assert again["deletedId"] is None
    assert again["userErrors"] == [{"field": ["id"]}]
