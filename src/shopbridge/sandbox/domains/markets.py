"""Reading markets, catalogs and price lists; the primary market at start.

Queries: ``markets`` (``type``, ``query``, ``sortKey``), ``market``, ``catalogs``
(``type``, ``query``, ``sortKey``), ``catalog``, ``catalogsCount``, ``priceList``,
``priceLists``. Only market catalogs exist in the sandbox, so ``type`` other than
``MARKET`` finds nothing. The computed fields are in ``market_fields``; mutations in
``market_mutations``, ``market_catalog_mutations``, ``price_list_mutations`` and
``price_list_prices``.

The bootstrap gives the store, once, its primary market: one region, the country of
the primary location, named after it, in the shop currency (kept in step when the
shop currency setting changes).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.markets_store import (
    CATALOG,
    MARKET,
    PRICE_LIST,
    PRIMARY_MARKET_META,
    currency_setting,
    new_market,
    new_region,
    primary_market,
)
from shopbridge.sandbox.domains.shop import primary_location, shop_doc
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["markets"]

markets = Domain("markets")
markets.node(MARKET)(stored_node)
markets.node(CATALOG)(stored_node)
markets.node(PRICE_LIST)(stored_node)


def _state(info: Info) -> State:
    return context_of(info).state


@markets.bootstrap
def _bootstrap(state: State, _config: SandboxConfig) -> None:
    currency = shop_doc(state)["currencyCode"]
    market = primary_market(state)
    if market is None:
        location = primary_location(state)
        if location is None:
            raise LookupError("the store has no location; run the shop bootstrap first")
        code, name = location["address"]["countryCode"], location["address"]["country"]
        created = new_market(
            state,
            name=name,
            handle=code.lower(),
            status="ACTIVE",
            regions=[new_region(state, code, name, currency)],
            currency=currency,
            primary=True,
        )
        state.set_meta(PRIMARY_MARKET_META, created["id"])
    elif market["currencySettings"]["baseCurrency"]["currencyCode"] != currency:
        doc = dict(market)
        doc["currencySettings"] = {
            **market["currencySettings"],
            "baseCurrency": currency_setting(currency),
        }
        state.save({**doc, "updatedAt": state.now()})


_MARKET_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda m: m["id"]),
        "name": Filter("text", lambda m: m["name"]),
        "status": Filter("keyword", lambda m: m["status"], multi=True),
        "market_type": Filter("keyword", lambda m: m["type"], multi=True),
        "market_condition_types": Filter(
            "keyword", lambda m: m["conditions"]["conditionTypes"], multi=True
        ),
    },
    default=lambda m: [m["name"], m["handle"]],
)
_MARKET_SORTS = {
    "ID": None,
    "NAME": lambda m: m["name"].lower(),
    "STATUS": lambda m: m["status"],
    "MARKET_TYPE": lambda m: m["type"],
    "MARKET_CONDITION_TYPES": lambda m: ",".join(m["conditions"]["conditionTypes"]),
    "CREATED_AT": lambda m: m["createdAt"],
    "UPDATED_AT": lambda m: m["updatedAt"],
}


@markets.query("markets")
def resolve_markets(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    found = _state(info).all(MARKET)
    if args.get("type"):
        found = [m for m in found if m["type"] == args["type"]]
    found = filter_items(info, found, args.get("query"), _MARKET_SEARCH)
    sort = sort_function(args, _MARKET_SORTS, "ID", "QueryRoot.markets")
    return paginate(found, args, sort_value=sort)


@markets.query("market")
def resolve_market(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, MARKET)


_CATALOG_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda c: c["id"]),
        "title": Filter("text", lambda c: c["title"]),
        "status": Filter("keyword", lambda c: c["status"], multi=True),
        "market_id": Filter("id", lambda c: c["marketIds"]),
    },
    default=lambda c: [c["title"]],
)


def _catalogs(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    if args.get("type") not in (None, "MARKET"):
        return []
    found = _state(info).all(CATALOG)
    return filter_items(info, found, args.get("query"), _CATALOG_SEARCH)


@markets.query("catalogs")
def resolve_catalogs(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {"ID": None, "RELEVANCE": None, "TYPE": None, "TITLE": lambda c: c["title"].lower()},
        "ID",
        "QueryRoot.catalogs",
    )
    return paginate(_catalogs(info, args), args, sort_value=sort)


@markets.query("catalogsCount")
def resolve_catalogs_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_catalogs(info, args)), args)


@markets.query("catalog")
def resolve_catalog(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, CATALOG)


@markets.query("priceList")
def resolve_price_list(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, PRICE_LIST)


@markets.query("priceLists")
def resolve_price_lists(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args, {"ID": None, "NAME": lambda p: p["name"].lower()}, "ID", "QueryRoot.priceLists"
    )
    return paginate(_state(info).all(PRICE_LIST), args, sort_value=sort)
