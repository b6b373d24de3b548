"""What the storefront sees: visibility by status, sellable limits by policy and tracking."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.storefront_stock import (
    is_visible,
    sellable_limit,
    visible_product,
    visible_variant,
)
from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    return seeded_store(storefront, products=2)


def test_only_active_published_products_are_visible() -> None:
    assert is_visible({"status": "ACTIVE", "publishedAt": "2026-07-01T00:00:00Z"})
    assert not is_visible({"status": "DRAFT", "publishedAt": None})
    assert not is_visible({"status": "ACTIVE", "publishedAt": None})


def test_variants_follow_their_product(store: Store) -> None:
    product = store.product(handle(1))
    variant = store.variants(handle(1))[0]
    assert visible_product(store.state, product["id"]) == product
    assert visible_variant(store.state, variant["id"]) == variant
    assert visible_variant(store.state, product["id"]) is None
    store.edit_product(handle(1), status="ARCHIVED")
    assert visible_variant(store.state, variant["id"]) is None


def test_sellable_limit_by_policy(store: Store) -> None:
    variant = store.variants(handle(1))[0]
    store.set_stock(variant, 7)
    assert sellable_limit(store.state, variant) == 7
    store.set_stock(variant, -2)
    assert sellable_limit(store.state, variant) == 0
    store.edit_variant(variant, inventoryPolicy="CONTINUE")
    assert sellable_limit(store.state, store.variants(handle(1))[0]) is None
