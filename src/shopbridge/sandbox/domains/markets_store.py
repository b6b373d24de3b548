"""Markets, market catalogs and price lists in the store (no GraphQL here).

Documents: ``Market`` (its region conditions and currency settings inside it),
``MarketCatalog`` (the markets it serves in ``marketIds``, its price list in
``priceListId``: the one place each link is kept) and ``PriceList`` (its fixed
prices under ``fixedPrices``, keyed by variant GID).

``effective_price(state, variant_gid, market_gid)`` is what a buyer in that market
pays for one unit, for checkouts and storefronts to call. Choices the sandbox makes
where Shopify converts with live exchange rates:

* a market's price list is the one of its first ``ACTIVE`` catalog (by id) that has
  one; a ``DRAFT`` market, a market without such a catalog and ``None`` give the
  variant's own price in the shop currency (no currency conversion);
* a relative price applies the parent adjustment to the variant's price *number*
  (a 1:1 rate into the list currency), rounded half up to the cent; with
  ``compareAtMode: ADJUSTED`` the compare-at price is adjusted the same way, with
  ``NULLIFY`` it is null unless a fixed price sets one.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.payloads import money_v2, parse_decimal
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CATALOG",
    "MARKET",
    "PRICE_LIST",
    "PRIMARY_MARKET_META",
    "catalogs_of",
    "conditions_of",
    "currency_setting",
    "effective_price",
    "list_price",
    "market_price_list",
    "new_market",
    "new_region",
    "primary_market",
    "region_codes",
    "regions_of",
]

MARKET: Final = "Market"
CATALOG: Final = "MarketCatalog"
PRICE_LIST: Final = "PriceList"
PRIMARY_MARKET_META: Final = "primary_market"
_CENT: Final = Decimal("0.01")


def currency_setting(code: str) -> dict[str, Any]:
    """A ``CurrencySetting`` (its ``currencyName`` is resolved from the schema)."""
    return {
        "__typename": "CurrencySetting",
        "currencyCode": code,
        "enabled": True,
        "manualRate": None,
        "rateUpdatedAt": None,
    }


def new_region(state: State, code: str, name: str, currency: str) -> Doc:
    """A ``MarketRegionCountry`` for ``code`` (its currency: the market's base currency)."""
    return {
        "__typename": "MarketRegionCountry",
        "id": state.new_gid("MarketRegionCountry"),
        "code": code,
        "name": name,
        "currency": currency_setting(currency),
    }


def regions_of(market: Mapping[str, Any]) -> list[Doc]:
    """The ``MarketRegionCountry`` documents of a market's region condition."""
    condition = (market.get("conditions") or {}).get("regionsCondition") or {}
    return list(condition.get("regions", []))


def region_codes(market: Mapping[str, Any]) -> list[str]:
    return [region["code"] for region in regions_of(market)]


def new_market(
    state: State,
    *,
    name: str,
    handle: str,
    status: str,
    regions: list[Doc],
    currency: str,
    primary: bool = False,
) -> Doc:
    """A market matching buyers in ``regions`` (type ``NONE`` without regions)."""
    now = state.now()
    return state.save(
        {
            "__typename": MARKET,
            "id": state.new_gid(MARKET),
            "name": name,
            "handle": handle,
            "status": status,
            "type": "REGION" if regions else "NONE",
            "primary": primary,
            "conditions": conditions_of(regions),
            "currencySettings": {
                "baseCurrency": currency_setting(currency),
                "localCurrencies": False,
                "roundingEnabled": True,
            },
            "createdAt": now,
            "updatedAt": now,
        }
    )


def conditions_of(regions: list[Doc]) -> dict[str, Any]:
    """A ``MarketConditions`` holding only a region condition (when there are regions)."""
    return {
        "conditionTypes": ["REGION"] if regions else [],
        "regionsCondition": (
            {"applicationLevel": "SPECIFIED", "regions": regions} if regions else None
        ),
        "companyLocationsCondition": None,
        "locationsCondition": None,
        "channelsCondition": None,
    }


def primary_market(state: State) -> Doc | None:
    value = state.get_meta(PRIMARY_MARKET_META)
    return state.get_gid(value) if value else None


def catalogs_of(state: State, market_id: str) -> list[Doc]:
    """The catalogs serving a market, by id."""
    return state.find(CATALOG, "marketIds", market_id)


def market_price_list(state: State, market_id: str) -> Doc | None:
    """The price list applying in an active market (see the module docstring)."""
    market = lookup(state, market_id, MARKET)
    if market is None or market["status"] != "ACTIVE":
        return None
    for catalog in catalogs_of(state, market_id):
        if catalog["status"] == "ACTIVE" and catalog.get("priceListId"):
            found = state.get_gid(catalog["priceListId"])
            if found is not None:
                return found
    return None


def _adjusted(amount: str | None, parent: Mapping[str, Any]) -> Decimal | None:
    if amount is None:
        return None
    adjustment = parent["adjustment"]
    percent = Decimal(str(adjustment["value"]))
    sign = 1 if adjustment["type"] == "PERCENTAGE_INCREASE" else -1
    factor = 1 + sign * percent / 100
    return (parse_decimal(amount) * factor).quantize(_CENT, rounding=ROUND_HALF_UP)


def list_price(price_list: Mapping[str, Any], variant: Mapping[str, Any]) -> dict[str, Any]:
    """The ``PriceListPrice`` of ``variant`` on ``price_list``: fixed, else relative."""
    currency = price_list["currency"]
    fixed = price_list["fixedPrices"].get(variant["id"])
    if fixed is not None:
        compare = fixed["compareAtPrice"]
        return {
            "__typename": "PriceListPrice",
            "variant": variant,
            "price": money_v2(fixed["price"], currency),
            "compareAtPrice": None if compare is None else money_v2(compare, currency),
            "originType": "FIXED",
        }
    parent = price_list["parent"]
    price = _adjusted(variant["price"], parent)
    compare_at = None
    if parent["settings"]["compareAtMode"] == "ADJUSTED":
        compare_at = _adjusted(variant.get("compareAtPrice"), parent)
    return {
        "__typename": "PriceListPrice",
        "variant": variant,
        "price": money_v2(price, currency),
        "compareAtPrice": None if compare_at is None else money_v2(compare_at, currency),
        "originType": "RELATIVE",
    }


def effective_price(state: State, variant_gid: str, market_gid: str | None) -> tuple[Decimal, str]:
    """``(amount, currency code)`` a buyer in ``market_gid`` pays for one unit.

    Raises ``LookupError`` when the variant does not exist; an unknown market counts
    as no market. See the module docstring for the sandbox's pricing choices.
    """
    variant = lookup(state, variant_gid, "ProductVariant")
    if variant is None:
        raise LookupError(f"variant {variant_gid} does not exist")
    price_list = market_price_list(state, market_gid) if market_gid else None
    if price_list is None:
        return parse_decimal(variant["price"]), shop_doc(state)["currencyCode"]
    price = list_price(price_list, variant)["price"]
    amount = parse_decimal(price["amount"]).quantize(_CENT, rounding=ROUND_HALF_UP)
    return amount, price_list["currency"]
