"""Discount webhook payloads have the keys and JSON types of Shopify's examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.discounts_store import AUTOMATIC_NODE, new_node_id
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import State
from tests.unit.sandbox.rest.rendering import rendered
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example


@pytest.fixture
def state() -> Iterator[State]:
    store = State()
    run_bootstraps(store, SandboxConfig())
    yield store
    store.close()


def test_discount_topics_match_the_examples(state: State) -> None:
    now = state.now()
    with state.transaction():
        node = state.save(
            {
                "__typename": AUTOMATIC_NODE,
                "id": new_node_id(state, AUTOMATIC_NODE),
                "automaticDiscount": {"title": "Auto", "startsAt": now, "endsAt": None,
                                      "createdAt": now, "updatedAt": now},
            }
        )  # fmt: skip
    [created] = rendered(state)["discounts/create"]
    assert_same_shape(created, official_example("discounts/create"))
    assert (created["status"], created["admin_graphql_api_id"]) == ("ACTIVE", node["id"])
    with state.transaction():
        state.save({**node, "automaticDiscount": {**node["automaticDiscount"], "title": "B"}})
    [updated] = rendered(state)["discounts/update"]
    assert_same_shape(updated, official_example("discounts/update"))
    with state.transaction():
        state.delete(AUTOMATIC_NODE, legacy_id(node["id"]))
    [deleted] = rendered(state)["discounts/delete"]
    assert_same_shape(deleted, official_example("discounts/delete"))
