"""Judge a whole products request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.3.variants.1.option_values``, as for
inventory and prices (whose shop and error helpers this reuses). Checked here: the
shape, one identity (``handle``, or ``sku`` or ``external_id`` but not both), a
``sku`` identity being one of the variants sent, options and variants sent together,
every variant naming one declared value for every option, SKUs unique within a
product, each metafield once per list and the custom ID's metafield agreeing with
``external_id``. Shopify's own catalog rules are left to Shopify (a refusal is a
dead item with its reason).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.products.document import (
    MAX_ITEMS,
    ProductUpsert,
    StoredDocument,
    StoredItem,
    StoredOption,
    StoredVariant,
)
from shopbridge.sources.products.metafields import Metafield, StoredMetafield, check_metafields
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["judge_item", "normalize"]

_SCALARS = (
    "handle", "sku", "title", "description_html", "vendor", "product_type", "tags", "status",
)  # fmt: skip


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found = normalize_batch(
        payload, shops, received_at, judge_item, noun="product", limit=MAX_ITEMS
    )
    return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}


def judge_item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    """One product as stored, or ``None`` with its problems added (paths under ``prefix``)."""
    found = len(problems)
    _check_identity(prefix, raw, problems)
    try:
        product = ProductUpsert.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    _check_sku_identity(prefix, product, problems)
    options = [StoredOption(name=o.name, values=list(o.values)) for o in product.options or ()]
    if (product.options is None) != (product.variants is None):
        missing = "variants" if product.variants is None else "options"
        problems.append(
            FieldError(prefix + missing, "required: send options and variants together")
        )
    check_metafields(prefix + "metafields", product.metafields or (), product.external_id, problems)
    variants = _variants(prefix, product, options, problems)
    if len(problems) > found:
        return None
    version = product.version if product.version is not None else received_at
    item = StoredItem(version=version)
    item.update(product.model_dump(include=set(_SCALARS), exclude_none=True))  # type: ignore[typeddict-item]
    if product.external_id is not None:
        item["external_id"] = product.external_id.model_dump()  # type: ignore[typeddict-item]
    if product.options is not None:
        item["options"] = options
        item["variants"] = variants
    if product.metafields is not None:
        item["metafields"] = _stored(product.metafields)
    return item


def _check_identity(prefix: str, raw: Mapping[str, JSONValue], problems: list[FieldError]) -> None:
    """One identity (judged on the raw item, so it is reported beside any shape error)."""
    sku, external_id = raw.get("sku"), raw.get("external_id")
    if sku is not None and external_id is not None:
        problems.append(FieldError(prefix + "sku", "give sku or external_id, not both"))
    elif sku is None and external_id is None and raw.get("handle") is None:
        problems.append(FieldError(prefix + "handle", "required: give handle, sku or external_id"))


def _check_sku_identity(prefix: str, product: ProductUpsert, problems: list[FieldError]) -> None:
    variant_skus = {variant.sku for variant in product.variants or ()}
    if product.sku is not None and product.variants is not None and product.sku not in variant_skus:
        problems.append(
            FieldError(
                prefix + "sku",
                "must be the SKU of one of the variants sent (the product is found by it)",
            )
        )


def _variants(
    prefix: str,
    product: ProductUpsert,
    options: list[StoredOption],
    problems: list[FieldError],
) -> list[StoredVariant]:
    declared = {option["name"]: set(option["values"]) for option in options}
    variants: list[StoredVariant] = []
    skus: set[str] = set()
    for index, variant in enumerate(product.variants or ()):
        where = f"{prefix}variants.{index}."
        if variant.sku in skus:
            problems.append(FieldError(where + "sku", f"'{variant.sku}' is already a variant's"))
        skus.add(variant.sku)
        if product.options is not None:
            _check_values(where + "option_values", variant.option_values, declared, problems)
        check_metafields(where + "metafields", variant.metafields or (), None, problems)
        stored = StoredVariant(
            sku=variant.sku, price=variant.price, option_values=dict(variant.option_values)
        )
        if "compare_at_price" in variant.model_fields_set:
            stored["compare_at_price"] = variant.compare_at_price
        if variant.metafields is not None:
            stored["metafields"] = _stored(variant.metafields)
        variants.append(stored)
    return variants


def _stored(metafields: list[Metafield]) -> list[StoredMetafield]:
    return [StoredMetafield(**m.model_dump()) for m in metafields]  # type: ignore[typeddict-item]


def _check_values(
    where: str,
    given: Mapping[str, str],
    declared: Mapping[str, set[str]],
    problems: list[FieldError],
) -> None:
    for name, value in given.items():
        if name not in declared:
            problems.append(FieldError(f"{where}.{name}", "not one of the product's options"))
        elif value not in declared[name]:
            problems.append(FieldError(f"{where}.{name}", f"'{value}' is not a value of '{name}'"))
    for name in declared.keys() - given.keys():
        problems.append(FieldError(f"{where}.{name}", "required: a value for every option"))
