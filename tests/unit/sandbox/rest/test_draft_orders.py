"""draft_orders/* webhook payloads have the keys and JSON types of Shopify's examples."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import rest
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.domains.customers_store import new_customer
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.registry import Registry
from tests.unit.sandbox.domains.drafting import complete_draft, create_draft, usd
from tests.unit.sandbox.domains.ordering import seeded_state
from tests.unit.sandbox.executing import run
from tests.unit.sandbox.rest.rendering import rendered_by_rule
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example

assert rest.draft_orders  # importing the package registers the topic rules


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


def test_create_update_delete_payloads_match_the_examples(registry: Registry) -> None:
    state = seeded_state()
    variant = state.all("ProductVariant")[0]
    with state.transaction():
        customer = new_customer(state, "USD")
        customer["email"] = "ada@example.com"
        state.save(customer)
    address = {
        "address1": "1 Main St",
        "city": "Ottawa",
        "countryCode": "CA",
        "provinceCode": "ON",
        "zip": "K1A0B1",
        "firstName": "Ada",
    }
    since = len(state.recent)
    draft = create_draft(
        registry,
        state,
        customerId=customer["id"],
        tags=["a", "b"],
        billingAddress=address,
        shippingAddress=address,
        appliedDiscount={"value": 2, "valueType": "PERCENTAGE", "title": "Two"},
        customAttributes=[{"key": "gift", "value": "yes"}],
        lineItems=[
            {"variantId": variant["id"], "quantity": 2},
            {
                "title": "Wrap",
                "originalUnitPriceWithCurrency": usd("3.00"),
                "quantity": 1,
                "appliedDiscount": {"value": 1, "valueType": "FIXED_AMOUNT"},
            },
        ],
    )["draftOrder"]
    created = rendered_by_rule(state, list(state.recent)[since:])["draft_orders/create"][0]
    assert_same_shape(created, official_example("draft_orders/create"))
    assert created["name"] == "#D1"
    assert created["status"] == "open"
    assert created["tags"] == "a, b"
    assert created["applied_discount"]["value_type"] == "percentage"
    assert created["line_items"][1]["custom"] is True
    assert created["customer"]["id"] == legacy_id(customer["id"])

    plain = create_draft(registry, state, lineItems=[{"variantId": variant["id"], "quantity": 1}])
    since = len(state.recent)
    complete_draft(registry, state, plain["draftOrder"]["id"])
    updated = rendered_by_rule(state, list(state.recent)[since:])
    body = updated["draft_orders/update"][0]
    assert_same_shape(body, official_example("draft_orders/update"))
    assert body["status"] == "completed"
    assert isinstance(body["order_id"], int)
    assert "orders/create" in updated

    since = len(state.recent)
    run(
        registry,
        "mutation($id: ID!) { draftOrderDelete(input: {id: $id}) { deletedId } }",
        {"id": draft["id"]},
        state,
    )
    deleted = rendered_by_rule(state, list(state.recent)[since:])["draft_orders/delete"][0]
    assert_same_shape(deleted, official_example("draft_orders/delete"), strict_nulls=True)
    assert deleted == {"id": legacy_id(draft["id"])}
