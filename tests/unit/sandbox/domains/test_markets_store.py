"""effective_price: what a buyer in a market pays for one unit."""

from __future__ import annotations

from decimal import Decimal

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.markets_store import effective_price
from tests.unit.sandbox.domains.admining import AdminStore
from tests.unit.sandbox.domains.pricing import (
    create_catalog,
    create_market,
    create_price_list,
    market_store,
    variant_prices,
)

ADD = """
mutation($id: ID!, $prices: [PriceListPriceInput!]!) {
  priceListFixedPricesAdd(priceListId: $id, prices: $prices) { userErrors { code } }
}
"""
DRAFT = """
mutation($id: ID!) { marketUpdate(id: $id, input: {status: DRAFT}) { userErrors { code } } }
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return market_store(admin)


def test_effective_price_per_market(store: AdminStore) -> None:
    base = variant_prices(store)
    first, second = list(base)[:2]
    market = create_market(store, "France", "FR", "EUR")
    catalog = create_catalog(store, "FR", market)
    state = store.state
    assert effective_price(state, first, None) == (Decimal(base[first]), "USD")
    assert effective_price(state, first, market) == (Decimal(base[first]), "USD")
    price_list = create_price_list(store, "Euro", "EUR", percent=20, catalogId=catalog)
    fixed = {"variantId": first, "price": {"amount": "7.5", "currencyCode": "EUR"}}
    store.payload(ADD, {"id": price_list, "prices": [fixed]})
    assert effective_price(state, first, market) == (Decimal("7.50"), "EUR")
    relative = (Decimal(base[second]) * Decimal("1.2")).quantize(Decimal("0.01"))
    assert effective_price(state, second, market) == (relative, "EUR")
    store.payload(DRAFT, {"id": market})
    assert effective_price(state, first, market) == (Decimal(base[first]), "USD")


def test_unknown_variant_raises(store: AdminStore) -> None:
    with pytest.raises(LookupError):
        effective_price(store.state, "gid://shopify/ProductVariant/1", None)
