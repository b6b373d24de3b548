"""Custom IDs: customerSet upserts by one; customerByIdentifier, orderByIdentifier find by one."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.custom_ids import custom_ids
from shopbridge.sandbox.domains.customer_mutations import customer_mutations
from shopbridge.sandbox.domains.customers import customers
from shopbridge.sandbox.domains.metafields import metafields
from shopbridge.sandbox.domains.order_mutations import order_mutations
from shopbridge.sandbox.domains.orders import orders
from tests.unit.sandbox.domains.admining import AdminStore

CRM_ID = {"namespace": "crm", "key": "customer_id", "value": "CRM-1"}
SET = """
mutation($identifier: CustomerSetIdentifiers, $input: CustomerSetInput!) {
  customerSet(identifier: $identifier, input: $input) {
    customer { id firstName metafield(namespace: "crm", key: "customer_id") { type value } }
    userErrors { field message code }
  }
}
"""
BY_CUSTOMER_ID = """
query($identifier: CustomerIdentifierInput!) {
  customerByIdentifier(identifier: $identifier) { id }
}
"""
BY_ORDER_ID = """
query($identifier: OrderIdentifierInput!) { orderByIdentifier(identifier: $identifier) { id name } }
"""
ORDER = """
mutation($o: OrderCreateOrderInput!) {
  orderCreate(order: $o) { order { id name } userErrors { message } }
}
"""
METAFIELDS_SET = """
mutation($m: [MetafieldsSetInput!]!) { metafieldsSet(metafields: $m) { userErrors { message } } }
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    domains = [customers, customer_mutations, metafields, orders, order_mutations, custom_ids]
    return AdminStore(admin, domains)


def upsert(store: AdminStore, **given: Any) -> dict[str, Any]:
    return store.payload(SET, {"identifier": {"customId": CRM_ID}, "input": given})


def test_customer_set_by_custom_id_creates_a_customer_carrying_it_then_updates_it(
    store: AdminStore,
) -> None:
    created = upsert(store, firstName="Ada")
    assert created["userErrors"] == []
    assert created["customer"]["metafield"] == {
        "type": "id",
        "value": "CRM-1",
    }
    updated = upsert(store, firstName="Augusta")
    assert updated["customer"]["id"] == created["customer"]["id"]
    assert updated["customer"]["firstName"] == "Augusta"
    assert store.state.count("Customer") == 1
    found = store.data(BY_CUSTOMER_ID, {"identifier": {"customId": CRM_ID}})
    assert found["customerByIdentifier"] == {"id": created["customer"]["id"]}
    other = {**CRM_ID, "value": "CRM-2"}
    assert store.data(BY_CUSTOMER_ID, {"identifier": {"customId": other}}) == {
        "customerByIdentifier": None
    }


def test_a_bad_custom_id_key_is_a_user_error_and_nothing_is_created(store: AdminStore) -> None:
    bad = {"namespace": "crm", "key": "x", "value": "CRM-1"}
    payload = store.payload(SET, {"identifier": {"customId": bad}, "input": {"firstName": "A"}})
    assert payload["customer"] is None
    assert payload["userErrors"][0]["field"] == ["identifier", "customId", "key"]
    assert store.state.count("Customer") == 0


def test_order_by_identifier_finds_an_order_by_id_or_by_custom_id(store: AdminStore) -> None:
    line = {
        "title": "Gift",
        "quantity": 1,
        "priceSet": {"shopMoney": {"amount": "5.00", "currencyCode": "USD"}},
    }
    order = store.payload(ORDER, {"o": {"lineItems": [line]}})["order"]
    given = {
        "ownerId": order["id"],
        "namespace": "erp",
        "key": "order_no",
        "type": "single_line_text_field",
        "value": "SO-778",
    }
    assert store.payload(METAFIELDS_SET, {"m": [given]})["userErrors"] == []
    by_custom = {"customId": {"namespace": "erp", "key": "order_no", "value": "SO-778"}}
    assert store.data(BY_ORDER_ID, {"identifier": by_custom})["orderByIdentifier"] == order
    assert (
        store.data(BY_ORDER_ID, {"identifier": {"id": order["id"]}})["orderByIdentifier"] == order
    )
    missing = {"customId": {"namespace": "erp", "key": "order_no", "value": "SO-1"}}
    assert store.data(BY_ORDER_ID, {"identifier": missing})["orderByIdentifier"] is None
