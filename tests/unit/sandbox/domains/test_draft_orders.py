"""Reading draft orders: draftOrder, draftOrders with search, sort and pagination,
draftOrdersCount."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.drafting import complete_draft, create_draft
from tests.unit.sandbox.domains.ordering import seeded_state
from tests.unit.sandbox.executing import run


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state(registry: Registry) -> State:
    state = seeded_state()
    variant = state.all("ProductVariant")[0]
    for index in range(3):
        create_draft(
            registry,
            state,
            tags=["wholesale"] if index else [],
            lineItems=[{"variantId": variant["id"], "quantity": index + 1}],
        )
    first = state.all("DraftOrder")[0]
    complete_draft(registry, state, first["id"])
    return state


def _names(registry: Registry, state: State, args: str) -> list[str]:
    body = run(registry, f"{{ draftOrders({args}) {{ nodes {{ name }} }} }}", None, state)
    assert "errors" not in body, body
    return [node["name"] for node in body["data"]["draftOrders"]["nodes"]]


def test_draft_order_by_id(registry: Registry, state: State) -> None:
    draft = state.all("DraftOrder")[1]
    body = run(
        registry,
        "query($id: ID!) { draftOrder(id: $id) { name status } }",
        {"id": draft["id"]},
        state,
    )
    assert body["data"]["draftOrder"] == {"name": "#D2", "status": "OPEN"}
    missing = run(registry, '{ draftOrder(id: "gid://shopify/DraftOrder/1") { id } }', None, state)
    assert missing["data"]["draftOrder"] is None


@pytest.mark.parametrize(
    ("query", "names"),
    [
        ("status:open", ["#D2", "#D3"]),
        ("status:completed", ["#D1"]),
        ("tag:wholesale", ["#D2", "#D3"]),
        ("D3", ["#D3"]),
        ("created_at:>2000-01-01", ["#D1", "#D2", "#D3"]),
        ("updated_at:<2000-01-01", []),
    ],
)
def test_search(registry: Registry, state: State, query: str, names: list[str]) -> None:
    assert _names(registry, state, f'first: 10, query: "{query}"') == names


def test_search_by_customer(registry: Registry, state: State) -> None:
    variant = state.all("ProductVariant")[0]
    made = create_draft(
        registry,
        state,
        email="ada@example.com",
        lineItems=[{"variantId": variant["id"], "quantity": 1}],
    )
    complete_draft(registry, state, made["draftOrder"]["id"])  # creates the customer
    customer_id = state.all("Customer")[0]["id"].rsplit("/", 1)[1]
    assert _names(registry, state, f'first: 10, query: "customer_id:{customer_id}"') == ["#D4"]


def test_sort_and_pagination(registry: Registry, state: State) -> None:
    assert _names(registry, state, "first: 10, sortKey: TOTAL_PRICE, reverse: true") == [
        "#D3",
        "#D2",
        "#D1",
    ]
    body = run(
        registry,
        "{ draftOrders(first: 2) { nodes { name } pageInfo { hasNextPage endCursor } } }",
        None,
        state,
    )
    page = body["data"]["draftOrders"]
    assert [n["name"] for n in page["nodes"]] == ["#D1", "#D2"]
    assert page["pageInfo"]["hasNextPage"] is True
    after = page["pageInfo"]["endCursor"]
    assert _names(registry, state, f'first: 2, after: "{after}"') == ["#D3"]


def test_count(registry: Registry, state: State) -> None:
    body = run(
        registry,
        "{ all: draftOrdersCount { count precision }"
        ' open: draftOrdersCount(query: "status:open") { count } }',
        None,
        state,
    )
    assert body["data"] == {"all": {"count": 3, "precision": "EXACT"}, "open": {"count": 2}}


def test_order_link_resolves(registry: Registry, state: State) -> None:
    body = run(
        registry,
        '{ draftOrders(first: 1, query: "status:completed") { nodes {'
        " order { name sourceName } } } }",
        None,
        state,
    )
    node: dict[str, Any] = body["data"]["draftOrders"]["nodes"][0]
    assert node["order"] == {"name": "#1001", "sourceName": "shopify_draft_order"}
