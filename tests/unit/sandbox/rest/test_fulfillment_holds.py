"""fulfillment_orders/placed_on_hold and hold_released fire on the documented transitions
with the keys and JSON types of Shopify's official 2026-07 examples."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import rest
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.registry import Registry
from tests.unit.sandbox.domains.ordering import create_order, seeded_state
from tests.unit.sandbox.executing import run
from tests.unit.sandbox.rest.rendering import rendered_by_rule
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example

assert rest.fulfillment_holds  # importing the package registers the topic rules

HOLD = (
    "mutation($id: ID!, $h: String!) { fulfillmentOrderHold(id: $id, fulfillmentHold:"
    ' {reason: INVENTORY_OUT_OF_STOCK, reasonNotes: "restock Friday", handle: $h})'
    " { userErrors { code } } }"
)
RELEASE = "mutation($id: ID!) { fulfillmentOrderReleaseHold(id: $id) { userErrors { code } } }"


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


def test_holds_and_release_emit_payloads_shaped_like_the_examples(registry: Registry) -> None:
    state = seeded_state()
    variant = state.all("ProductVariant")[0]
    order = create_order(registry, state, [{"variantId": variant["id"], "quantity": 2}])["order"]
    fo = order["fulfillmentOrders"]["nodes"][0]["id"]
    start = len(state.recent)
    run(registry, HOLD, {"id": fo, "h": "first"}, state)
    run(registry, HOLD, {"id": fo, "h": "second"}, state)
    run(registry, RELEASE, {"id": fo}, state)
    payloads = rendered_by_rule(state, list(state.recent)[start:])
    held = payloads["fulfillment_orders/placed_on_hold"]
    assert len(held) == 2  # a second hold on a held order fires again
    for payload in held:
        assert_same_shape(payload, official_example("fulfillment_orders/placed_on_hold"))
    assert held[0]["fulfillment_order"]["id"] == fo
    assert held[0]["fulfillment_order"]["status"] == "on_hold"
    assert held[1]["created_fulfillment_hold"]["handle"] == "second"
    assert held[1]["created_fulfillment_hold"]["reason"] == "inventory_out_of_stock"
    assert held[1]["created_fulfillment_hold"]["reason_notes"] == "restock Friday"
    released = payloads["fulfillment_orders/hold_released"]
    assert released == [{"fulfillment_order": {"id": fo, "status": "open"}}]
    assert_same_shape(released[0], official_example("fulfillment_orders/hold_released"))
