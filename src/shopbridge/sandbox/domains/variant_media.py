"""Variant media: ``ProductVariant.media``, ``productVariantAppendMedia``/``DetachMedia``.

A variant's media live in an internal ``_VariantMedia`` document (``files_store``).
``productVariantAppendMedia`` appends media of the variant's product, refusing media
not on the product (``MEDIA_DOES_NOT_EXIST_ON_PRODUCT``), media still processing
(``NON_READY_MEDIA``), a variant that already shows a medium
(``PRODUCT_VARIANT_ALREADY_HAS_MEDIA``: a variant shows one), more than one medium per
variant (``TOO_MANY_MEDIA_PER_INPUT_PAIR``), a variant of another product
(``PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT``) and a variant named twice
(``PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES``); ``productVariantDetachMedia`` takes
media off (``MEDIA_IS_NOT_ATTACHED_TO_VARIANT``). Each is all or nothing.
"""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.files_store import (
    media_ids_of,
    set_variant_media_ids,
    variant_media_ids,
)
from shopbridge.sandbox.domains.product_media import MEDIA_TYPES, media_error
from shopbridge.sandbox.payloads import UserErrors, field_path, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["variant_media"]

variant_media = Domain("variant_media")


def _state(info: Info) -> State:
    return context_of(info).state


@variant_media.field("ProductVariant", "media")
def variant_media_field(variant: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    found = [state.get_gid(media_id) for media_id in variant_media_ids(state, variant["id"])]
    media = [doc for doc in found if doc is not None and doc["__typename"] in MEDIA_TYPES]
    order = {doc["id"]: index for index, doc in enumerate(media)}
    sort = sort_function(
        args,
        {"POSITION": lambda m: order[m["id"]], "ID": None},
        "POSITION",
        "ProductVariant.media",
    )
    return paginate(media, args, sort_value=sort)


def _variant_pairs(
    info: Info, product: Doc, pairs: list[dict[str, Any]], *, append: bool
) -> list[Doc]:
    """Check every ``{variantId, mediaIds}`` pair, then apply them; ``UserErrors`` first."""
    state = _state(info)
    on_product = media_ids_of(state, product["id"])
    seen: set[str] = set()
    variants: list[Doc] = []
    for index, pair in enumerate(pairs):

        def fail(code: str, *where: str | int, at: int = index) -> UserErrors:
            return media_error(info, code, field_path("variantMedia", at, *where))

        variant = lookup(state, pair["variantId"], "ProductVariant")
        if variant is None or variant["productId"] != product["id"]:
            raise fail("PRODUCT_VARIANT_DOES_NOT_EXIST_ON_PRODUCT", "variantId")
        if variant["id"] in seen:
            raise fail("PRODUCT_VARIANT_SPECIFIED_MULTIPLE_TIMES", "variantId")
        seen.add(variant["id"])
        shown = variant_media_ids(state, variant["id"])
        if append and len(pair["mediaIds"]) > 1:
            raise fail("TOO_MANY_MEDIA_PER_INPUT_PAIR", "mediaIds")
        if append and shown:
            raise fail("PRODUCT_VARIANT_ALREADY_HAS_MEDIA", "variantId")
        for position, media_id in enumerate(pair["mediaIds"]):
            if media_id not in on_product:
                raise fail("MEDIA_DOES_NOT_EXIST_ON_PRODUCT", "mediaIds", position)
            doc = state.get_gid(media_id)
            if append and (doc is None or doc["fileStatus"] != "READY"):
                raise fail("NON_READY_MEDIA", "mediaIds", position)
            if not append and media_id not in shown:
                raise fail("MEDIA_IS_NOT_ATTACHED_TO_VARIANT", "mediaIds", position)
        variants.append(variant)
    for variant, pair in zip(variants, pairs, strict=True):
        shown = variant_media_ids(state, variant["id"])
        kept = (
            [*shown, *pair["mediaIds"]]
            if append
            else [media_id for media_id in shown if media_id not in pair["mediaIds"]]
        )
        set_variant_media_ids(state, variant["id"], product["id"], kept)
    return variants


def _variant_media_mutation(
    info: Info, productId: str, variantMedia: list[dict[str, Any]], *, append: bool
) -> dict[str, Any]:
    state = _state(info)
    product = lookup(state, productId, "Product")
    if product is None:
        error = user_error(info, "PRODUCT_DOES_NOT_EXIST", ["productId"])
        return {"product": None, "productVariants": None, "userErrors": [error]}
    try:
        variants = _variant_pairs(info, product, variantMedia, append=append)
    except UserErrors as failure:
        return {"product": product, "productVariants": None, "userErrors": failure.errors}
    return {"product": product, "productVariants": variants, "userErrors": []}


@variant_media.mutation("productVariantAppendMedia")
def product_variant_append_media(
    _root: None, info: Info, productId: str, variantMedia: list[dict[str, Any]]
) -> dict[str, Any]:
    return _variant_media_mutation(info, productId, variantMedia, append=True)


@variant_media.mutation("productVariantDetachMedia")
def product_variant_detach_media(
    _root: None, info: Info, productId: str, variantMedia: list[dict[str, Any]]
) -> dict[str, Any]:
    return _variant_media_mutation(info, productId, variantMedia, append=False)
