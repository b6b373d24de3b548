"""Basic code and automatic discounts: create, update, (de)activate, delete, queries."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.discount_mutations import discount_mutations
from shopbridge.sandbox.domains.discounts import discounts
from shopbridge.sandbox.seed import seed_catalog
from tests.unit.sandbox.domains.admining import AdminStore

DISCOUNT = """
title status startsAt endsAt summary discountClasses tags
combinesWith { orderDiscounts productDiscounts shippingDiscounts }
customerGets { value { __typename ... on DiscountPercentage { percentage }
                       ... on DiscountAmount { amount { amount currencyCode } appliesOnEachItem } }
               items { __typename ... on AllDiscountItems { allItems }
                       ... on DiscountProducts { products(first: 5) { nodes { id } } } } }
minimumRequirement { __typename ... on DiscountMinimumSubtotal {
  greaterThanOrEqualToSubtotal { amount } } }
context { __typename ... on DiscountBuyerSelectionAll { all } }
"""
CODE_CREATE = f"""
mutation($d: DiscountCodeBasicInput!) {{
  discountCodeBasicCreate(basicCodeDiscount: $d) {{
    codeDiscountNode {{ id codeDiscount {{ __typename ... on DiscountCodeBasic {{
      {DISCOUNT} usageLimit appliesOncePerCustomer codes(first: 5) {{ nodes {{ code }} }}
      codesCount {{ count }} }} }} }}
    userErrors {{ field message code }}
  }}
}}
"""
CODE_UPDATE = """
mutation($id: ID!, $d: DiscountCodeBasicInput!) {
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic {
      title codes(first: 5) { nodes { code } } } } }
    userErrors { field message code }
  }
}
"""
AUTO_CREATE = f"""
mutation($d: DiscountAutomaticBasicInput!) {{
  discountAutomaticBasicCreate(automaticBasicDiscount: $d) {{
    automaticDiscountNode {{ id automaticDiscount {{ ... on DiscountAutomaticBasic {{
      {DISCOUNT} }} }} }}
    userErrors {{ field message code }}
  }}
}}
"""
SWITCH = """
mutation($id: ID!) {
  off: discountCodeDeactivate(id: $id) {
    codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status } } }
    userErrors { code } }
  on: discountCodeActivate(id: $id) {
    codeDiscountNode { codeDiscount { ... on DiscountCodeBasic { status endsAt } } }
    userErrors { code } }
}
"""
PERCENT_ALL = {"value": {"percentage": 0.1}, "items": {"all": True}}


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    found = AdminStore(admin, [discounts, discount_mutations])
    seed_catalog(found.state, products=2, variants=1, locations=1)
    return found


def code_discount(store: AdminStore, **given: Any) -> dict[str, Any]:
    body = {"title": "Ten", "code": "TEN", "customerGets": PERCENT_ALL, **given}
    payload = store.payload(CODE_CREATE, {"d": body})
    assert payload["userErrors"] == [], payload
    node: dict[str, Any] = payload["codeDiscountNode"]
    return node


def test_registry_fields_exist_in_the_schema(store: AdminStore) -> None:
    assert store.registry.unknown_fields() == []


def test_code_discount_create(store: AdminStore) -> None:
    minimum = {"subtotal": {"greaterThanOrEqualToSubtotal": "50"}}
    node = code_discount(
        store, usageLimit=5, endsAt="2099-01-01T00:00:00Z", minimumRequirement=minimum
    )
    discount = node["codeDiscount"]
    assert node["id"].startswith("gid://shopify/DiscountCodeNode/")
    assert discount["__typename"] == "DiscountCodeBasic"
    assert (discount["title"], discount["status"], discount["usageLimit"]) == ("Ten", "ACTIVE", 5)
    assert discount["codes"]["nodes"] == [{"code": "TEN"}]
    assert discount["codesCount"] == {"count": 1}
    assert discount["customerGets"]["value"] == {
        "__typename": "DiscountPercentage",
        "percentage": 0.1,
    }
    assert discount["customerGets"]["items"] == {"__typename": "AllDiscountItems", "allItems": True}
    assert discount["discountClasses"] == ["ORDER"]
    assert discount["summary"] == "10% off entire order"
    assert discount["minimumRequirement"]["greaterThanOrEqualToSubtotal"] == {"amount": "50.0"}
    assert discount["context"] == {"__typename": "DiscountBuyerSelectionAll", "all": "ALL"}
    assert discount["combinesWith"] == {
        "orderDiscounts": False, "productDiscounts": False, "shippingDiscounts": False
    }  # fmt: skip


def test_scheduled_and_product_discount(store: AdminStore) -> None:
    product = store.state.all("Product")[0]["id"]
    gets = {"value": {"discountAmount": {"amount": "5", "appliesOnEachItem": True}},
            "items": {"products": {"productsToAdd": [product]}}}  # fmt: skip
    payload = store.payload(
        AUTO_CREATE, {"d": {"title": "Later", "startsAt": "2099-01-01", "customerGets": gets}}
    )
    discount = payload["automaticDiscountNode"]["automaticDiscount"]
    assert discount["status"] == "SCHEDULED"
    assert discount["discountClasses"] == ["PRODUCT"]
    assert discount["customerGets"]["items"]["products"]["nodes"] == [{"id": product}]
    assert discount["customerGets"]["value"]["amount"] == {"amount": "5.0", "currencyCode": "USD"}


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"title": ""}, "BLANK", ["basicCodeDiscount", "title"]),
        ({"code": " "}, "BLANK", ["basicCodeDiscount", "code"]),
        ({"code": "x" * 256}, "TOO_LONG", ["basicCodeDiscount", "code"]),
        ({"startsAt": "2030-01-02T00:00:00Z", "endsAt": "2030-01-01T00:00:00Z"},
         "END_DATE_BEFORE_START_DATE", ["basicCodeDiscount", "endsAt"]),
        ({"customerGets": {"value": {"percentage": 1.5}, "items": {"all": True}}},
         "VALUE_OUTSIDE_RANGE", ["basicCodeDiscount", "customerGets", "value", "percentage"]),
        ({"customerGets": {"value": {"percentage": 0.5, "discountAmount": {"amount": "1"}},
                           "items": {"all": True}}},
         "TOO_MANY_ARGUMENTS", ["basicCodeDiscount", "customerGets", "value"]),
        ({"customerGets": {"value": {"percentage": 0.5},
                           "items": {"products": {"productsToAdd": ["gid://shopify/Product/1"]}}}},
         "INVALID", ["basicCodeDiscount", "customerGets", "items", "products"]),
        ({"usageLimit": 0}, "GREATER_THAN", ["basicCodeDiscount", "usageLimit"]),
        ({"minimumRequirement": {"quantity": {"greaterThanOrEqualToQuantity": "2"},
                                 "subtotal": {"greaterThanOrEqualToSubtotal": "2"}}},
         "MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT",
         ["basicCodeDiscount", "minimumRequirement"]),
    ],
)  # fmt: skip
def test_create_errors(
    store: AdminStore, given: dict[str, Any], code: str, field: list[str]
) -> None:
    body = {"title": "T", "code": "C", "customerGets": PERCENT_ALL, **given}
    payload = store.payload(CODE_CREATE, {"d": body})
    assert payload["codeDiscountNode"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)]
    assert store.state.count("DiscountCodeNode") == 0


def test_codes_are_unique_ignoring_case(store: AdminStore) -> None:
    code_discount(store)
    body = {"title": "x", "code": "ten", "customerGets": PERCENT_ALL}
    payload = store.payload(CODE_CREATE, {"d": body})
    assert payload["userErrors"][0]["code"] == "TAKEN"


def test_update_changes_code_and_title(store: AdminStore) -> None:
    node = code_discount(store)
    payload = store.payload(CODE_UPDATE, {"id": node["id"], "d": {"title": "New", "code": "NEW"}})
    assert payload["codeDiscountNode"]["codeDiscount"] == {
        "title": "New", "codes": {"nodes": [{"code": "NEW"}]}
    }  # fmt: skip
    missing = store.payload(CODE_UPDATE, {"id": "gid://shopify/DiscountCodeNode/1", "d": {}})
    assert missing["userErrors"][0]["code"] == "INVALID"


def test_deactivate_then_activate(store: AdminStore) -> None:
    node = code_discount(store)
    data = store.data(SWITCH, {"id": node["id"]})
    assert data["off"]["codeDiscountNode"]["codeDiscount"]["status"] == "EXPIRED"
    assert data["on"]["codeDiscountNode"]["codeDiscount"] == {"status": "ACTIVE", "endsAt": None}


def test_queries_and_delete(store: AdminStore) -> None:
    node = code_discount(store)
    auto = store.payload(AUTO_CREATE, {"d": {"title": "Auto", "customerGets": PERCENT_ALL}})
    auto_id = auto["automaticDiscountNode"]["id"]
    query = """
    query($q: String, $id: ID!) {
      discountNodes(first: 10, query: $q) { nodes { id discount { __typename
        ... on DiscountAutomaticBasic { title } ... on DiscountCodeBasic { title } } } }
      discountNodesCount(query: $q) { count }
      discountNode(id: $id) { id }
      codeDiscountNodeByCode(code: "ten") { id }
      automaticDiscountNodes(first: 5) { nodes { id } }
    }
    """
    data = store.data(query, {"q": "method:automatic", "id": node["id"]})
    assert data["discountNodes"]["nodes"] == [
        {"id": auto_id, "discount": {"__typename": "DiscountAutomaticBasic", "title": "Auto"}}
    ]
    assert data["discountNodesCount"] == {"count": 1}
    assert data["discountNode"] == {"id": node["id"]}
    assert data["codeDiscountNodeByCode"] == {"id": node["id"]}
    assert data["automaticDiscountNodes"]["nodes"] == [{"id": auto_id}]
    active = store.data(query, {"q": "code:TEN status:active", "id": auto_id})
    assert active["discountNodesCount"] == {"count": 1}
    deleted = store.payload(
        "mutation($id: ID!) { discountCodeDelete(id: $id) "
        "{ deletedCodeDiscountId userErrors { code } } }",
        {"id": node["id"]},
    )
    assert deleted == {"deletedCodeDiscountId": node["id"], "userErrors": []}
    assert store.data(query, {"q": None, "id": node["id"]})["discountNode"] is None
