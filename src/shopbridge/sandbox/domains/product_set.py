"""``productSet``'s list semantics for options and variants.

Options: at most 3, each named once with at least one value, values unique
(``OPTIONS_OVER_LIMIT``, ``DUPLICATED_OPTION_NAME``, ``OPTION_VALUES_MISSING``,
``DUPLICATED_OPTION_VALUE``). Variants: at most 2,048 (``VARIANTS_OVER_LIMIT``), each
naming a declared value for every option, no two alike; matched to existing variants by
``id`` (``PRODUCT_VARIANT_DOES_NOT_EXIST`` when it is another product's) or else by
option values; existing variants left out are deleted with their inventory and
metafields. A variant's ``metafields`` replace its metafields, as the product's do.

Custom IDs (``identifier: {customId: {namespace, key, value}}``): the product holding
that metafield value is updated, else one is created and given it (from
``input.metafields`` when sent, else typed as its definition says, like
``customerSet``). ``input.metafields``, when sent, must carry the custom ID with the
same value (``METAFIELD_MISMATCH``), since the list replaces the product's metafields.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_inputs import (
    item_fields,
    resolve_option_values,
    variant_fields,
)
from shopbridge.sandbox.domains.catalog_store import (
    delete_variant,
    new_variant,
    update_variant,
    variant_title,
    variants_of,
)
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.custom_ids import find_by_custom_id, set_custom_id
from shopbridge.sandbox.domains.inventory_store import activate, apply_delta, level_at, quantity
from shopbridge.sandbox.domains.metafields import apply_metafield_inputs
from shopbridge.sandbox.domains.metafields_store import (
    Problem,
    delete_metafield,
    metafields_of,
    resolve_namespace,
)
from shopbridge.sandbox.payloads import UserErrors, field_path, user_error
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "MAX_VARIANTS",
    "apply_variants",
    "check_options",
    "custom_id_target",
    "give_custom_id",
]

MAX_VARIANTS: Final = 2048
MAX_OPTIONS: Final = 3


def check_options(info: Info, options: Sequence[Mapping[str, Any]]) -> None:
    def fail(code: str, *where: str | int) -> UserErrors:
        return UserErrors([user_error(info, code, field_path("input", "productOptions", *where))])

    if len(options) > MAX_OPTIONS:
        raise fail("OPTIONS_OVER_LIMIT")
    names: set[str] = set()
    for index, option in enumerate(options):
        if option.get("name") in names:
            raise fail("DUPLICATED_OPTION_NAME", index, "name")
        names.add(option.get("name") or "")
        values = [value.get("name") for value in option.get("values") or []]
        if not values:
            raise fail("OPTION_VALUES_MISSING", index, "values")
        if len(set(values)) != len(values):
            raise fail("DUPLICATED_OPTION_VALUE", index, "values")


def _set_quantities(
    state: State,
    info: Info,
    variant: Mapping[str, Any],
    given: Sequence[Mapping[str, Any]],
    prefix: tuple[str | int, ...],
    existed: bool,
) -> None:
    for index, entry in enumerate(given):
        where = (*prefix, "inventoryQuantities", index)
        location = lookup(state, entry["locationId"], "Location")
        if location is None:
            message = "The location does not exist."
            raise UserErrors(
                [user_error(info, "INVALID_INPUT", field_path(*where, "locationId"), message)]
            )
        name = entry["name"]
        if name not in {"available", "on_hand"}:
            message = "The quantity name must be either 'available' or 'on_hand'."
            raise UserErrors(
                [user_error(info, "INVALID_INPUT", field_path(*where, "name"), message)]
            )
        level = level_at(state, variant["inventoryItemId"], location["id"])
        if level is None and existed:
            message = "The variant is not stocked at this location."
            raise UserErrors(
                [user_error(info, "INVALID_INPUT", field_path(*where, "locationId"), message)]
            )
        if level is None:
            activate(state, variant["inventoryItemId"], location["id"], available=entry["quantity"])
        elif entry["quantity"] != quantity(level, name):
            apply_delta(state, level, name, entry["quantity"] - quantity(level, name))


def apply_variants(
    state: State,
    info: Info,
    product: Doc,
    given: Sequence[Mapping[str, Any]],
    currency: str,
) -> None:
    """Make ``product``'s variants exactly ``given`` (its options are already set)."""
    if len(given) > MAX_VARIANTS:
        raise UserErrors([user_error(info, "VARIANTS_OVER_LIMIT", ["input", "variants"])])
    existing = variants_of(state, product["id"])
    by_id = {variant["id"]: variant for variant in existing}
    by_values = {_values_key(v["selectedOptions"]): v for v in existing}
    kept: set[str] = set()
    seen: set[tuple[tuple[str, str], ...]] = set()
    for index, entry in enumerate(given):
        prefix: tuple[str | int, ...] = ("input", "variants", index)
        selected, code = resolve_option_values(
            product["options"], entry.get("optionValues") or [], allow_new_values=False
        )
        if code is not None:
            raise UserErrors([user_error(info, code, field_path(*prefix, "optionValues"))])
        key = _values_key(selected)
        if key in seen:
            message = f"The variant '{variant_title(selected)}' already exists."
            raise UserErrors([user_error(info, "INVALID_VARIANT", field_path(*prefix), message)])
        seen.add(key)
        target = by_id.get(entry["id"]) if entry.get("id") else by_values.get(key)
        if entry.get("id") and target is None:
            where = field_path(*prefix, "id")
            raise UserErrors([user_error(info, "PRODUCT_VARIANT_DOES_NOT_EXIST", where)])
        try:
            fields = variant_fields(entry)
        except ValueError as exc:
            where = field_path(*prefix, "price")
            raise UserErrors([user_error(info, "INVALID_VARIANT", where, str(exc))]) from exc
        if any(fields.get(k) is not None and fields[k] < 0 for k in ("price", "compareAtPrice")):
            message = "Price must be greater than or equal to 0."
            raise UserErrors(
                [user_error(info, "INVALID_VARIANT", field_path(*prefix, "price"), message)]
            )
        fields = {"position": index + 1, **fields, "selectedOptions": selected}
        items = item_fields(entry, top_level_sku=True)
        if target is not None and target["id"] not in kept:
            kept.add(target["id"])
            variant = update_variant(state, target, fields, items, currency)
            existed = True
        else:
            if entry.get("inventoryQuantities") and "tracked" not in items:
                items["tracked"] = True
            variant = new_variant(state, product["id"], fields, items, currency)
            existed = False
        _set_quantities(
            state, info, variant, entry.get("inventoryQuantities") or [], prefix, existed
        )
        if entry.get("metafields") is not None:
            apply_metafield_inputs(
                info,
                variant,
                entry["metafields"],
                (*prefix, "metafields"),
                code="INVALID_METAFIELD",
                replace=True,
            )
    for variant in existing:
        if variant["id"] not in kept:
            for metafield in metafields_of(state, variant["id"]):
                delete_metafield(state, metafield)
            delete_variant(state, variant)


def custom_id_target(
    info: Info, custom_id: Mapping[str, Any], given: Mapping[str, Any]
) -> Doc | None:
    """The product holding ``custom_id``, after checking ``input.metafields`` carry it."""
    ctx = context_of(info)
    sent = given.get("metafields")
    if sent is not None and not _carries(sent, custom_id, ctx.app):
        raise UserErrors([user_error(info, "METAFIELD_MISMATCH", ["input", "metafields"])])
    return find_by_custom_id(ctx.state, "Product", custom_id, ctx.app)


def give_custom_id(info: Info, product: Doc, custom_id: Mapping[str, Any]) -> None:
    """A product created through a custom ID carries it, so the next upsert finds it."""
    ctx = context_of(info)
    try:
        set_custom_id(ctx.state, product, custom_id, ctx.app)
    except Problem as problem:
        where = ["identifier", "customId", problem.field]
        raise UserErrors([user_error(info, "INVALID_METAFIELD", where, problem.message)]) from None


def _carries(sent: Sequence[Mapping[str, Any]], custom_id: Mapping[str, Any], app: str) -> bool:
    namespace = resolve_namespace(custom_id.get("namespace"), app)
    return any(
        resolve_namespace(entry.get("namespace"), app) == namespace
        and entry.get("key") == custom_id["key"]
        and entry.get("value") == custom_id["value"]
        for entry in sent
    )


def _values_key(selected: Sequence[Mapping[str, str]]) -> tuple[tuple[str, str], ...]:
    return tuple((option["name"], option["value"]) for option in selected)
