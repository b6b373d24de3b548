"""fulfillmentCreate (partial, full, errors), tracking updates, events and cancellation,
with the fulfillment status and stock moves they imply."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.domains.ordering import create_order, quantities, seeded_state
from tests.unit.sandbox.executing import run

FULFIL = """
mutation($f: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $f) {
    fulfillment { id name status totalQuantity trackingInfo { company number url }
      fulfillmentLineItems(first: 5) { nodes { quantity lineItem { sku } } }
      order { displayFulfillmentStatus fulfillmentOrders(first: 5) { nodes { status
        lineItems(first: 5) { nodes { remainingQuantity } } } } } }
    userErrors { field message }
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
def placed(registry: Registry, state: State) -> dict[str, Any]:
    variant = state.all("ProductVariant")[0]
    order: dict[str, Any] = create_order(
        registry, state, [{"variantId": variant["id"], "quantity": 3}]
    )["order"]
    return {"order": order, "variant": dict(variant), "fo": order["fulfillmentOrders"]["nodes"][0]}


def fulfil(registry: Registry, state: State, fo: dict[str, Any], quantity: int | None,
           **extra: Any) -> dict[str, Any]:  # fmt: skip
    group: dict[str, Any] = {"fulfillmentOrderId": fo["id"]}
    if quantity is not None:
        item = fo["lineItems"]["nodes"][0]["id"]
        group["fulfillmentOrderLineItems"] = [{"id": item, "quantity": quantity}]
    body = run(registry, FULFIL, {"f": {"lineItemsByFulfillmentOrder": [group], **extra}}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["fulfillmentCreate"]
    return payload


def test_partial_then_full_fulfillment(
    registry: Registry, state: State, placed: dict[str, Any]
) -> None:
    before = quantities(state, placed["variant"])
    first = fulfil(
        registry, state, placed["fo"], 1,
        trackingInfo={"company": "UPS", "numbers": ["1Z1", "1Z2"]}, notifyCustomer=True,
    )["fulfillment"]  # fmt: skip
    assert first["name"] == "#1001-F1"
    assert first["status"] == "SUCCESS"
    assert first["trackingInfo"] == [
        {"company": "UPS", "number": "1Z1", "url": None},
        {"company": "UPS", "number": "1Z2", "url": None},
    ]
    assert first["order"]["displayFulfillmentStatus"] == "PARTIALLY_FULFILLED"
    fo_after = first["order"]["fulfillmentOrders"]["nodes"][0]
    assert fo_after["status"] == "OPEN"
    assert fo_after["lineItems"]["nodes"][0]["remainingQuantity"] == 2
    middle = quantities(state, placed["variant"])
    assert middle["committed"] == before["committed"] - 1
    assert middle["available"] == before["available"]
    rest = fulfil(registry, state, placed["fo"], None)["fulfillment"]
    assert rest["totalQuantity"] == 2
    assert rest["order"]["displayFulfillmentStatus"] == "FULFILLED"
    assert rest["order"]["fulfillmentOrders"]["nodes"][0]["status"] == "CLOSED"
    assert quantities(state, placed["variant"])["committed"] == before["committed"] - 3


def test_fulfillment_user_errors(registry: Registry, state: State, placed: dict[str, Any]) -> None:
    over = fulfil(registry, state, placed["fo"], 4)
    assert over["fulfillment"] is None
    assert over["userErrors"][0]["field"] == [
        "fulfillment", "lineItemsByFulfillmentOrder", "0", "fulfillmentOrderLineItems", "0",
        "quantity",
    ]  # fmt: skip
    fulfil(registry, state, placed["fo"], None)
    closed = fulfil(registry, state, placed["fo"], None)
    assert "unfulfillable status" in closed["userErrors"][0]["message"]
    missing = fulfil(registry, state, {"id": "gid://shopify/FulfillmentOrder/1"}, None)
    assert missing["userErrors"][0]["message"] == "Fulfillment order does not exist."


def test_tracking_update_event_and_cancel(
    registry: Registry, state: State, placed: dict[str, Any]
) -> None:
    before = quantities(state, placed["variant"])
    created = fulfil(registry, state, placed["fo"], None)["fulfillment"]
    tracking = run(
        registry,
        "mutation($id: ID!) { fulfillmentTrackingInfoUpdate(fulfillmentId: $id, trackingInfoInput:"
        ' {company: "DHL", number: "42", url: "https://dhl.example/42"}) { fulfillment'
        " { trackingInfo { company number url } } userErrors { message } } }",
        {"id": created["id"]},
        state,
    )["data"]["fulfillmentTrackingInfoUpdate"]
    assert tracking["fulfillment"]["trackingInfo"] == [
        {"company": "DHL", "number": "42", "url": "https://dhl.example/42"}
    ]
    event = run(
        registry,
        "mutation($id: ID!) { fulfillmentEventCreate(fulfillmentEvent: {fulfillmentId: $id,"
        ' status: DELIVERED, message: "Left at door"}) { fulfillmentEvent { status message }'
        " userErrors { message } } }",
        {"id": created["id"]},
        state,
    )["data"]["fulfillmentEventCreate"]
    assert event["fulfillmentEvent"] == {"status": "DELIVERED", "message": "Left at door"}
    shown = run(
        registry,
        "query($id: ID!) { fulfillment(id: $id) { displayStatus deliveredAt"
        " events(first: 5) { nodes { status } } } }",
        {"id": created["id"]},
        state,
    )["data"]["fulfillment"]
    assert shown["displayStatus"] == "DELIVERED"
    assert shown["deliveredAt"] is not None
    assert shown["events"]["nodes"] == [{"status": "DELIVERED"}]
    cancelled = run(
        registry,
        "mutation($id: ID!) { fulfillmentCancel(id: $id) { fulfillment { status order"
        " { displayFulfillmentStatus } } userErrors { message } } }",
        {"id": created["id"]},
        state,
    )["data"]["fulfillmentCancel"]
    assert cancelled["fulfillment"]["status"] == "CANCELLED"
    assert cancelled["fulfillment"]["order"]["displayFulfillmentStatus"] == "UNFULFILLED"
    assert quantities(state, placed["variant"]) == before


def test_fulfillment_orders_query(registry: Registry, state: State, placed: dict[str, Any]) -> None:
    query = (
        "query($q: String, $closed: Boolean) { fulfillmentOrders(first: 5, query: $q,"
        " includeClosed: $closed) { nodes { id orderName assignedLocation { name location"
        " { id } } supportedActions { action } } } }"
    )
    body = run(registry, query, {"q": "status:open"}, state)
    nodes = body["data"]["fulfillmentOrders"]["nodes"]
    assert [n["id"] for n in nodes] == [placed["fo"]["id"]]
    assert nodes[0]["orderName"] == "#1001"
    assert nodes[0]["assignedLocation"]["name"] == "Shop location"
    fulfil(registry, state, placed["fo"], None)
    assert run(registry, query, {}, state)["data"]["fulfillmentOrders"]["nodes"] == []
    closed = run(registry, query, {"closed": True}, state)["data"]["fulfillmentOrders"]["nodes"]
    assert closed[0]["supportedActions"] == []
