"""Storefront catalog reads: ``shop``, ``paymentSettings``, ``product``, ``products``,
``productByHandle`` (deprecated, still in 2026-07), ``node`` and ``nodes``.

The storefront reads the Admin catalog's documents and shows only published
products (``storefront_stock.is_visible``): a draft product, or a variant of one,
answers ``null`` exactly like an unknown id. Product and variant fields are in
``storefront_product_fields``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.domains.core import load_node, stored_node
from shopbridge.sandbox.domains.shop import primary_location, shop_doc
from shopbridge.sandbox.domains.storefront_search import min_price, product_search
from shopbridge.sandbox.domains.storefront_stock import (
    is_visible,
    visible_product,
    visible_products,
    visible_variant,
)
from shopbridge.sandbox.gid import Gid
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["storefront_catalog"]

storefront_catalog = Domain("storefront_catalog", api="storefront")
storefront_catalog.node("Shop")(stored_node)


@storefront_catalog.node("Product")
def _load_product(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    return visible_product(ctx.state, str(gid))


@storefront_catalog.node("ProductVariant")
def _load_variant(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    return visible_variant(ctx.state, str(gid))


def _state(info: Info) -> State:
    return context_of(info).state


@storefront_catalog.query("shop")
def shop(_root: None, info: Info) -> Doc:
    return shop_doc(_state(info))


def payment_settings(state: State) -> dict[str, Any]:
    """What the sandbox knows of payments: the shop's currency and country."""
    found = shop_doc(state)
    location = primary_location(state)
    country = location["address"]["countryCode"] if location else None
    settings = {
        "currencyCode": found["currencyCode"],
        "enabledPresentmentCurrencies": found["enabledPresentmentCurrencies"],
    }
    return {**settings, "countryCode": country} if country else settings


@storefront_catalog.query("paymentSettings")
def root_payment_settings(_root: None, info: Info) -> dict[str, Any]:
    return payment_settings(_state(info))


@storefront_catalog.field("Shop", "paymentSettings")
def shop_payment_settings(_shop: Doc, info: Info) -> dict[str, Any]:
    return payment_settings(_state(info))


@storefront_catalog.query("product")
def product(
    _root: None, info: Info, id: str | None = None, handle: str | None = None
) -> Doc | None:
    state = _state(info)
    if id is not None:
        return visible_product(state, id)
    if handle is not None:
        return by_handle(state, handle)
    return None


def by_handle(state: State, handle: str) -> Doc | None:
    found = state.first("Product", "handle", handle)
    return found if found is not None and is_visible(found) else None


@storefront_catalog.query("productByHandle")
def product_by_handle(_root: None, info: Info, handle: str) -> Doc | None:
    return by_handle(_state(info), handle)


@storefront_catalog.query("products")
def products(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    """Published products; ``BEST_SELLING`` needs sales the sandbox does not rank."""
    state = _state(info)
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "TITLE": lambda p: p["title"].lower(),
            "CREATED_AT": lambda p: p["createdAt"],
            "UPDATED_AT": lambda p: p["updatedAt"],
            "VENDOR": lambda p: p["vendor"].lower(),
            "PRODUCT_TYPE": lambda p: p["productType"].lower(),
            "PRICE": lambda p: float(min_price(state, p)),
        },
        "ID",
        "QueryRoot.products",
    )
    found = filter_items(info, visible_products(state), args.get("query"), product_search(state))
    return paginate(found, args, sort_value=sort)


@storefront_catalog.query("node")
def node(_root: None, info: Info, id: str) -> Mapping[str, Any] | None:
    return load_node(info, id)


@storefront_catalog.query("nodes")
def nodes(_root: None, info: Info, ids: list[str]) -> list[Mapping[str, Any] | Exception | None]:
    """One entry per id; an id that cannot be looked up errors only its own entry."""
    found: list[Mapping[str, Any] | Exception | None] = []
    for value in ids:
        try:
            found.append(load_node(info, value))
        except GraphQLError as error:
            found.append(error)
    return found
