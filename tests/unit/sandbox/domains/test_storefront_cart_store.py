"""Cart documents: ids with keys, merged lines, stock capping."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.storefront_cart_store import (
    add_line,
    checkout_url,
    enforce_stock,
    find_cart,
    new_cart,
    save_cart,
)
from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    return seeded_store(storefront, products=1)


def test_cart_is_found_only_with_its_key(store: Store) -> None:
    cart = new_cart(store.state)
    with store.state.transaction():
        save_cart(store.state, cart)
    assert find_cart(store.state, cart["id"]) == cart
    assert find_cart(store.state, cart["id"].replace(cart["key"], "f" * 32)) is None
    assert find_cart(store.state, "gid://shopify/Product/1") is None
    assert checkout_url("s.myshopify.com", cart).endswith(
        f"/cart/c/{cart['token']}?key={cart['key']}"
    )


def test_same_variant_and_attributes_merge_into_one_line(store: Store) -> None:
    cart = new_cart(store.state)
    variant = store.variants(handle(1))[0]["id"]
    first = add_line(cart, variant, 1, None)
    add_line(cart, variant, 2, [])
    add_line(cart, variant, 1, [{"key": "note", "value": "x"}])
    assert [line["quantity"] for line in cart["lines"]] == [3, 1]
    assert cart["lines"][0]["id"] == first["id"]


def test_stock_counts_lines_of_the_same_variant_together(store: Store) -> None:
    variant = store.variants(handle(1))[0]
    store.set_stock(variant, 5)
    cart = new_cart(store.state)
    add_line(cart, variant["id"], 4, None)
    touched = add_line(cart, variant["id"], 4, [{"key": "gift", "value": "y"}])
    warnings = enforce_stock(store.state, cart, {touched["id"]})
    assert [line["quantity"] for line in cart["lines"]] == [4, 1]
    assert [w["code"] for w in warnings] == ["MERCHANDISE_NOT_ENOUGH_STOCK"]
