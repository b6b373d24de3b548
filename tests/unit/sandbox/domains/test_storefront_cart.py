"""Reading carts: ``cart(id:)`` with its key, live prices, lines of vanished variants."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store

READ = """query($id: ID!) { cart(id: $id) {
  id totalQuantity attribute(key: "gift") { value }
  lines(first: 5) { nodes { quantity attribute(key: "engraving") { value }
    merchandise { ... on ProductVariant { title } } } }
  cost { subtotalAmount { amount } }
} }"""


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    found = seeded_store(storefront)
    for variant in found.variants(handle(1)):
        found.set_stock(variant, 10)
    return found


def new_cart(store: Store, lines: list[dict[str, Any]]) -> str:
    created = store.data(
        """mutation($input: CartInput) { cartCreate(input: $input) { cart { id } } }""",
        {"input": {"lines": lines, "attributes": [{"key": "gift", "value": "yes"}]}},
    )
    cart_id: str = created["cartCreate"]["cart"]["id"]
    return cart_id


def test_cart_is_read_back_by_id_and_needs_its_key(store: Store) -> None:
    small = store.variants(handle(1))[0]["id"]
    engraved = {"merchandiseId": small, "attributes": [{"key": "engraving", "value": "JS"}]}
    cart_id = new_cart(store, [engraved])
    found = store.data(READ, {"id": cart_id})["cart"]
    assert found["id"] == cart_id
    assert found["attribute"] == {"value": "yes"}
    assert found["lines"]["nodes"] == [
        {"quantity": 1, "attribute": {"value": "JS"}, "merchandise": {"title": "S"}}
    ]
    without_key = cart_id.split("?")[0]
    assert store.data(READ, {"id": without_key})["cart"] is None


def test_cart_reprices_and_drops_unpublished_merchandise(store: Store) -> None:
    small, medium = store.variants(handle(1))
    cart_id = new_cart(store, [{"merchandiseId": small["id"]}, {"merchandiseId": medium["id"]}])
    store.edit_variant(small, price="1.50")
    store.edit_variant(medium, price="2.00")
    assert store.data(READ, {"id": cart_id})["cart"]["cost"]["subtotalAmount"] == {"amount": "3.5"}
    store.edit_product(handle(1), status="ARCHIVED")
    found = store.data(READ, {"id": cart_id})["cart"]
    assert found["lines"]["nodes"] == []
    assert found["totalQuantity"] == 0


def test_carts_are_internal_documents(store: Store) -> None:
    seen: list[Any] = []
    store.state.on_change(seen.append)
    new_cart(store, [{"merchandiseId": store.variants(handle(1))[0]["id"]}])
    assert seen == []
    assert "_Cart" not in store.state.counts()
