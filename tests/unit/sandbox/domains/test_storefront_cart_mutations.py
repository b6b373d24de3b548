"""Cart mutations: create, add, update, remove with costs; errors and stock warnings."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLSchema

from tests.unit.sandbox.domains.storefronting import Store, handle, seeded_store

CART = """
  id checkoutUrl totalQuantity createdAt updatedAt note
  buyerIdentity { email countryCode }
  discountCodes { code applicable }
  lines(first: 10) { nodes { id quantity
    merchandise { ... on ProductVariant { id sku } }
    cost { amountPerQuantity { amount } subtotalAmount { amount } totalAmount { amount } }
  } }
  cost { subtotalAmount { amount currencyCode } totalAmount { amount } totalTaxAmount { amount } }
"""
PAYLOAD = (
    f"cart {{ {CART} }} userErrors {{ field message code }} warnings {{ code message target }}"
)
CREATE = f"mutation($input: CartInput) {{ cartCreate(input: $input) {{ {PAYLOAD} }} }}"
ADD = f"""mutation($cartId: ID!, $lines: [CartLineInput!]!) {{
  cartLinesAdd(cartId: $cartId, lines: $lines) {{ {PAYLOAD} }} }}"""
UPDATE = f"""mutation($cartId: ID!, $lines: [CartLineUpdateInput!]!) {{
  cartLinesUpdate(cartId: $cartId, lines: $lines) {{ {PAYLOAD} }} }}"""
REMOVE = f"""mutation($cartId: ID!, $lineIds: [ID!]!) {{
  cartLinesRemove(cartId: $cartId, lineIds: $lineIds) {{ {PAYLOAD} }} }}"""


@pytest.fixture
def store(storefront: GraphQLSchema) -> Store:
    found = seeded_store(storefront)
    for variant in found.variants(handle(1)) + found.variants(handle(2)):
        found.set_stock(variant, 10)
    return found


def price(store: Store, n: int, index: int = 0) -> Decimal:
    return Decimal(store.variants(handle(n))[index]["price"])


def amount(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text if "." in text else f"{text}.0"


def create(store: Store, **input: Any) -> dict[str, Any]:
    payload: dict[str, Any] = store.data(CREATE, {"input": input})["cartCreate"]
    return payload


def test_create_add_update_remove_with_costs(store: Store) -> None:
    a = store.variants(handle(1))[0]["id"]
    b = store.variants(handle(2))[1]["id"]
    created = create(store, lines=[{"merchandiseId": a, "quantity": 2}])
    assert created["userErrors"] == []
    assert created["warnings"] == []
    cart = created["cart"]
    assert cart["id"].startswith("gid://shopify/Cart/")
    assert "?key=" in cart["id"]
    assert cart["checkoutUrl"].startswith("https://sandbox-shop.myshopify.com/cart/c/")
    assert cart["totalQuantity"] == 2
    assert cart["cost"]["subtotalAmount"] == {
        "amount": amount(price(store, 1) * 2),
        "currencyCode": "USD",
    }
    assert cart["cost"]["totalTaxAmount"] is None

    added = store.data(ADD, {"cartId": cart["id"], "lines": [{"merchandiseId": b}]})
    cart = added["cartLinesAdd"]["cart"]
    assert [line["quantity"] for line in cart["lines"]["nodes"]] == [2, 1]
    assert cart["cost"]["totalAmount"]["amount"] == amount(price(store, 1) * 2 + price(store, 2, 1))

    again = store.data(ADD, {"cartId": cart["id"], "lines": [{"merchandiseId": a, "quantity": 1}]})
    assert [ln["quantity"] for ln in again["cartLinesAdd"]["cart"]["lines"]["nodes"]] == [3, 1]

    first_line, second_line = (line["id"] for line in cart["lines"]["nodes"])
    updated = store.data(
        UPDATE, {"cartId": cart["id"], "lines": [{"id": second_line, "quantity": 4}]}
    )["cartLinesUpdate"]["cart"]
    assert updated["totalQuantity"] == 7
    line = updated["lines"]["nodes"][1]
    assert line["cost"]["subtotalAmount"]["amount"] == amount(price(store, 2, 1) * 4)

    removed = store.data(REMOVE, {"cartId": cart["id"], "lineIds": [first_line]})
    cart = removed["cartLinesRemove"]["cart"]
    assert [ln["merchandise"]["id"] for ln in cart["lines"]["nodes"]] == [b]
    assert cart["totalQuantity"] == 4

    zero = store.data(UPDATE, {"cartId": cart["id"], "lines": [{"id": second_line, "quantity": 0}]})
    assert zero["cartLinesUpdate"]["cart"]["lines"]["nodes"] == []
    assert zero["cartLinesUpdate"]["cart"]["cost"]["totalAmount"]["amount"] == "0.0"


def test_unknown_variant_is_refused_and_nothing_is_created(store: Store) -> None:
    missing = "gid://shopify/ProductVariant/1"
    created = create(store, lines=[{"merchandiseId": missing, "quantity": 1}])
    assert created["cart"] is None
    assert created["userErrors"] == [
        {
            "field": ["input", "lines", "0", "merchandiseId"],
            "message": f"The merchandise with id {missing} does not exist.",
            "code": "INVALID",
        }
    ]
    assert store.state.count("_Cart") == 0


def test_draft_product_variant_cannot_be_added(store: Store) -> None:
    cart = create(store)["cart"]
    store.edit_product(handle(2), status="DRAFT")
    variant = store.variants(handle(2))[0]["id"]
    added = store.data(ADD, {"cartId": cart["id"], "lines": [{"merchandiseId": variant}]})
    errors = added["cartLinesAdd"]["userErrors"]
    assert [e["field"] for e in errors] == [["lines", "0", "merchandiseId"]]


def test_over_stock_is_capped_with_a_warning(store: Store) -> None:
    variant = store.variants(handle(1))[0]
    store.set_stock(variant, 3)
    created = create(store, lines=[{"merchandiseId": variant["id"], "quantity": 5}])
    line = created["cart"]["lines"]["nodes"][0]
    assert line["quantity"] == 3
    assert created["warnings"] == [
        {
            "code": "MERCHANDISE_NOT_ENOUGH_STOCK",
            "message": "The merchandise does not have enough stock.",
            "target": line["id"],
        }
    ]
    more = store.data(
        ADD, {"cartId": created["cart"]["id"], "lines": [{"merchandiseId": variant["id"]}]}
    )
    assert more["cartLinesAdd"]["cart"]["totalQuantity"] == 3
    assert more["cartLinesAdd"]["warnings"][0]["code"] == "MERCHANDISE_NOT_ENOUGH_STOCK"


def test_sold_out_variant_is_not_added(store: Store) -> None:
    variant = store.variants(handle(1))[0]
    store.set_stock(variant, 0)
    created = create(store, lines=[{"merchandiseId": variant["id"], "quantity": 1}])
    assert created["cart"]["lines"]["nodes"] == []
    assert created["warnings"][0]["code"] == "MERCHANDISE_OUT_OF_STOCK"
    assert created["warnings"][0]["target"] == variant["id"]


def test_continue_policy_can_oversell(store: Store) -> None:
    variant = store.variants(handle(1))[0]
    store.set_stock(variant, 0)
    store.edit_variant(variant, inventoryPolicy="CONTINUE")
    created = create(store, lines=[{"merchandiseId": variant["id"], "quantity": 4}])
    assert created["cart"]["totalQuantity"] == 4
    assert created["warnings"] == []


def test_unknown_cart_and_line_errors(store: Store) -> None:
    cart = create(store)["cart"]
    line = "gid://shopify/CartLine/nope?cart=x"
    updated = store.data(UPDATE, {"cartId": cart["id"], "lines": [{"id": line, "quantity": 1}]})
    assert updated["cartLinesUpdate"]["userErrors"][0]["code"] == "INVALID_MERCHANDISE_LINE"
    assert updated["cartLinesUpdate"]["cart"] is None
    removed = store.data(REMOVE, {"cartId": cart["id"], "lineIds": [line]})
    assert removed["cartLinesRemove"]["userErrors"][0]["field"] == ["lineIds", "0"]
    wrong_key = cart["id"].split("?")[0] + "?key=0000"
    missing = store.data(ADD, {"cartId": wrong_key, "lines": []})
    assert missing["cartLinesAdd"]["userErrors"] == [
        {"field": ["cartId"], "message": "The specified cart does not exist.", "code": "INVALID"}
    ]


def test_buyer_identity_and_discount_codes_are_recorded(store: Store) -> None:
    cart = create(store, buyerIdentity={"email": "a@example.com"}, discountCodes=["SAVE10"])["cart"]
    assert cart["buyerIdentity"] == {"email": "a@example.com", "countryCode": None}
    assert cart["discountCodes"] == [{"code": "SAVE10", "applicable": False}]
    identity = store.data(
        f"""mutation($id: ID!) {{ cartBuyerIdentityUpdate(cartId: $id,
          buyerIdentity: {{countryCode: CA}}) {{ {PAYLOAD} }} }}""",
        {"id": cart["id"]},
    )["cartBuyerIdentityUpdate"]["cart"]
    assert identity["buyerIdentity"] == {"email": "a@example.com", "countryCode": "CA"}
    codes = store.data(
        f"""mutation($id: ID!) {{ cartDiscountCodesUpdate(cartId: $id,
          discountCodes: ["a", "A", "b"]) {{ {PAYLOAD} }} }}""",
        {"id": cart["id"]},
    )["cartDiscountCodesUpdate"]["cart"]
    assert [c["code"] for c in codes["discountCodes"]] == ["a", "b"]


def test_unsupported_inputs_are_refused(store: Store) -> None:
    body = store.query(CREATE, {"input": {"giftCardCodes": ["GIFT"]}})
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"
    assert store.state.count("_Cart") == 0
