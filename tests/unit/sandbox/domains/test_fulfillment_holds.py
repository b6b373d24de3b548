"""fulfillmentOrderHold and fulfillmentOrderReleaseHold: the order's status follows, errors
carry Shopify's codes, and what the sandbox does not do (a split) says so."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.ordering import create_order, seeded_state
from tests.unit.sandbox.executing import run

HOLD = """
mutation($id: ID!, $hold: FulfillmentOrderHoldInput!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: $hold) {
    fulfillmentHold { id handle reason reasonNotes displayReason heldByRequestingApp }
    fulfillmentOrder { status fulfillmentHolds { id reason }
      order { displayFulfillmentStatus } }
    userErrors { field message code }
  }
}
"""
RELEASE = """
mutation($id: ID!, $holds: [ID!]) {
  fulfillmentOrderReleaseHold(id: $id, holdIds: $holds) {
    fulfillmentOrder { status fulfillmentHolds { id } order { displayFulfillmentStatus } }
    userErrors { field message code }
  }
}
"""


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


@pytest.fixture
def state() -> State:
    return seeded_state()


@pytest.fixture
def fo(registry: Registry, state: State) -> str:
    variant = state.all("ProductVariant")[0]
    order = create_order(registry, state, [{"variantId": variant["id"], "quantity": 1}])["order"]
    gid: str = order["fulfillmentOrders"]["nodes"][0]["id"]
    return gid


def hold(registry: Registry, state: State, fo: str, **given: Any) -> dict[str, Any]:
    body = run(registry, HOLD, {"id": fo, "hold": {"reason": "OTHER", **given}}, state)
    assert "errors" not in body, body
    result: dict[str, Any] = body["data"]["fulfillmentOrderHold"]
    return result


def release(registry: Registry, state: State, fo: str, holds: list[str] | None = None) -> Any:
    body = run(registry, RELEASE, {"id": fo, "holds": holds}, state)
    assert "errors" not in body, body
    return body["data"]["fulfillmentOrderReleaseHold"]


def test_a_hold_puts_the_order_on_hold_and_a_release_opens_it(
    registry: Registry, state: State, fo: str
) -> None:
    held = hold(registry, state, fo, reasonNotes="address check", handle="check")
    assert held["userErrors"] == []
    assert held["fulfillmentHold"]["reason"] == "OTHER"
    assert held["fulfillmentHold"]["reasonNotes"] == "address check"
    assert held["fulfillmentHold"]["heldByRequestingApp"] is True
    assert held["fulfillmentOrder"]["status"] == "ON_HOLD"
    assert held["fulfillmentOrder"]["order"]["displayFulfillmentStatus"] == "ON_HOLD"
    released = release(registry, state, fo)
    assert released["userErrors"] == []
    assert released["fulfillmentOrder"]["status"] == "OPEN"
    assert released["fulfillmentOrder"]["fulfillmentHolds"] == []
    assert released["fulfillmentOrder"]["order"]["displayFulfillmentStatus"] == "UNFULFILLED"


def test_releasing_one_of_two_holds_keeps_the_order_on_hold(
    registry: Registry, state: State, fo: str
) -> None:
    first = hold(registry, state, fo, handle="a")["fulfillmentHold"]["id"]
    hold(registry, state, fo, handle="b", reason="INCORRECT_ADDRESS")
    released = release(registry, state, fo, [first])
    assert released["fulfillmentOrder"]["status"] == "ON_HOLD"
    assert len(released["fulfillmentOrder"]["fulfillmentHolds"]) == 1


def test_hold_errors_carry_shopifys_codes(registry: Registry, state: State, fo: str) -> None:
    hold(registry, state, fo, handle="same")
    again = hold(registry, state, fo, handle="same")
    assert [e["code"] for e in again["userErrors"]] == ["DUPLICATE_FULFILLMENT_HOLD_HANDLE"]
    missing = hold(registry, state, "gid://shopify/FulfillmentOrder/999999")
    assert [e["code"] for e in missing["userErrors"]] == ["FULFILLMENT_ORDER_NOT_FOUND"]
    for index in range(9):
        hold(registry, state, fo, handle=f"h{index}")
    over = hold(registry, state, fo, handle="eleventh")
    assert [e["code"] for e in over["userErrors"]] == ["FULFILLMENT_ORDER_HOLD_LIMIT_REACHED"]


def test_holding_some_line_items_is_not_supported(
    registry: Registry, state: State, fo: str
) -> None:
    line = "gid://shopify/FulfillmentOrderLineItem/1"
    body = run(
        registry,
        HOLD,
        {
            "id": fo,
            "hold": {
                "reason": "OTHER",
                "fulfillmentOrderLineItems": [{"id": line, "quantity": 1}],
            },
        },
        state,
    )
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"
