"""Reading the catalog mutations' input objects into document fields."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.payloads import parse_decimal

__all__ = [
    "PRODUCT_SCALARS",
    "VARIANT_SCALARS",
    "item_fields",
    "option_specs",
    "product_fields",
    "resolve_option_values",
    "variant_fields",
]

# Input fields copied as they are onto the product / variant document.
PRODUCT_SCALARS: Final = (
    "title",
    "descriptionHtml",
    "vendor",
    "productType",
    "status",
    "tags",
    "templateSuffix",
    "requiresSellingPlan",
    "giftCardTemplateSuffix",
)
VARIANT_SCALARS: Final = (
    "barcode",
    "inventoryPolicy",
    "taxable",
    "taxCode",
    "showUnitPrice",
    "requiresComponents",
    "position",
)
_ITEM_FIELDS: Final = (
    "sku",
    "tracked",
    "requiresShipping",
    "cost",
    "countryCodeOfOrigin",
    "provinceCodeOfOrigin",
    "harmonizedSystemCode",
    "measurement",
)


def product_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """The product document fields an input sets (only those it sends)."""
    fields = {key: given[key] for key in PRODUCT_SCALARS if key in given}
    if "seo" in given:
        seo = given["seo"] or {}
        fields["seo"] = {"title": seo.get("title"), "description": seo.get("description")}
    if fields.get("tags") is None and "tags" in fields:
        fields["tags"] = []
    return fields


def variant_fields(given: Mapping[str, Any]) -> dict[str, Any]:
    """Variant document fields; raises ``ValueError`` for a price that is not a number."""
    fields = {key: given[key] for key in VARIANT_SCALARS if key in given}
    for key in ("price", "compareAtPrice"):
        if key in given:
            value = given[key]
            fields[key] = None if value is None else parse_decimal(value)
    return fields


def item_fields(given: Mapping[str, Any], top_level_sku: bool = False) -> dict[str, Any]:
    """Inventory item fields from ``inventoryItem`` (and ``sku`` where it is top level)."""
    item = given.get("inventoryItem") or {}
    fields = {key: item[key] for key in _ITEM_FIELDS if key in item}
    if top_level_sku and "sku" in given:
        fields["sku"] = given["sku"]
    return fields


def option_specs(options: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """``productOptions`` input as ``[{"name", "values": [names]}]``."""
    return [
        {"name": option.get("name"), "values": [v.get("name") for v in option.get("values") or []]}
        for option in options
    ]


def resolve_option_values(
    options: Sequence[Mapping[str, Any]],
    given: Sequence[Mapping[str, Any]],
    *,
    allow_new_values: bool,
) -> tuple[list[dict[str, str]], str | None]:
    """``selectedOptions`` for a variant's ``optionValues``, or an error code.

    Codes: ``OPTION_DOES_NOT_EXIST``, ``OPTION_VALUE_DOES_NOT_EXIST`` and
    ``NEED_TO_ADD_OPTION_VALUES`` (an option without a value).
    """
    chosen: dict[str, str] = {}
    for entry in given:
        option = next(
            (
                o
                for o in options
                if (entry.get("optionId") and o["id"] == entry["optionId"])
                or (entry.get("optionName") and o["name"] == entry["optionName"])
            ),
            None,
        )
        if option is None:
            return [], "OPTION_DOES_NOT_EXIST"
        known = {v["id"]: v["name"] for v in option["optionValues"]}
        name = known.get(entry["id"]) if entry.get("id") else entry.get("name")
        if name is None or (not allow_new_values and name not in known.values()):
            return [], "OPTION_VALUE_DOES_NOT_EXIST"
        chosen[option["name"]] = name
    if any(option["name"] not in chosen for option in options):
        return [], "NEED_TO_ADD_OPTION_VALUES"
    return [{"name": o["name"], "value": chosen[o["name"]]} for o in options], None
