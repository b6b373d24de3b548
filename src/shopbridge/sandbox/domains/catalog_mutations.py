"""``productCreate``, ``productUpdate`` and ``productSet``.

``productSet`` follows its documented upsert rules: list fields (``variants``,
``productOptions``, ``tags``) replace what is there, variants missing from the list
are deleted; other fields change only when sent. Variants are matched by ``id``, else
by their option values. ``inventoryQuantities`` set the named quantity (``available``
or ``on_hand``); an existing variant can only be set at locations where it is stocked.
``metafields`` are set through ``metafields.apply_metafield_inputs`` (``productSet``
replaces the product's metafields with its list; a variant's ``metafields`` its
own). ``identifier.customId`` finds the product by custom ID
(``product_set.custom_id_target``) in ``productSet`` and ``productUpdate``; a product
``productSet`` creates through one carries it. ``productUpdate(media:)`` appends
new media (``product_media.create_media``). Fields the sandbox does not model
(``productCreate``/``productSet`` media, collections...) are refused with "not
supported by the sandbox" rather than ignored.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_inputs import option_specs, product_fields
from shopbridge.sandbox.domains.catalog_store import (
    DEFAULT_TITLE,
    handleize,
    new_product,
    new_variant,
    refresh_options,
    set_options,
    unique_handle,
    variants_of,
)
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.custom_ids import find_by_custom_id
from shopbridge.sandbox.domains.inventory_store import activate
from shopbridge.sandbox.domains.metafields import apply_metafield_inputs
from shopbridge.sandbox.domains.product_media import create_media
from shopbridge.sandbox.domains.product_set import (
    apply_variants,
    check_options,
    custom_id_target,
    give_custom_id,
)
from shopbridge.sandbox.domains.shop import primary_location, shop_doc
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["catalog_mutations", "save_product"]

catalog_mutations = Domain("catalog_mutations")

_PRODUCT_INPUTS = {
    "title", "handle", "descriptionHtml", "vendor", "productType", "status", "tags",
    "templateSuffix", "seo", "requiresSellingPlan", "giftCardTemplateSuffix", "redirectNewHandle",
}  # fmt: skip
_VARIANT_SET_INPUTS = {
    "id", "optionValues", "price", "compareAtPrice", "barcode", "inventoryPolicy", "taxable",
    "taxCode", "showUnitPrice", "requiresComponents", "position", "sku", "inventoryItem",
    "inventoryQuantities", "metafields",
}  # fmt: skip
_ITEM_INPUTS = {"sku", "tracked", "requiresShipping", "cost", "countryCodeOfOrigin",
                "provinceCodeOfOrigin", "harmonizedSystemCode", "measurement"}  # fmt: skip


def _refuse_deprecated_input(args: Mapping[str, Any], field: str, *, media: bool = False) -> None:
    if args.get("input") is not None:
        raise not_supported(f"Argument 'input' of field 'Mutation.{field}' (use 'product')")
    if args.get("media") and not media:
        raise not_supported(f"Argument 'media' of field 'Mutation.{field}'")


def _default_variant(state: State, product: Doc, currency: str) -> None:
    options = [
        {"name": o["name"], "value": o["optionValues"][0]["name"]} for o in product["options"]
    ]
    variant = new_variant(state, product["id"], {"selectedOptions": options}, {}, currency)
    location = primary_location(state)
    if location is not None:
        activate(state, variant["inventoryItemId"], location["id"])


def save_product(state: State, product: Doc) -> Doc:
    """Recompute the options from the variants and store the product."""
    refresh_options(product, variants_of(state, product["id"]), state)
    product["updatedAt"] = state.now()
    return state.save(product)


@catalog_mutations.mutation("productCreate")
def product_create(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    _refuse_deprecated_input(args, "productCreate")
    state = context_of(info).state
    given: dict[str, Any] = args.get("product") or {}
    refuse_unsupported_inputs(given, "ProductCreateInput", _PRODUCT_INPUTS | {"productOptions"})
    shop = shop_doc(state)
    if not (given.get("title") or "").strip():
        error = user_error(info, None, ["title"], "Title can't be blank")
        return {"product": None, "shop": shop, "userErrors": [error]}
    if given.get("handle") and state.find("Product", "handle", handleize(given["handle"])):
        error = user_error(
            info, None, ["handle"], f"Handle '{given['handle']}' has already been taken"
        )
        return {"product": None, "shop": shop, "userErrors": [error]}
    product = new_product(
        state, {**product_fields(given), "handle": given.get("handle")}, shop["name"]
    )
    product = dict(product)
    specs = option_specs(given.get("productOptions") or []) or [
        {"name": "Title", "values": [DEFAULT_TITLE]}
    ]
    set_options(product, specs, state)
    _default_variant(state, product, shop["currencyCode"])
    return {"product": save_product(state, product), "shop": shop, "userErrors": []}


@catalog_mutations.mutation("productUpdate")
def product_update(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    _refuse_deprecated_input(args, "productUpdate", media=True)
    state = context_of(info).state
    given: dict[str, Any] = args.get("product") or {}
    refuse_unsupported_inputs(given, "ProductUpdateInput", _PRODUCT_INPUTS | {"id", "metafields"})
    identifier = args.get("identifier") or {}
    if identifier.get("customId") is not None:
        found = find_by_custom_id(state, "Product", identifier["customId"], context_of(info).app)
    elif identifier.get("handle"):
        found = state.first("Product", "handle", identifier["handle"])
    else:
        found = lookup(state, identifier.get("id") or given.get("id"), "Product")
    if found is None:
        return {
            "product": None,
            "userErrors": [user_error(info, None, ["id"], "Product does not exist")],
        }
    product = state.edit("Product", legacy_id(found["id"]))
    assert product is not None
    if given.get("handle") is not None:
        wanted = handleize(given["handle"])
        if unique_handle(state, wanted, product["id"]) != wanted:
            error = user_error(
                info, None, ["handle"], f"Handle '{given['handle']}' has already been taken"
            )
            return {"product": None, "userErrors": [error]}
        product["handle"] = wanted
    fields = product_fields(given)
    if fields.get("title") is not None and not fields["title"].strip():
        return {
            "product": None,
            "userErrors": [user_error(info, None, ["title"], "Title can't be blank")],
        }
    if fields.get("status") == "ACTIVE" and product["publishedAt"] is None:
        product["publishedAt"] = state.now()
    product.update(fields)
    try:
        with state.savepoint():
            saved = save_product(state, product)
            apply_metafield_inputs(info, saved, given.get("metafields") or [], ("metafields",))
            create_media(info, saved, args.get("media") or [], code=None)  # appended in order
    except UserErrors as failure:
        return {"product": None, "userErrors": failure.errors}
    return {"product": saved, "userErrors": []}


def _set_target(
    state: State, info: Info, args: Mapping[str, Any]
) -> tuple[Doc | None, dict[str, Any]]:
    given: dict[str, Any] = args["input"]
    identifier = args.get("identifier") or {}
    if identifier and given.get("id"):
        raise UserErrors([user_error(info, "ID_NOT_ALLOWED", ["input", "id"])])
    if identifier.get("customId") is not None:
        return custom_id_target(info, identifier["customId"], given), given
    if identifier.get("id"):
        found = lookup(state, identifier["id"], "Product")
        if found is None:
            raise UserErrors([user_error(info, "NOT_FOUND", ["identifier", "id"])])
        return found, given
    if identifier.get("handle"):
        if given.get("handle") and given["handle"] != identifier["handle"]:
            raise UserErrors([user_error(info, "INPUT_MISMATCH", ["input", "handle"])])
        found = state.first("Product", "handle", identifier["handle"])
        return found, {**given, "handle": given.get("handle") or identifier["handle"]}
    if given.get("id"):
        found = lookup(state, given["id"], "Product")
        if found is None:
            raise UserErrors([user_error(info, "PRODUCT_DOES_NOT_EXIST", ["input", "id"])])
        return found, given
    return None, given


@catalog_mutations.mutation("productSet")
def product_set(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    if args.get("synchronous") is False:
        raise not_supported("productSet with synchronous: false")
    state = context_of(info).state
    refuse_unsupported_inputs(
        args["input"],
        "ProductSetInput",
        _PRODUCT_INPUTS | {"id", "productOptions", "variants", "metafields"},
    )
    for variant in args["input"].get("variants") or []:
        refuse_unsupported_inputs(variant, "ProductVariantSetInput", _VARIANT_SET_INPUTS)
        refuse_unsupported_inputs(variant.get("inventoryItem"), "InventoryItemInput", _ITEM_INPUTS)
    try:
        with state.savepoint():
            product = _apply_set(state, info, args)
    except UserErrors as failure:
        return {"product": None, "productSetOperation": None, "userErrors": failure.errors}
    return {"product": product, "productSetOperation": None, "userErrors": []}


def _apply_set(state: State, info: Info, args: Mapping[str, Any]) -> Doc:
    found, given = _set_target(state, info, args)
    shop = shop_doc(state)
    fields = product_fields(given)
    if found is None:
        if not (given.get("title") or "").strip():
            raise UserErrors(
                [user_error(info, "INVALID_INPUT", ["input", "title"], "Title can't be blank")]
            )
        if given.get("handle") and state.find("Product", "handle", handleize(given["handle"])):
            raise UserErrors([user_error(info, "HANDLE_NOT_UNIQUE", ["input", "handle"])])
        created = new_product(state, {**fields, "handle": given.get("handle")}, shop["name"])
        product = dict(created)
    else:
        product = state.edit("Product", legacy_id(found["id"])) or {}
        if given.get("handle") is not None:
            wanted = handleize(given["handle"])
            if unique_handle(state, wanted, product["id"]) != wanted:
                raise UserErrors([user_error(info, "HANDLE_NOT_UNIQUE", ["input", "handle"])])
            product["handle"] = wanted
        if fields.get("status") == "ACTIVE" and product["publishedAt"] is None:
            product["publishedAt"] = state.now()
        product.update(fields)
    options, variants = given.get("productOptions"), given.get("variants")
    if variants is not None and options is None:
        raise UserErrors(
            [user_error(info, "PRODUCT_OPTIONS_INPUT_MISSING", ["input", "productOptions"])]
        )
    if options is not None and variants is None:
        raise UserErrors([user_error(info, "VARIANTS_INPUT_MISSING", ["input", "variants"])])
    if options is not None and variants is not None:
        check_options(info, options)
        set_options(product, option_specs(options), state)
        apply_variants(state, info, product, variants, shop["currencyCode"])
    elif found is None:
        set_options(product, [{"name": "Title", "values": [DEFAULT_TITLE]}], state)
        _default_variant(state, product, shop["currencyCode"])
    saved = save_product(state, product)
    if given.get("metafields") is not None:
        where = ("input", "metafields")
        apply_metafield_inputs(
            info, saved, given["metafields"], where, code="INVALID_METAFIELD", replace=True
        )
    custom_id = (args.get("identifier") or {}).get("customId")
    if found is None and custom_id is not None and given.get("metafields") is None:
        give_custom_id(info, saved, custom_id)
    return saved
