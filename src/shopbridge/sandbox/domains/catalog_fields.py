"""Computed fields of ``Product`` and ``ProductVariant`` (counts, stock, prices, links)."""

from __future__ import annotations

import html
import re
from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shopbridge.sandbox.connections import encode_cursor, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_store import DEFAULT_TITLE, item_of, variants_of
from shopbridge.sandbox.domains.inventory_store import levels_of_item, quantity
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import money_v2
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "available_quantity",
    "catalog_fields",
    "has_only_default_variant",
    "sku_of",
    "total_inventory",
    "variant_sort",
]

catalog_fields = Domain("catalog_fields")


def _state(info: Info) -> State:
    return context_of(info).state


def available_quantity(state: State, variant: Mapping[str, Any]) -> int:
    """``available`` summed over every location stocking the variant."""
    return sum(
        quantity(level, "available") for level in levels_of_item(state, variant["inventoryItemId"])
    )


def sku_of(state: State, variant: Mapping[str, Any]) -> str | None:
    sku: str | None = item_of(state, variant)["sku"]
    return sku


def total_inventory(state: State, product: Mapping[str, Any]) -> int:
    return sum(
        available_quantity(state, v)
        for v in variants_of(state, product["id"])
        if item_of(state, v)["tracked"]
    )


def has_only_default_variant(state: State, product: Mapping[str, Any]) -> bool:
    found = variants_of(state, product["id"])
    return len(found) == 1 and found[0]["title"] == DEFAULT_TITLE


def variant_sort(state: State, args: Mapping[str, Any], where: str, default: str) -> Any:
    """The sort value of a variants connection's ``sortKey``."""
    return sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "POSITION": lambda v: v["position"],
            "SKU": lambda v: (sku_of(state, v) or "").lower(),
            "TITLE": lambda v: v["title"].lower(),
            "INVENTORY_QUANTITY": lambda v: available_quantity(state, v),
        },
        default,
        where,
    )


@catalog_fields.field("Product", "variants")
def product_variants_field(product: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    sort = variant_sort(state, args, "Product.variants", "POSITION")
    return paginate(variants_of(state, product["id"]), args, sort_value=sort)


@catalog_fields.field("Product", "variantsCount")
def product_variants_count_field(product: Doc, info: Info) -> dict[str, Any]:
    return {"count": len(variants_of(_state(info), product["id"])), "precision": "EXACT"}


@catalog_fields.field("Product", "totalVariants")
def product_total_variants(product: Doc, info: Info) -> int:
    return len(variants_of(_state(info), product["id"]))


@catalog_fields.field("Product", "totalInventory")
def producttotal_inventory(product: Doc, info: Info) -> int:
    return total_inventory(_state(info), product)


@catalog_fields.field("Product", "tracksInventory")
def product_tracks_inventory(product: Doc, info: Info) -> bool:
    state = _state(info)
    return any(item_of(state, v)["tracked"] for v in variants_of(state, product["id"]))


@catalog_fields.field("Product", "hasOnlyDefaultVariant")
def producthas_only_default_variant(product: Doc, info: Info) -> bool:
    return has_only_default_variant(_state(info), product)


@catalog_fields.field("Product", "hasOutOfStockVariants")
def product_out_of_stock(product: Doc, info: Info) -> bool:
    state = _state(info)
    return any(
        item_of(state, v)["tracked"] and available_quantity(state, v) <= 0
        for v in variants_of(state, product["id"])
    )


def _price_range(info: Info, product: Doc, key: str) -> dict[str, Any] | None:
    state = _state(info)
    prices = [Decimal(v[key]) for v in variants_of(state, product["id"]) if v[key] is not None]
    if not prices:
        return None
    currency = shop_doc(state)["currencyCode"]
    return {"min": money_v2(min(prices), currency), "max": money_v2(max(prices), currency)}


@catalog_fields.field("Product", "priceRangeV2")
def product_price_range(product: Doc, info: Info) -> dict[str, Any]:
    found = _price_range(info, product, "price")
    currency = shop_doc(_state(info))["currencyCode"]
    zero = money_v2(0, currency)
    found = found or {"min": zero, "max": zero}
    return {"minVariantPrice": found["min"], "maxVariantPrice": found["max"]}


@catalog_fields.field("Product", "compareAtPriceRange")
def product_compare_at_range(product: Doc, info: Info) -> dict[str, Any] | None:
    found = _price_range(info, product, "compareAtPrice")
    if found is None:
        return None
    return {"minVariantCompareAtPrice": found["min"], "maxVariantCompareAtPrice": found["max"]}


@catalog_fields.field("Product", "description")
def product_description(product: Doc, _info: Info, truncateAt: int | None = None) -> str:
    text = html.unescape(re.sub(r"<[^>]+>", " ", product["descriptionHtml"]))
    text = " ".join(text.split())
    return text[:truncateAt] if truncateAt is not None else text


@catalog_fields.field("Product", "options")
def product_options(product: Doc, _info: Info, first: int | None = None) -> list[Any]:
    options: list[Any] = product["options"]
    return options[:first] if first is not None else options


@catalog_fields.field("Product", "defaultCursor")
def product_default_cursor(product: Doc, _info: Info) -> str:
    return encode_cursor(legacy_id(product["id"]), None)


# --- ProductVariant fields ------------------------------------------------------------


@catalog_fields.field("ProductVariant", "product")
def variant_product(variant: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(variant["productId"])


@catalog_fields.field("ProductVariant", "inventoryItem")
def variant_inventory_item(variant: Doc, info: Info) -> Doc:
    return item_of(_state(info), variant)


@catalog_fields.field("ProductVariant", "sku")
def variantsku_of(variant: Doc, info: Info) -> str | None:
    return sku_of(_state(info), variant)


@catalog_fields.field("ProductVariant", "inventoryQuantity")
def variant_inventory_quantity(variant: Doc, info: Info) -> int:
    return available_quantity(_state(info), variant)


@catalog_fields.field("ProductVariant", "displayName")
def variant_display_name(variant: Doc, info: Info) -> str:
    found = _state(info).get_gid(variant["productId"])
    return f"{found['title'] if found else ''} - {variant['title']}"


@catalog_fields.field("ProductVariant", "availableForSale")
def variant_available(variant: Doc, info: Info) -> bool:
    state = _state(info)
    found = state.get_gid(variant["productId"])
    if found is None or found["status"] != "ACTIVE":
        return False
    if not item_of(state, variant)["tracked"] or variant["inventoryPolicy"] == "CONTINUE":
        return True
    return available_quantity(state, variant) > 0


@catalog_fields.field("ProductVariant", "selectedOptions")
def variant_selected_options(variant: Doc, info: Info) -> list[dict[str, Any]]:
    found = _state(info).get_gid(variant["productId"]) or {"options": []}
    values = {
        (option["name"], value["name"]): value
        for option in found["options"]
        for value in option["optionValues"]
    }
    return [
        {**selected, "optionValue": values.get((selected["name"], selected["value"]))}
        for selected in variant["selectedOptions"]
    ]


@catalog_fields.field("ProductVariant", "defaultCursor")
def variant_default_cursor(variant: Doc, _info: Info) -> str:
    return encode_cursor(legacy_id(variant["id"]), None)
