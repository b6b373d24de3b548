"""Shared helpers of the markets tests: a seeded store with the markets domains."""

from __future__ import annotations

from typing import Any

from graphql import GraphQLSchema

from shopbridge.sandbox.domains.catalog import catalog
from shopbridge.sandbox.domains.discount_mutations import discount_mutations
from shopbridge.sandbox.domains.discounts import discounts
from shopbridge.sandbox.domains.market_catalog_mutations import market_catalog_mutations
from shopbridge.sandbox.domains.market_fields import market_fields
from shopbridge.sandbox.domains.market_mutations import market_mutations
from shopbridge.sandbox.domains.markets import markets
from shopbridge.sandbox.domains.price_list_mutations import price_list_mutations
from shopbridge.sandbox.domains.price_list_prices import price_list_prices
from shopbridge.sandbox.seed import seed_catalog
from tests.unit.sandbox.domains.admining import AdminStore

MARKET_CREATE = """
mutation($input: MarketCreateInput!) {
  marketCreate(input: $input) {
    market { id name handle status type enabled
      conditions { conditionTypes regionsCondition { regions(first: 10) { nodes {
        id name ... on MarketRegionCountry { code currency { currencyCode } } } } } }
      currencySettings { baseCurrency { currencyCode currencyName } localCurrencies }
      catalogs(first: 5) { nodes { id } } }
    userErrors { field message code }
  }
}
"""
CATALOG_CREATE = """
mutation($input: CatalogCreateInput!) {
  catalogCreate(input: $input) {
    catalog { id title status ... on MarketCatalog { markets(first: 5) { nodes { id } } }
      priceList { id currency } }
    userErrors { field message code }
  }
}
"""
PRICE_LIST_CREATE = """
mutation($input: PriceListCreateInput!) {
  priceListCreate(input: $input) {
    priceList { id name currency fixedPricesCount
      parent { adjustment { type value } settings { compareAtMode } }
      catalog { id title } }
    userErrors { field message code }
  }
}
"""


def market_store(admin: GraphQLSchema) -> AdminStore:
    domains = [
        catalog, discounts, discount_mutations, markets, market_fields, market_mutations,
        market_catalog_mutations, price_list_mutations, price_list_prices,
    ]  # fmt: skip
    store = AdminStore(admin, domains)
    seed_catalog(store.state, products=2, variants=2, locations=1)
    return store


def create_market(store: AdminStore, name: str, country: str, currency: str) -> str:
    given = {
        "name": name,
        "conditions": {"regionsCondition": {"regions": [{"countryCode": country}]}},
        "currencySettings": {"baseCurrency": currency},
    }
    payload = store.payload(MARKET_CREATE, {"input": given})
    assert payload["userErrors"] == [], payload
    market_id: str = payload["market"]["id"]
    return market_id


def create_catalog(store: AdminStore, title: str, *market_ids: str) -> str:
    given = {"title": title, "status": "ACTIVE", "context": {"marketIds": list(market_ids)}}
    payload = store.payload(CATALOG_CREATE, {"input": given})
    assert payload["userErrors"] == [], payload
    catalog_id: str = payload["catalog"]["id"]
    return catalog_id


def price_list_input(
    name: str, currency: str, percent: float = 10, kind: str = "PERCENTAGE_INCREASE", **more: Any
) -> dict[str, Any]:
    return {"name": name, "currency": currency,
            "parent": {"adjustment": {"type": kind, "value": percent}}, **more}  # fmt: skip


def create_price_list(store: AdminStore, name: str, currency: str, **more: Any) -> str:
    payload = store.payload(PRICE_LIST_CREATE, {"input": price_list_input(name, currency, **more)})
    assert payload["userErrors"] == [], payload
    price_list_id: str = payload["priceList"]["id"]
    return price_list_id


def variant_prices(store: AdminStore) -> dict[str, str]:
    """``{variant GID: price}`` of the seeded variants."""
    data = store.data("{ productVariants(first: 10) { nodes { id price } } }")
    return {v["id"]: v["price"] for v in data["productVariants"]["nodes"]}


def codes(payload: dict[str, Any]) -> list[tuple[str | None, list[str] | None]]:
    return [(e["code"], e["field"]) for e in payload["userErrors"]]
