"""Storefront fields of ``Product``, ``ProductOption`` and ``ProductVariant``.

They are computed from the Admin documents: prices become ``MoneyV2`` in the shop's
currency, availability follows stock (``storefront_stock``), option values without
variants are hidden. Choices made where the schema leaves room:

* ``quantityAvailable`` is the ``available`` quantity summed over locations, whether
  or not the item is tracked (the Admin's ``inventoryQuantity``);
* ``compareAtPriceRange`` is zero when no variant has a compare-at price (the field
  is non-null);
* ``variantBySelectedOptions`` answers the first variant (by position) whose options
  include every given one, so a partial selection matches too;
* images and media: the sandbox's Admin state has no media documents yet, so they
  are truthfully empty; once a store holds ``MediaImage`` documents they answer "not
  supported by the sandbox" rather than a wrong empty list.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_fields import (
    available_quantity,
    product_description,
    sku_of,
    total_inventory,
    variant_sort,
)
from shopbridge.sandbox.domains.catalog_store import item_of, variants_of
from shopbridge.sandbox.domains.storefront_stock import (
    price_of,
    product_available,
    sellable_limit,
    shop_money,
    variant_available,
)
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["storefront_product_fields"]

storefront_product_fields = Domain("storefront_product_fields", api="storefront")
product_fields = storefront_product_fields


def _state(info: Info) -> State:
    return context_of(info).state


def _no_media(state: State, where: str) -> None:
    """Refuse to answer "no images" once the store has media it cannot show yet."""
    if state.count("MediaImage"):
        raise not_supported(f"Field '{where}' for stores with media")


# --- Product -------------------------------------------------------------------------


@product_fields.field("Product", "availableForSale")
def product_available_for_sale(product: Doc, info: Info) -> bool:
    return product_available(_state(info), product)


@product_fields.field("Product", "description")
def product_text(product: Doc, info: Info, truncateAt: int | None = None) -> str:
    return product_description(product, info, truncateAt)


def _range(state: State, product: Doc, key: str) -> dict[str, Any]:
    prices = [price_of(v, key) for v in variants_of(state, product["id"])]
    known = [p for p in prices if p is not None] or [Decimal(0)]
    return {
        "minVariantPrice": shop_money(state, min(known)),
        "maxVariantPrice": shop_money(state, max(known)),
    }


@product_fields.field("Product", "priceRange")
def product_price_range(product: Doc, info: Info) -> dict[str, Any]:
    return _range(_state(info), product, "price")


@product_fields.field("Product", "compareAtPriceRange")
def product_compare_at_price_range(product: Doc, info: Info) -> dict[str, Any]:
    return _range(_state(info), product, "compareAtPrice")


@product_fields.field("Product", "totalInventory")
def product_total_inventory(product: Doc, info: Info) -> int:
    return total_inventory(_state(info), product)


@product_fields.field("Product", "options")
def product_options(product: Doc, _info: Info, first: int | None = None) -> list[dict[str, Any]]:
    """The options with only the values some variant uses (each knows its product)."""
    options = [
        {
            **option,
            "optionValues": [
                {**value, "productId": product["id"], "optionName": option["name"]}
                for value in option["optionValues"]
                if value.get("hasVariants", True)
            ],
        }
        for option in product["options"]
    ]
    return options[:first] if first is not None else options


@product_fields.field("ProductOptionValue", "firstSelectableVariant")
def option_value_first_variant(value: Doc, info: Info) -> Doc | None:
    chosen = {"name": value["optionName"], "value": value["name"]}
    for variant in variants_of(_state(info), value["productId"]):
        if chosen in variant["selectedOptions"]:
            return variant
    return None


@product_fields.field("Product", "variants")
def product_variants(product: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    sort = variant_sort(state, args, "Product.variants", "POSITION")
    return paginate(variants_of(state, product["id"]), args, sort_value=sort)


@product_fields.field("Product", "variantsCount")
def product_variants_count(product: Doc, info: Info) -> dict[str, Any]:
    return {"count": len(variants_of(_state(info), product["id"])), "precision": "EXACT"}


def _matching(
    variants: Sequence[Doc], selected: Sequence[Mapping[str, str]], args: Mapping[str, Any]
) -> Doc | None:
    insensitive = bool(args.get("caseInsensitiveMatch"))

    def fold(text: str) -> str:
        return text.lower() if insensitive else text

    names = {fold(o["name"]) for v in variants for o in v["selectedOptions"]}
    wanted = {(fold(o["name"]), fold(o["value"])) for o in selected}
    if args.get("ignoreUnknownOptions"):
        wanted = {(name, value) for name, value in wanted if name in names}
    for variant in variants:
        has = {(fold(o["name"]), fold(o["value"])) for o in variant["selectedOptions"]}
        if wanted <= has:
            return variant
    return None


@product_fields.field("Product", "variantBySelectedOptions")
def product_variant_by_options(product: Doc, info: Info, **args: Any) -> Doc | None:
    return _matching(variants_of(_state(info), product["id"]), args["selectedOptions"], args)


@product_fields.field("Product", "selectedOrFirstAvailableVariant")
def product_selected_or_first(product: Doc, info: Info, **args: Any) -> Doc | None:
    state = _state(info)
    variants = variants_of(state, product["id"])
    if args.get("selectedOptions"):
        found = _matching(variants, args["selectedOptions"], args)
        if found is not None:
            return found
    available = [v for v in variants if variant_available(state, v)]
    return next(iter(available or variants), None)


@product_fields.field("Product", "featuredImage")
def product_featured_image(_product: Doc, info: Info) -> None:
    _no_media(_state(info), "Product.featuredImage")


@product_fields.field("Product", "images")
def product_images(_product: Doc, info: Info, **args: Any) -> dict[str, Any]:
    _no_media(_state(info), "Product.images")
    return paginate([], args)


@product_fields.field("Product", "media")
def product_media(_product: Doc, info: Info, **args: Any) -> dict[str, Any]:
    _no_media(_state(info), "Product.media")
    return paginate([], args)


# --- ProductVariant ------------------------------------------------------------------


def _money(info: Info, variant: Doc, key: str) -> dict[str, Any] | None:
    price = price_of(variant, key)
    return None if price is None else shop_money(_state(info), price)


@product_fields.field("ProductVariant", "price")
def variant_price(variant: Doc, info: Info) -> dict[str, Any] | None:
    return _money(info, variant, "price")


@product_fields.field("ProductVariant", "priceV2")
def variant_price_v2(variant: Doc, info: Info) -> dict[str, Any] | None:
    return _money(info, variant, "price")


@product_fields.field("ProductVariant", "compareAtPrice")
def variant_compare_at(variant: Doc, info: Info) -> dict[str, Any] | None:
    return _money(info, variant, "compareAtPrice")


@product_fields.field("ProductVariant", "compareAtPriceV2")
def variant_compare_at_v2(variant: Doc, info: Info) -> dict[str, Any] | None:
    return _money(info, variant, "compareAtPrice")


@product_fields.field("ProductVariant", "sku")
def variant_sku(variant: Doc, info: Info) -> str | None:
    return sku_of(_state(info), variant)


@product_fields.field("ProductVariant", "availableForSale")
def variant_available_for_sale(variant: Doc, info: Info) -> bool:
    return variant_available(_state(info), variant)


@product_fields.field("ProductVariant", "quantityAvailable")
def variant_quantity_available(variant: Doc, info: Info) -> int:
    return available_quantity(_state(info), variant)


@product_fields.field("ProductVariant", "currentlyNotInStock")
def variant_not_in_stock(variant: Doc, info: Info) -> bool:
    """Out of stock but still sellable: a tracked ``CONTINUE`` variant at 0 or below."""
    state = _state(info)
    tracked = bool(item_of(state, variant)["tracked"])
    return (
        tracked
        and sellable_limit(state, variant) is None
        and available_quantity(state, variant) <= 0
    )


@product_fields.field("ProductVariant", "product")
def variant_product(variant: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(variant["productId"])


@product_fields.field("ProductVariant", "requiresShipping")
def variant_requires_shipping(variant: Doc, info: Info) -> bool:
    return bool(item_of(_state(info), variant)["requiresShipping"])


@product_fields.field("ProductVariant", "weight")
def variant_weight(variant: Doc, info: Info) -> float:
    return float(item_of(_state(info), variant)["measurement"]["weight"]["value"])


@product_fields.field("ProductVariant", "weightUnit")
def variant_weight_unit(variant: Doc, info: Info) -> str:
    unit: str = item_of(_state(info), variant)["measurement"]["weight"]["unit"]
    return unit


@product_fields.field("ProductVariant", "image")
def variant_image(_variant: Doc, info: Info) -> None:
    _no_media(_state(info), "ProductVariant.image")


@product_fields.field("ProductVariant", "selectedOptions")
def variant_selected_options(variant: Doc, _info: Info) -> list[dict[str, str]]:
    return [{"name": o["name"], "value": o["value"]} for o in variant["selectedOptions"]]
