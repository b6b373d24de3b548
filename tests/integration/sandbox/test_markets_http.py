"""Markets over real HTTP: a market, its catalog and price list, fixed and relative prices."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import Client, running

SETUP = """
mutation($market: MarketCreateInput!) {
  marketCreate(input: $market) { market { id name type } userErrors { code } }
}
"""
CATALOG = """
mutation($input: CatalogCreateInput!) {
  catalogCreate(input: $input) { catalog { id } userErrors { code } }
}
"""
PRICE_LIST = """
mutation($input: PriceListCreateInput!) {
  priceListCreate(input: $input) { priceList { id catalog { id } } userErrors { code } }
}
"""
FIXED = """
mutation($id: ID!, $prices: [PriceListPriceInput!]!) {
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) {
    prices { originType price { amount currencyCode } } userErrors { field code }
  }
}
"""
PRICES = """
query($id: ID!) {
  priceList(id: $id) { fixedPricesCount
    prices(first: 2) { nodes { variant { id price } originType price { amount } } } }
}
"""


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with running() as started:
        seed_catalog(started.sandbox.state, products=1, variants=2, locations=1)
        yield started


async def test_market_catalog_price_list_round_trip(client: Client) -> None:
    market_input = {
        "name": "France",
        "conditions": {"regionsCondition": {"regions": [{"countryCode": "FR"}]}},
        "currencySettings": {"baseCurrency": "EUR"},
    }
    reply = await client.admin(SETUP, {"market": market_input})
    market = reply.body["data"]["marketCreate"]["market"]
    assert (market["name"], market["type"]) == ("France", "REGION")
    given = {"title": "FR", "status": "ACTIVE", "context": {"marketIds": [market["id"]]}}
    catalog = (await client.admin(CATALOG, {"input": given})).body["data"]["catalogCreate"]
    catalog_id = catalog["catalog"]["id"]
    price_list_input = {
        "name": "Euro",
        "currency": "EUR",
        "catalogId": catalog_id,
        "parent": {"adjustment": {"type": "PERCENTAGE_DECREASE", "value": 50}},
    }
    created = await client.admin(PRICE_LIST, {"input": price_list_input})
    price_list = created.body["data"]["priceListCreate"]["priceList"]
    assert price_list["catalog"] == {"id": catalog_id}
    before = (await client.admin(PRICES, {"id": price_list["id"]})).body["data"]["priceList"]
    first, second = before["prices"]["nodes"]
    assert first["originType"] == "RELATIVE"
    assert float(first["price"]["amount"]) == pytest.approx(float(first["variant"]["price"]) / 2)
    wrong = {"variantId": first["variant"]["id"], "price": {"amount": "5", "currencyCode": "USD"}}
    refused = await client.admin(FIXED, {"id": price_list["id"], "prices": [wrong]})
    errors = refused.body["data"]["priceListFixedPricesAdd"]["userErrors"]
    assert errors == [{"field": ["prices", "0", "price", "currencyCode"],
                       "code": "PRICE_LIST_CURRENCY_MISMATCH"}]  # fmt: skip
    right = {**wrong, "price": {"amount": "5", "currencyCode": "EUR"}}
    added = await client.admin(FIXED, {"id": price_list["id"], "prices": [right]})
    assert added.body["data"]["priceListFixedPricesAdd"]["prices"] == [
        {"originType": "FIXED", "price": {"amount": "5.0", "currencyCode": "EUR"}}
    ]
    after = (await client.admin(PRICES, {"id": price_list["id"]})).body["data"]["priceList"]
    assert after["fixedPricesCount"] == 1
    assert [p["originType"] for p in after["prices"]["nodes"]] == ["FIXED", "RELATIVE"]
    assert after["prices"]["nodes"][1] == second
