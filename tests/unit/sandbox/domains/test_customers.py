"""customer, customers (search, sort, pages), customersCount and customerByIdentifier."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.customer_mutations import customer_mutations
from shopbridge.sandbox.domains.customers import customers
from shopbridge.sandbox.domains.customers_store import record_order
from tests.unit.sandbox.domains.admining import AdminStore

CREATE = """
mutation($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}
"""
LIST = """
query($query: String, $sortKey: CustomerSortKeys, $reverse: Boolean, $after: String) {
  customers(first: 2, query: $query, sortKey: $sortKey, reverse: $reverse, after: $after) {
    nodes { email } pageInfo { hasNextPage endCursor }
  }
  customersCount(query: $query) { count precision }
}
"""
PEOPLE = [
    {"email": "ada@example.com", "firstName": "Ada", "lastName": "Zed", "tags": ["vip"],
     "addresses": [{"address1": "1 Main", "city": "Ottawa", "countryCode": "CA"}]},
    {"email": "bob@gmail.com", "firstName": "Bob", "phone": "+14155550100",
     "tags": ["wholesale"],
     "emailMarketingConsent": {"marketingState": "SUBSCRIBED"},
     "addresses": [{"address1": "2 Main", "city": "Austin", "countryCode": "US"}]},
    {"email": "cy@gmail.com", "firstName": "Cy", "lastName": "Abe", "tags": ["vip", "b2b"]},
]  # fmt: skip


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    found = AdminStore(admin, [customers, customer_mutations])
    for person in PEOPLE:
        payload = found.payload(CREATE, {"input": person})
        assert payload["userErrors"] == []
    return found


def emails(store: AdminStore, **variables: Any) -> list[str]:
    result = store.data(LIST, variables)
    assert result["customersCount"]["count"] >= len(result["customers"]["nodes"])
    return [node["email"] for node in result["customers"]["nodes"]]


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("email:gmail.com", ["bob@gmail.com", "cy@gmail.com"]),
        ('email:"ada@example.com"', ["ada@example.com"]),
        ("phone:*", ["bob@gmail.com"]),
        ("tag:vip", ["ada@example.com", "cy@gmail.com"]),
        ("tag:wholesale,b2b", ["bob@gmail.com", "cy@gmail.com"]),
        ("country:Canada", ["ada@example.com"]),
        ("country:US", ["bob@gmail.com"]),
        ("accepts_marketing:true", ["bob@gmail.com"]),
        ("first_name:bob", ["bob@gmail.com"]),
        ("state:DISABLED AND last_name:abe", ["cy@gmail.com"]),
        ("orders_count:0 -tag:vip", ["bob@gmail.com"]),
        ("Zed", ["ada@example.com"]),
    ],
)
def test_search_filters(store: AdminStore, query: str, expected: list[str]) -> None:
    assert emails(store, query=query) == expected[:2]
    assert store.data(LIST, {"query": query})["customersCount"]["count"] == len(expected)


def test_total_spent_and_orders_count_follow_recorded_orders(store: AdminStore) -> None:
    bob = store.state.first("Customer", "email", "bob@gmail.com")
    assert bob is not None
    with store.state.transaction():
        record_order(store.state, bob["id"], "60.25", "gid://shopify/Order/1")
        record_order(store.state, bob["id"], "40", "gid://shopify/Order/2")
    assert emails(store, query="total_spent:>100") == ["bob@gmail.com"]
    assert emails(store, query="orders_count:2") == ["bob@gmail.com"]
    data = store.data(
        '{{ customer(id: "{}") {{ numberOfOrders amountSpent {{ amount }} }} }}'.format(bob["id"])
    )
    assert data["customer"] == {"numberOfOrders": "2", "amountSpent": {"amount": "100.25"}}


def test_documented_filter_not_built_is_refused(store: AdminStore) -> None:
    body = store.query(LIST, {"query": "order_date:>2024-01-01"})
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"


def test_sort_and_pages(store: AdminStore) -> None:
    assert emails(store, sortKey="NAME") == ["ada@example.com", "bob@gmail.com"]
    assert emails(store, sortKey="NAME", reverse=True) == ["cy@gmail.com", "bob@gmail.com"]
    assert emails(store, sortKey="LOCATION") == ["cy@gmail.com", "ada@example.com"]
    first = store.data(LIST, {})["customers"]
    assert first["pageInfo"]["hasNextPage"] is True
    rest = store.data(LIST, {"after": first["pageInfo"]["endCursor"]})["customers"]
    assert [n["email"] for n in rest["nodes"]] == ["cy@gmail.com"]
    assert rest["pageInfo"]["hasNextPage"] is False


def test_lookups(store: AdminStore) -> None:
    bob = store.state.first("Customer", "email", "bob@gmail.com")
    assert bob is not None
    query = """
    query($a: CustomerIdentifierInput!, $b: CustomerIdentifierInput!,
          $c: CustomerIdentifierInput!, $id: ID!) {
      a: customerByIdentifier(identifier: $a) { id }
      b: customerByIdentifier(identifier: $b) { id }
      c: customerByIdentifier(identifier: $c) { id }
      customer(id: $id) { id }
      node(id: $id) { id }
    }
    """
    data = store.data(
        query,
        {
            "a": {"emailAddress": "BOB@gmail.com"},
            "b": {"phoneNumber": "+1 415 555 0100"},
            "c": {"id": "gid://shopify/Customer/1"},
            "id": bob["id"],
        },
    )
    assert data == {
        "a": {"id": bob["id"]},
        "b": {"id": bob["id"]},
        "c": None,
        "customer": {"id": bob["id"]},
        "node": {"id": bob["id"]},
    }
