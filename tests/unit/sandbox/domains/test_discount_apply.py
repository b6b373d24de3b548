"""What basic discounts take off order lines."""

from __future__ import annotations

from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.discount_apply import Line, apply_discounts
from shopbridge.sandbox.domains.discount_mutations import discount_mutations
from shopbridge.sandbox.domains.discounts import discounts
from shopbridge.sandbox.domains.discounts_store import record_usage
from tests.unit.sandbox.domains.admining import AdminStore

CODE = """
mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) { codeDiscountNode { id } userErrors { code } }
}
"""
AUTO = """
mutation($d: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicCreate(automaticBasicDiscount: $d) {
    automaticDiscountNode { id } userErrors { code } }
}
"""
LINES = [
    Line("gid://shopify/ProductVariant/1", "gid://shopify/Product/1", 2, Decimal("10.00")),
    Line("gid://shopify/ProductVariant/2", "gid://shopify/Product/2", 1, Decimal("30.00")),
]


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return AdminStore(admin, [discounts, discount_mutations])


def make(store: AdminStore, text: str, **given: Any) -> str:
    [payload] = store.data(text, {"d": given}).values()
    assert payload["userErrors"] == []
    [node] = [v for k, v in payload.items() if k != "userErrors"]
    value: str = node["id"]
    return value


def test_percentage_code_on_all_items(store: AdminStore) -> None:
    node = make(store, CODE, title="Ten", code="TEN",
                customerGets={"value": {"percentage": 0.1}, "items": {"all": True}})  # fmt: skip
    outcome = apply_discounts(store.state, LINES, codes=["ten", "NOPE"])
    [applied] = outcome.applied
    assert (applied.node_id, applied.code, applied.discount_class) == (node, "ten", "ORDER")
    assert applied.amounts == {0: Decimal("2.00"), 1: Decimal("3.00")}
    assert outcome.rejected_codes == ["NOPE"]
    assert apply_discounts(store.state, LINES).applied == []


def test_fixed_amount_spread_and_minimum(store: AdminStore) -> None:
    gets = {"value": {"discountAmount": {"amount": "10"}}, "items": {"all": True}}
    make(store, AUTO, title="Ten off", customerGets=gets,
         minimumRequirement={"subtotal": {"greaterThanOrEqualToSubtotal": "50"}})  # fmt: skip
    [applied] = apply_discounts(store.state, LINES).applied
    assert applied.amounts == {0: Decimal("4.00"), 1: Decimal("6.00")}
    assert apply_discounts(store.state, LINES[:1]).applied == []


def test_per_item_amount_on_products_and_combinations(store: AdminStore) -> None:
    gets = {"value": {"discountAmount": {"amount": "15", "appliesOnEachItem": True}},
            "items": {"products": {"productVariantsToAdd": []}}}  # fmt: skip
    node = make(store, AUTO, title="Each", customerGets=gets)
    with store.state.transaction():
        found = store.state.edit("DiscountAutomaticNode", int(node.rsplit("/", 1)[1]))
        assert found is not None
        found["automaticDiscount"]["customerGets"]["items"]["productIds"] = [LINES[0].product_id]
        store.state.save(found)
    make(store, CODE, title="Order", code="ORDER",
         customerGets={"value": {"percentage": 0.5}, "items": {"all": True}})  # fmt: skip
    outcome = apply_discounts(store.state, LINES, codes=["ORDER"])
    assert [a.amounts for a in outcome.applied] == [{0: Decimal("20.00")}]
    assert outcome.rejected_codes == ["ORDER"]


def test_usage_limit(store: AdminStore) -> None:
    node = make(store, CODE, title="Once", code="ONCE", usageLimit=1,
                customerGets={"value": {"percentage": 0.1}, "items": {"all": True}})  # fmt: skip
    with store.state.transaction():
        record_usage(store.state, node, "once")
    assert apply_discounts(store.state, LINES, codes=["ONCE"]).applied == []
