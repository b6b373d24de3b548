"""``productVariantsBulkUpdate`` and ``productVariantsBulkCreate``.

Update: every variant needs its ``id`` and must belong to the product; prices must
not be negative; ``inventoryQuantities`` are refused (``NO_INVENTORY_QUANTITIES_ON_
VARIANTS_UPDATE``: quantities change through the inventory mutations). Without
``allowPartialUpdates`` one error keeps every variant unchanged; with it the valid
ones are saved. The SKU goes under ``inventoryItem.sku``. Create: each variant names a
value for every option (new values are added to the option), no two variants alike
(``VARIANT_ALREADY_EXISTS``); ``inventoryQuantities`` stock the new variant; the
``strategy`` decides what happens to a standalone variant (default: the lone "Default
Title" variant is deleted).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_inputs import (
    item_fields,
    resolve_option_values,
    variant_fields,
)
from shopbridge.sandbox.domains.catalog_mutations import save_product
from shopbridge.sandbox.domains.catalog_store import (
    DEFAULT_TITLE,
    delete_variant,
    new_variant,
    update_variant,
    variants_of,
)
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.inventory_store import activate
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["variant_mutations"]

variant_mutations = Domain("variant_mutations")

_INPUTS: Final = {
    "id", "price", "compareAtPrice", "barcode", "inventoryPolicy", "taxable", "taxCode",
    "showUnitPrice", "requiresComponents", "inventoryItem", "optionValues", "inventoryQuantities",
}  # fmt: skip
_ITEM_INPUTS: Final = {"sku", "tracked", "requiresShipping", "cost", "countryCodeOfOrigin",
                       "provinceCodeOfOrigin", "harmonizedSystemCode", "measurement"}  # fmt: skip

Payload = dict[str, Any]


def _product(info: Info, args: Mapping[str, Any], field: str) -> Doc:
    if args.get("media"):
        raise not_supported(f"Argument 'media' of field 'Mutation.{field}'")
    for entry in args["variants"]:
        refuse_unsupported_inputs(entry, "ProductVariantsBulkInput", _INPUTS)
        refuse_unsupported_inputs(entry.get("inventoryItem"), "InventoryItemInput", _ITEM_INPUTS)
    state = context_of(info).state
    found = lookup(state, args["productId"], "Product")
    product = state.edit("Product", legacy_id(found["id"])) if found is not None else None
    if product is None:
        raise UserErrors([user_error(info, "PRODUCT_DOES_NOT_EXIST", ["productId"])])
    return product


def _checked_fields(info: Info, entry: Mapping[str, Any], prefix: list[str]) -> dict[str, Any]:
    try:
        fields = variant_fields(entry)
    except ValueError as exc:
        raise UserErrors([user_error(info, "INVALID_INPUT", [*prefix, "price"], str(exc))]) from exc
    for key in ("price", "compareAtPrice"):
        if fields.get(key) is not None and fields[key] < 0:
            raise UserErrors([user_error(info, "GREATER_THAN_OR_EQUAL_TO", [*prefix, key])])
    return fields


def _combination(selected: list[dict[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((option["name"], option["value"]) for option in selected)


def _options(
    info: Info, product: Doc, entry: Mapping[str, Any], prefix: list[str], taken: set[Any]
) -> list[dict[str, str]]:
    selected, code = resolve_option_values(
        product["options"], entry["optionValues"], allow_new_values=True
    )
    if code is not None:
        raise UserErrors([user_error(info, code, [*prefix, "optionValues"])])
    if _combination(selected) in taken:
        raise UserErrors([user_error(info, "VARIANT_ALREADY_EXISTS", [*prefix, "optionValues"])])
    taken.add(_combination(selected))
    return selected


@variant_mutations.mutation("productVariantsBulkUpdate")
def variants_bulk_update(_root: None, info: Info, **args: Any) -> Payload:
    state = context_of(info).state
    try:
        product = _product(info, args, "productVariantsBulkUpdate")
    except UserErrors as failure:
        return {"product": None, "productVariants": None, "userErrors": failure.errors}
    currency = shop_doc(state)["currencyCode"]
    existing = {v["id"]: v for v in variants_of(state, product["id"])}
    errors: list[dict[str, Any]] = []
    updated: list[Doc] = []
    try:
        with state.savepoint():
            for index, entry in enumerate(args["variants"]):
                try:
                    updated.append(
                        _update_one(info, state, product, existing, entry, index, currency)
                    )
                except UserErrors as failure:
                    errors += failure.errors
            if errors and not args.get("allowPartialUpdates"):
                raise UserErrors(errors)
            saved = save_product(state, product)
    except UserErrors as failure:
        return {"product": None, "productVariants": None, "userErrors": failure.errors}
    return {"product": saved, "productVariants": updated, "userErrors": errors}


def _update_one(
    info: Info,
    state: State,
    product: Doc,
    existing: dict[str, Doc],
    entry: Mapping[str, Any],
    index: int,
    currency: str,
) -> Doc:
    prefix = field_path("variants", index)
    if entry.get("inventoryQuantities"):
        where = [*prefix, "inventoryQuantities"]
        raise UserErrors([user_error(info, "NO_INVENTORY_QUANTITIES_ON_VARIANTS_UPDATE", where)])
    if not entry.get("id"):
        raise UserErrors([user_error(info, "PRODUCT_VARIANT_ID_MISSING", [*prefix, "id"])])
    variant = existing.get(entry["id"])
    if variant is None:
        raise UserErrors([user_error(info, "PRODUCT_VARIANT_DOES_NOT_EXIST", [*prefix, "id"])])
    fields = _checked_fields(info, entry, prefix)
    if entry.get("optionValues"):
        others = {
            _combination(v["selectedOptions"])
            for v in existing.values()
            if v["id"] != variant["id"]
        }
        fields["selectedOptions"] = _options(info, product, entry, prefix, others)
    fresh = update_variant(state, variant, fields, item_fields(entry), currency)
    existing[fresh["id"]] = fresh
    return fresh


@variant_mutations.mutation("productVariantsBulkCreate")
def variants_bulk_create(_root: None, info: Info, **args: Any) -> Payload:
    state = context_of(info).state
    currency = shop_doc(state)["currencyCode"]
    try:
        with state.savepoint():
            product = _product(info, args, "productVariantsBulkCreate")
            before = variants_of(state, product["id"])
            taken = {_combination(v["selectedOptions"]) for v in before}
            created = [
                _create_one(
                    info,
                    state,
                    product,
                    entry,
                    field_path("variants", index),
                    taken,
                    currency,
                    len(before) + index + 1,
                )
                for index, entry in enumerate(args["variants"])
            ]
            strategy = args.get("strategy") or "DEFAULT"
            if (
                len(before) == 1
                and created
                and (
                    strategy == "REMOVE_STANDALONE_VARIANT"
                    or (strategy == "DEFAULT" and before[0]["title"] == DEFAULT_TITLE)
                )
            ):
                delete_variant(state, before[0])
                _drop_unused_default_option(product)
            saved = save_product(state, product)
    except UserErrors as failure:
        return {"product": None, "productVariants": None, "userErrors": failure.errors}
    return {"product": saved, "productVariants": created, "userErrors": []}


def _create_one(
    info: Info,
    state: State,
    product: Doc,
    entry: Mapping[str, Any],
    prefix: list[str],
    taken: set[Any],
    currency: str,
    position: int,
) -> Doc:
    if entry.get("id"):
        raise UserErrors([user_error(info, "NO_KEY_ON_CREATE", [*prefix, "id"])])
    if not entry.get("optionValues"):
        raise UserErrors([user_error(info, "NEED_TO_ADD_OPTION_VALUES", [*prefix, "optionValues"])])
    fields = _checked_fields(info, entry, prefix)
    fields["selectedOptions"] = _options(info, product, entry, prefix, taken)
    fields.setdefault("position", position)
    items = item_fields(entry)
    quantities = entry.get("inventoryQuantities") or []
    if quantities and "tracked" not in items:
        items["tracked"] = True
    variant = new_variant(state, product["id"], fields, items, currency)
    for index, stock in enumerate(quantities):
        location = lookup(state, stock["locationId"], "Location")
        if location is None:
            where = [*prefix, "inventoryQuantities", str(index), "locationId"]
            raise UserErrors([user_error(info, "TRACKED_VARIANT_LOCATION_NOT_FOUND", where)])
        activate(state, variant["inventoryItemId"], location["id"], stock["availableQuantity"])
    return variant


def _drop_unused_default_option(product: Doc) -> None:
    product["options"] = [
        option
        for option in product["options"]
        if not (
            option["name"] == "Title"
            and [v["name"] for v in option["optionValues"]] == [DEFAULT_TITLE]
        )
    ]
