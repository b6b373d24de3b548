"""Computed fields of ``Market``, ``MarketCatalog``, ``PriceList`` and their parts.

``PriceList.prices`` lists every variant of the store with its price on the list:
``FIXED`` where a fixed price is set, else ``RELATIVE`` (the variant's price adjusted
by the list's parent percentage, see ``markets_store``); ``originType`` keeps one kind
and ``query`` filters on ``product_id`` and ``variant_id``. ``Market.discounts``
lists the discounts whose context names the market. ``CurrencySetting.currencyName``
is the schema's name for the currency code ("Euro", "Canadian Dollars").
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any

from graphql import GraphQLEnumType

from shopbridge.sandbox.connections import count_of, paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.discounts_store import AUTOMATIC_NODE, CODE_NODE, discount_of
from shopbridge.sandbox.domains.markets_store import catalogs_of, list_price, regions_of
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["enum_name", "market_fields"]

market_fields = Domain("market_fields")


def _state(info: Info) -> State:
    return context_of(info).state


def enum_name(info: Info, enum: str, value: str) -> str:
    """The name the schema's description gives ``enum.value``: ``CA`` -> ``Canada``."""
    type_ = info.schema.get_type(enum)
    found = type_.values.get(value) if isinstance(type_, GraphQLEnumType) else None
    text = " ".join((found.description or "").split()) if found else ""
    return re.sub(r"\s*\([A-Z]{3}\)$", "", text.rstrip(".")) or value


@market_fields.field("CurrencySetting", "currencyName")
def currency_name(setting: Doc, info: Info) -> str:
    return setting.get("currencyName") or enum_name(info, "CurrencyCode", setting["currencyCode"])


# --- Market ---------------------------------------------------------------------------


@market_fields.field("Market", "enabled")
def market_enabled(market: Doc, _info: Info) -> bool:
    return bool(market["status"] == "ACTIVE")


@market_fields.field("Market", "catalogs")
def market_catalogs(market: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(catalogs_of(_state(info), market["id"]), args)


@market_fields.field("Market", "catalogsCount")
def market_catalogs_count(market: Doc, info: Info) -> dict[str, Any]:
    return count_of(len(catalogs_of(_state(info), market["id"])), {})


@market_fields.field("Market", "priceList")
def market_price_list(market: Doc, info: Info) -> Doc | None:
    state = _state(info)
    for catalog in catalogs_of(state, market["id"]):
        if catalog.get("priceListId"):
            return state.get_gid(catalog["priceListId"])
    return None


@market_fields.field("Market", "regions")
def market_regions(market: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(regions_of(market), args)


@market_fields.field("RegionsCondition", "regions")
def condition_regions(condition: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(condition["regions"], args)


def _discounts(state: State, market_id: str) -> list[dict[str, Any]]:
    nodes = [node for kind in (CODE_NODE, AUTOMATIC_NODE) for node in state.all(kind)]
    return [
        {"__typename": "DiscountNode", "id": node["id"], "discount": discount_of(node)}
        for node in nodes
        if market_id in discount_of(node)["context"].get("marketIds", [])
    ]


@market_fields.field("Market", "discounts")
def market_discounts(market: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_discounts(_state(info), market["id"]), args)


@market_fields.field("Market", "discountsCount")
def market_discounts_count(market: Doc, info: Info) -> dict[str, Any]:
    return count_of(len(_discounts(_state(info), market["id"])), {})


# --- MarketCatalog ----------------------------------------------------------------------


def _catalog_markets(info: Info, catalog: Doc, args: Mapping[str, Any]) -> list[Doc]:
    state = _state(info)
    found = [m for m in (state.get_gid(v) for v in catalog["marketIds"]) if m is not None]
    if args.get("status"):
        found = [m for m in found if m["status"] == args["status"]]
    if args.get("type"):
        found = [m for m in found if m["type"] == args["type"]]
    return found


@market_fields.field("MarketCatalog", "markets")
def catalog_markets(catalog: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_catalog_markets(info, catalog, args), args)


_NAME_SEARCH = SearchSpec(
    filters={"id": Filter("id", lambda m: m["id"]), "name": Filter("text", lambda m: m["name"])},
    default=lambda m: [m["name"]],
)


@market_fields.field("MarketCatalog", "marketsCount")
def catalog_markets_count(catalog: Doc, info: Info, **args: Any) -> dict[str, Any]:
    found = filter_items(
        info, _catalog_markets(info, catalog, args), args.get("query"), _NAME_SEARCH
    )
    return count_of(len(found), args)


@market_fields.field("MarketCatalog", "priceList")
def catalog_price_list(catalog: Doc, info: Info) -> Doc | None:
    value = catalog.get("priceListId")
    return _state(info).get_gid(value) if value else None


# --- PriceList --------------------------------------------------------------------------


@market_fields.field("PriceList", "catalog")
def price_list_catalog(price_list: Doc, info: Info) -> Doc | None:
    return _state(info).first("MarketCatalog", "priceListId", price_list["id"])


def _fixed_variants(state: State, price_list: Mapping[str, Any]) -> list[Doc]:
    found = (state.get_gid(v) for v in price_list["fixedPrices"])
    return sorted((v for v in found if v is not None), key=lambda v: legacy_id(v["id"]))


@market_fields.field("PriceList", "fixedPricesCount")
def fixed_prices_count(price_list: Doc, info: Info) -> int:
    return len(_fixed_variants(_state(info), price_list))


_PRICE_SEARCH = SearchSpec(
    filters={
        "variant_id": Filter("id", lambda p: p["variant"]["id"]),
        "product_id": Filter("id", lambda p: p["variant"]["productId"]),
    },
    default=lambda p: [p["variant"].get("title")],
)


@market_fields.field("PriceList", "prices")
def price_list_prices(price_list: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    origin = args.get("originType")
    if origin == "FIXED":
        variants = _fixed_variants(state, price_list)
    else:
        variants = state.all("ProductVariant")
        if origin == "RELATIVE":
            variants = [v for v in variants if v["id"] not in price_list["fixedPrices"]]
    prices = [list_price(price_list, variant) for variant in variants]
    prices = filter_items(info, prices, args.get("query"), _PRICE_SEARCH)
    return paginate(prices, args, item_id=lambda p: legacy_id(p["variant"]["id"]))
