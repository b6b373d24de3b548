"""Customers and discounts over real HTTP: upsert by email, search, a code discount."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from tests.integration.sandbox.harness import Client, running

CUSTOMER_SET = """
mutation($email: String!, $input: CustomerSetInput!) {
  customerSet(identifier: {email: $email}, input: $input) {
    customer { id email firstName tags defaultAddress { countryCodeV2 } }
    userErrors { field message code }
  }
}
"""
SEARCH = """
query($q: String!) {
  customers(first: 5, query: $q) { nodes { email } }
  customersCount(query: $q) { count }
}
"""
DISCOUNT = """
mutation($d: DiscountCodeBasicInput!) {
  discountCodeBasicCreate(basicCodeDiscount: $d) {
    codeDiscountNode { id codeDiscount { ... on DiscountCodeBasic { status title } } }
    userErrors { field message code }
  }
}
"""


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with running() as started:
        yield started


async def test_customer_set_upserts_then_search_finds_it(client: Client) -> None:
    variables = {
        "email": "ada@example.com",
        "input": {"email": "ada@example.com", "firstName": "Ada", "tags": ["vip"],
                  "addresses": [{"address1": "1 Main", "countryCode": "CA"}]},
    }  # fmt: skip
    first = await client.admin(CUSTOMER_SET, variables)
    payload = first.body["data"]["customerSet"]
    assert payload["userErrors"] == []
    variables["input"] = {"email": "ADA@example.com", "tags": ["vip", "b2b"]}
    second = (await client.admin(CUSTOMER_SET, variables)).body["data"]["customerSet"]
    assert second["customer"]["id"] == payload["customer"]["id"]
    assert second["customer"]["tags"] == ["vip", "b2b"]
    assert second["customer"]["defaultAddress"] == {"countryCodeV2": "CA"}
    found = (await client.admin(SEARCH, {"q": "tag:b2b country:CA"})).body["data"]
    assert found == {"customers": {"nodes": [{"email": "ada@example.com"}]},
                     "customersCount": {"count": 1}}  # fmt: skip


async def test_discount_code_round_trip(client: Client) -> None:
    gets = {"value": {"percentage": 0.2}, "items": {"all": True}}
    created = await client.admin(
        DISCOUNT, {"d": {"title": "Twenty", "code": "TWENTY", "customerGets": gets}}
    )
    node = created.body["data"]["discountCodeBasicCreate"]["codeDiscountNode"]
    assert node["codeDiscount"] == {"status": "ACTIVE", "title": "Twenty"}
    duplicate = await client.admin(
        DISCOUNT, {"d": {"title": "Again", "code": "twenty", "customerGets": gets}}
    )
    errors = duplicate.body["data"]["discountCodeBasicCreate"]["userErrors"]
    assert [e["code"] for e in errors] == ["TAKEN"]
    by_code = await client.admin('{ codeDiscountNodeByCode(code: "TWENTY") { id } }')
    assert by_code.body["data"]["codeDiscountNodeByCode"] == {"id": node["id"]}
