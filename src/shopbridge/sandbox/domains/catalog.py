"""Reading the catalog: products and variants, by id, handle, SKU and search.

Queries: ``product``, ``products``, ``productsCount``, ``productByIdentifier``
(``id``/``handle``/``customId``), ``productByHandle``, ``productVariant``,
``productVariants``, ``productVariantsCount``, ``productVariantByIdentifier``
(``id``/``customId``; custom IDs as ``custom_ids.find_by_custom_id``), plus the computed
fields of ``Product`` and ``ProductVariant``. Mutations are in ``catalog_mutations``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_fields import (
    available_quantity,
    has_only_default_variant,
    sku_of,
    total_inventory,
    variant_sort,
)
from shopbridge.sandbox.domains.catalog_store import variants_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.custom_ids import find_by_custom_id
from shopbridge.sandbox.domains.inventory_store import levels_of_item
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["catalog"]

catalog = Domain("catalog")
catalog.node("Product")(stored_node)
catalog.node("ProductVariant")(stored_node)


def _state(info: Info) -> State:
    return context_of(info).state


def _product_search(state: State) -> SearchSpec:
    def variants(product: Mapping[str, Any]) -> list[Doc]:
        return variants_of(state, product["id"])

    return SearchSpec(
        filters={
            "id": Filter("id", lambda p: p["id"]),
            "title": Filter("text", lambda p: p["title"]),
            "handle": Filter("keyword", lambda p: p["handle"], multi=True),
            "status": Filter("keyword", lambda p: p["status"], multi=True),
            "vendor": Filter("keyword", lambda p: p["vendor"]),
            "product_type": Filter("keyword", lambda p: p["productType"]),
            "tag": Filter("keyword", lambda p: p["tags"]),
            "created_at": Filter("time", lambda p: p["createdAt"]),
            "updated_at": Filter("time", lambda p: p["updatedAt"]),
            "published_at": Filter("time", lambda p: p["publishedAt"]),
            "gift_card": Filter("boolean", lambda p: p["isGiftCard"]),
            "sku": Filter("keyword", lambda p: [sku_of(state, v) for v in variants(p)]),
            "barcode": Filter("keyword", lambda p: [v["barcode"] for v in variants(p)]),
            "variant_id": Filter("id", lambda p: [v["id"] for v in variants(p)]),
            "variant_title": Filter("text", lambda p: [v["title"] for v in variants(p)]),
            "price": Filter("number", lambda p: [v["price"] for v in variants(p)]),
            "inventory_total": Filter("number", lambda p: total_inventory(state, p)),
            "has_only_default_variant": Filter(
                "boolean", lambda p: has_only_default_variant(state, p)
            ),
        },
        default=lambda p: [p["title"], p["vendor"], p["productType"], p["handle"], *p["tags"]],
    )


def _variant_search(state: State) -> SearchSpec:
    def product(variant: Mapping[str, Any]) -> Doc:
        found = state.get_gid(variant["productId"])
        assert found is not None
        return found

    def option(n: int) -> Filter:
        return Filter("keyword", lambda v: [o["value"] for o in v["selectedOptions"][n - 1 : n]])

    return SearchSpec(
        filters={
            "id": Filter("id", lambda v: v["id"]),
            "sku": Filter("keyword", lambda v: sku_of(state, v)),
            "barcode": Filter("keyword", lambda v: v["barcode"]),
            "title": Filter("text", lambda v: v["title"]),
            "product_id": Filter("id", lambda v: v["productId"]),
            "product_ids": Filter("id", lambda v: v["productId"], multi=True),
            "product_status": Filter("keyword", lambda v: product(v)["status"], multi=True),
            "product_type": Filter("keyword", lambda v: product(v)["productType"]),
            "vendor": Filter("keyword", lambda v: product(v)["vendor"]),
            "tag": Filter("keyword", lambda v: product(v)["tags"]),
            "taxable": Filter("boolean", lambda v: v["taxable"]),
            "updated_at": Filter("time", lambda v: v["updatedAt"]),
            "inventory_quantity": Filter("number", lambda v: available_quantity(state, v)),
            "location_id": Filter(
                "id",
                lambda v: [
                    lvl["locationId"] for lvl in levels_of_item(state, v["inventoryItemId"])
                ],
            ),
            "gift_card": Filter("boolean", lambda v: product(v)["isGiftCard"]),
            "requires_components": Filter("boolean", lambda v: v["requiresComponents"]),
            "option1": option(1),
            "option2": option(2),
            "option3": option(3),
        },
        default=lambda v: [v["title"], sku_of(state, v), v["barcode"], product(v)["title"]],
    )


def _products(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    if args.get("savedSearchId"):
        raise not_supported("Argument 'savedSearchId' of field 'QueryRoot.products'")
    state = _state(info)
    return filter_items(info, state.all("Product"), args.get("query"), _product_search(state))


@catalog.query("product")
def product(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, "Product")


@catalog.query("products")
def products(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "TITLE": lambda p: p["title"].lower(),
            "CREATED_AT": lambda p: p["createdAt"],
            "UPDATED_AT": lambda p: p["updatedAt"],
            "PUBLISHED_AT": lambda p: p["publishedAt"],
            "VENDOR": lambda p: p["vendor"].lower(),
            "PRODUCT_TYPE": lambda p: p["productType"].lower(),
            "INVENTORY_TOTAL": lambda p: total_inventory(state, p),
        },
        "ID",
        "QueryRoot.products",
    )
    return paginate(_products(info, args), args, sort_value=sort)


@catalog.query("productsCount")
def products_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_products(info, args)), args)


def _by_identifier(info: Info, identifier: Mapping[str, Any]) -> Doc | None:
    state = _state(info)
    if identifier.get("customId") is not None:
        return find_by_custom_id(state, "Product", identifier["customId"], context_of(info).app)
    if identifier.get("handle") is not None:
        return state.first("Product", "handle", identifier["handle"])
    return lookup(state, identifier.get("id"), "Product")


@catalog.query("productByIdentifier")
def product_by_identifier(_root: None, info: Info, identifier: dict[str, Any]) -> Doc | None:
    return _by_identifier(info, identifier)


@catalog.query("productByHandle")
def product_by_handle(_root: None, info: Info, handle: str) -> Doc | None:
    return _state(info).first("Product", "handle", handle)


def _variants(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    if args.get("savedSearchId"):
        raise not_supported("Argument 'savedSearchId' of field 'QueryRoot.productVariants'")
    state = _state(info)
    return filter_items(
        info, state.all("ProductVariant"), args.get("query"), _variant_search(state)
    )


@catalog.query("productVariant")
def product_variant(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, "ProductVariant")


@catalog.query("productVariants")
def product_variants(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = variant_sort(_state(info), args, "QueryRoot.productVariants", "ID")
    return paginate(_variants(info, args), args, sort_value=sort)


@catalog.query("productVariantsCount")
def product_variants_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_variants(info, args)), args)


@catalog.query("productVariantByIdentifier")
def product_variant_by_identifier(
    _root: None, info: Info, identifier: dict[str, Any]
) -> Doc | None:
    if identifier.get("customId") is not None:
        custom_id = identifier["customId"]
        return find_by_custom_id(_state(info), "ProductVariant", custom_id, context_of(info).app)
    return lookup(_state(info), identifier.get("id"), "ProductVariant")
