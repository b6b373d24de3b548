"""Judge a whole products request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.3.variants.1.option_values``, as for
inventory and prices (whose shop and error helpers this reuses). Checked here: the
shape, options and variants sent together, every variant naming one declared value
for every option, SKUs unique within a product. Shopify's own catalog rules are
left to Shopify (a refusal is a dead item with its reason).
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
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["normalize"]

_SCALARS = ("title", "description_html", "vendor", "product_type", "tags", "status")


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found = normalize_batch(payload, shops, received_at, _item, noun="product", limit=MAX_ITEMS)
    return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}


def _item(
    prefix: str, raw: JSONValue, received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    if not isinstance(raw, dict):
        problems.append(FieldError(prefix.rstrip(".") or "body", "must be an object"))
        return None
    try:
        product = ProductUpsert.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    found = len(problems)
    options = [StoredOption(name=o.name, values=list(o.values)) for o in product.options or ()]
    if (product.options is None) != (product.variants is None):
        missing = "variants" if product.variants is None else "options"
        problems.append(
            FieldError(prefix + missing, "required: send options and variants together")
        )
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
        stored = StoredVariant(
            sku=variant.sku, price=variant.price, option_values=dict(variant.option_values)
        )
        if "compare_at_price" in variant.model_fields_set:
            stored["compare_at_price"] = variant.compare_at_price
        variants.append(stored)
    if len(problems) > found:
        return None
    version = product.version if product.version is not None else received_at
    item = StoredItem(handle=product.handle, version=version)
    item.update(product.model_dump(include=set(_SCALARS), exclude_none=True))  # type: ignore[typeddict-item]
    if product.options is not None:
        item["options"] = options
        item["variants"] = variants
    return item


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
