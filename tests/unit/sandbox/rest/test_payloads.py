"""Catalog and inventory payloads have the keys and JSON types of Shopify's examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.catalog_store import delete_variant, variants_of
from shopbridge.sandbox.domains.inventory_store import apply_delta, levels_of_item
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import registered_topics, topics_for
from tests.unit.sandbox.rest.rendering import rendered
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example, official_topics


@pytest.fixture
def state() -> Iterator[State]:
    store = State()
    run_bootstraps(store, SandboxConfig())
    seed_catalog(store, products=2, variants=2, locations=1)
    yield store
    store.close()


def test_every_registered_topic_has_an_official_example() -> None:
    assert set(registered_topics()) <= official_topics()


def test_seeded_catalog_emits_create_payloads_shaped_like_the_examples(state: State) -> None:
    payloads = rendered(state, list(state.recent))
    for topic in ("products/create", "inventory_items/create", "inventory_levels/connect"):
        assert payloads[topic], topic
        for payload in payloads[topic]:
            assert_same_shape(payload, official_example(topic))


def test_product_update_payload_is_rest_shaped(state: State) -> None:
    product = state.all("Product")[0]
    with state.transaction():
        state.save({**product, "title": "New", "tags": ["b", "a"], "updatedAt": state.now()})
    payload = rendered(state, [state.recent[-1]])["products/update"][0]
    assert_same_shape(payload, official_example("products/update"))
    assert payload["id"] == legacy_id(product["id"])
    assert payload["status"] == "active"
    assert payload["tags"] == "b, a"
    assert payload["updated_at"].endswith("+00:00")
    variant = payload["variants"][0]
    assert isinstance(variant["price"], str)
    assert variant["product_id"] == payload["id"]
    assert {v["admin_graphql_api_id"] for v in payload["variant_gids"]} == {
        v["id"] for v in variants_of(state, product["id"])
    }


def test_variant_change_fires_products_update(state: State) -> None:
    variant = state.all("ProductVariant")[0]
    with state.transaction():
        state.save({**variant, "price": "99.00"})
    [change] = [c for c in state.recent if c.entity == "ProductVariant"][-1:]
    assert [rule.topic for rule in topics_for(change)] == ["products/update"]
    payload = rendered(state, [change])["products/update"][0]
    assert "99.00" in [v["price"] for v in payload["variants"]]


def test_deletes_and_level_updates_match_the_examples(state: State) -> None:
    variant = state.all("ProductVariant")[0]
    level = levels_of_item(state, variant["inventoryItemId"])[0]
    start = len(state.recent)
    with state.transaction():
        apply_delta(state, level, "available", 3)
    with state.transaction():
        delete_variant(state, variant)
    payloads = rendered(state, list(state.recent)[start:])
    for topic in (
        "inventory_levels/update",
        "inventory_levels/disconnect",
        "inventory_items/delete",
    ):
        [payload] = payloads[topic]
        assert_same_shape(payload, official_example(topic))


def test_product_delete_sends_only_the_id(state: State) -> None:
    product = state.all("Product")[0]
    with state.transaction():
        for variant in variants_of(state, product["id"]):
            delete_variant(state, variant)
        state.delete("Product", legacy_id(product["id"]))
    start = [c for c in state.recent if c.entity == "Product"][-1]
    txn = [c for c in state.recent if c.txn == start.txn]
    payloads = rendered(state, txn)
    assert payloads["products/delete"] == [{"id": legacy_id(product["id"])}]
    assert "products/update" not in payloads
    assert_same_shape(payloads["products/delete"][0], official_example("products/delete"))
