"""``abandonedCheckouts``: the checkouts shoppers left, with Shopify's filters and sorts."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import shopper
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.seed import sku
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.ordering import seeded_state
from tests.unit.sandbox.executing import run

LIST = """query($q: String, $sort: AbandonedCheckoutSortKeys, $rev: Boolean) {
  abandonedCheckouts(first: 10, query: $q, sortKey: $sort, reverse: $rev) { nodes {
    id name abandonedCheckoutUrl createdAt updatedAt completedAt lineItemsQuantity note
    taxesIncluded discountCodes customAttributes { key }
    customer { id email } shippingAddress { city countryCodeV2 } billingAddress { city }
    subtotalPriceSet { shopMoney { amount currencyCode } }
    totalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
    totalLineItemsPriceSet { shopMoney { amount } } totalDiscountSet { shopMoney { amount } }
    lineItems(first: 5) { nodes { id title sku quantity variantTitle variant { id }
      product { id } originalUnitPriceSet { shopMoney { amount } }
      discountedTotalPriceSet { shopMoney { amount } } } } } }
  abandonedCheckoutsCount(query: $q) { count precision } }"""


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state() -> State:
    store = seeded_state()
    left = shopper.start_checkout(
        store, lines=[(sku(1, 1), 2)], email="ada@example.com", last_name="Lovelace",
        shipping_address={"address1": "1 Main", "city": "Ottawa", "countryCode": "CA"},
    )  # fmt: skip
    shopper.abandon_checkout(store, left["token"])
    recovered = shopper.start_checkout(
        store, lines=[(sku(2, 1), 1)], email="bob@example.com", last_name="Babbage"
    )
    shopper.abandon_checkout(store, recovered["token"])
    shopper.complete_checkout(store, recovered["token"])
    shopper.start_checkout(store, lines=[(sku(1, 1), 1)], email="open@example.com")
    shopper.abandon_checkout(
        store, shopper.start_checkout(store, lines=[(sku(1, 1), 1)], email=None)["token"]
    )
    return store


def listed(registry: Registry, state: State, **variables: Any) -> dict[str, Any]:
    body = run(registry, LIST, variables, state)
    assert "errors" not in body, body
    data: dict[str, Any] = body["data"]
    return data


def test_lists_abandoned_checkouts_with_contact_recovered_included(
    registry: Registry, state: State
) -> None:
    data = listed(registry, state)
    nodes = data["abandonedCheckouts"]["nodes"]
    assert next(n["customer"] for n in nodes) is None
    assert nodes[1]["customer"]["email"] == "bob@example.com"
    assert data["abandonedCheckoutsCount"] == {"count": 2, "precision": "EXACT"}
    first = nodes[0]
    assert first["name"] == "#" + first["id"].rsplit("/", 1)[-1]
    assert first["completedAt"] is None
    assert nodes[1]["completedAt"] is not None
    assert first["lineItemsQuantity"] == 2
    assert first["shippingAddress"] == {"city": "Ottawa", "countryCodeV2": "CA"}
    line = first["lineItems"]["nodes"][0]
    assert line["sku"] == sku(1, 1)
    assert line["quantity"] == 2
    assert line["variant"]["id"].startswith("gid://shopify/ProductVariant/")
    unit = float(line["originalUnitPriceSet"]["shopMoney"]["amount"])
    assert float(first["totalPriceSet"]["shopMoney"]["amount"]) == pytest.approx(unit * 2)


@pytest.mark.parametrize(
    ("query", "count"),
    [
        ("recovery_state:recovered", 1),
        ("recovery_state:not_recovered", 1),
        ("status:open", 1),
        ("status:closed", 1),
        ("email_state:not_sent", 2),
        ("created_at:>2000-01-01", 2),
        ("ada@example.com", 1),
    ],
)
def test_filters(registry: Registry, state: State, query: str, count: int) -> None:
    data = listed(registry, state, q=query)
    assert len(data["abandonedCheckouts"]["nodes"]) == count
    assert data["abandonedCheckoutsCount"]["count"] == count


def test_sort_by_customer_name(registry: Registry, state: State) -> None:
    data = listed(registry, state, sort="CUSTOMER_NAME", rev=True)
    emails = [n["customer"] and n["customer"]["email"] for n in data["abandonedCheckouts"]["nodes"]]
    assert emails == [None, "bob@example.com"]


def test_node_finds_only_listed_checkouts(registry: Registry, state: State) -> None:
    listed_ids = [c["id"] for c in state.all("AbandonedCheckout")]
    body = run(
        registry,
        "query($ids: [ID!]!) { nodes(ids: $ids) { ... on AbandonedCheckout { id } } }",
        {"ids": listed_ids},
        state,
    )
    found = [n for n in body["data"]["nodes"] if n]
    assert len(found) == 2
