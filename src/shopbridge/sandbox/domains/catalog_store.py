"""Products, variants, options and inventory items in the store (no GraphQL here).

Shared by the catalog mutations and the seeder. A product keeps its options (with
their option values) inside its document; each variant is its own document pointing
at its product (``productId``) and at its inventory item (``inventoryItemId``); the
SKU lives on the inventory item, as in Shopify's current product model.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.domains.inventory_store import remove_item_levels
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import money, money_v2
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "DEFAULT_TITLE",
    "ITEM",
    "PRODUCT",
    "VARIANT",
    "delete_variant",
    "handleize",
    "item_of",
    "new_product",
    "new_variant",
    "refresh_options",
    "set_options",
    "unique_handle",
    "update_variant",
    "variant_title",
    "variants_of",
]

PRODUCT: Final = "Product"
VARIANT: Final = "ProductVariant"
ITEM: Final = "InventoryItem"
DEFAULT_TITLE: Final = "Default Title"


def handleize(text: str) -> str:
    """``"Black Sunglasses!"`` -> ``"black-sunglasses"``."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-") or "product"


def unique_handle(state: State, wanted: str, own_id: str | None = None) -> str:
    """``wanted``, or ``wanted-1``, ``wanted-2``... when another product has it."""
    candidate, n = wanted, 0
    while any(p["id"] != own_id for p in state.find(PRODUCT, "handle", candidate)):
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def variants_of(state: State, product_id: str) -> list[Doc]:
    return sorted(state.find(VARIANT, "productId", product_id), key=lambda v: v["position"])


def item_of(state: State, variant: Mapping[str, Any]) -> Doc:
    found = state.get_gid(variant["inventoryItemId"])
    if found is None:
        raise LookupError(f"variant {variant['id']} has no inventory item")
    return found


def variant_title(selected: Sequence[Mapping[str, str]]) -> str:
    return " / ".join(option["value"] for option in selected) or DEFAULT_TITLE


def new_product(state: State, fields: Mapping[str, Any], vendor: str) -> Doc:
    now = state.now()
    status = fields.get("status") or "ACTIVE"
    doc: Doc = {
        "__typename": PRODUCT,
        "id": state.new_gid(PRODUCT),
        "title": "",
        "descriptionHtml": "",
        "vendor": vendor,
        "productType": "",
        "status": status,
        "tags": [],
        "templateSuffix": None,
        "giftCardTemplateSuffix": None,
        "isGiftCard": False,
        "requiresSellingPlan": False,
        "combinedListingRole": None,
        "category": None,
        "seo": {"title": None, "description": None},
        "publishedAt": now if status == "ACTIVE" else None,
        "options": [],
        "createdAt": now,
        "updatedAt": now,
    }
    doc.update({k: v for k, v in fields.items() if v is not None})
    doc["handle"] = unique_handle(state, handleize(fields.get("handle") or doc["title"]))
    return state.save(doc)


def set_options(product: Doc, options: Sequence[Mapping[str, Any]], state: State) -> None:
    """Replace ``product``'s options (kept by name, with their ids) with ``options``."""
    existing = {option["name"]: option for option in product["options"]}
    built = []
    for position, option in enumerate(options, start=1):
        old = existing.get(option["name"]) or {}
        old_values = {value["name"]: value for value in old.get("optionValues", [])}
        values = [
            dict(old_values[name])
            if name in old_values
            else {
                "__typename": "ProductOptionValue",
                "id": state.new_gid("ProductOptionValue"),
                "name": name,
                "hasVariants": False,
                "linkedMetafieldValue": None,
                "swatch": None,
            }
            for name in option["values"]
        ]
        built.append(
            {
                "__typename": "ProductOption",
                "id": old.get("id") or state.new_gid("ProductOption"),
                "name": option["name"],
                "position": position,
                "linkedMetafield": None,
                "optionValues": values,
                "values": [],
            }
        )
    product["options"] = built


def refresh_options(product: Doc, variants: Sequence[Mapping[str, Any]], state: State) -> None:
    """Add option values the variants use and recompute ``hasVariants``/``values``."""
    used: dict[str, list[str]] = {}
    for variant in variants:
        for selected in variant["selectedOptions"]:
            names = used.setdefault(selected["name"], [])
            if selected["value"] not in names:
                names.append(selected["value"])
    declared = [
        {"name": o["name"], "values": [v["name"] for v in o["optionValues"]]}
        for o in product["options"]
    ]
    for option in declared:
        option["values"] += [v for v in used.get(option["name"], []) if v not in option["values"]]
    set_options(product, declared, state)
    for option in product["options"]:
        names = used.get(option["name"], [])
        for value in option["optionValues"]:
            value["hasVariants"] = value["name"] in names
        option["values"] = [v["name"] for v in option["optionValues"] if v["hasVariants"]]


def _item_doc(item: Doc, fields: Mapping[str, Any], currency: str) -> None:
    for key in (
        "sku",
        "tracked",
        "requiresShipping",
        "countryCodeOfOrigin",
        "provinceCodeOfOrigin",
    ):
        if key in fields:
            item[key] = fields[key]
    if "harmonizedSystemCode" in fields:
        item["harmonizedSystemCode"] = fields["harmonizedSystemCode"]
    if "cost" in fields:
        cost = fields["cost"]
        item["unitCost"] = None if cost is None else money_v2(cost, currency)
    weight = (fields.get("measurement") or {}).get("weight")
    if weight:
        item["measurement"]["weight"] = {"unit": weight["unit"], "value": float(weight["value"])}


def new_variant(
    state: State,
    product_id: str,
    fields: Mapping[str, Any],
    item_fields: Mapping[str, Any],
    currency: str,
) -> Doc:
    """A variant and its inventory item (not stocked anywhere yet)."""
    now = state.now()
    item_id = state.new_gid(ITEM)
    item: Doc = {
        "__typename": ITEM,
        "id": item_id,
        "sku": None,
        "tracked": False,
        "requiresShipping": True,
        "unitCost": None,
        "countryCodeOfOrigin": None,
        "provinceCodeOfOrigin": None,
        "harmonizedSystemCode": None,
        "measurement": {
            "__typename": "InventoryItemMeasurement",
            "id": f"gid://shopify/InventoryItemMeasurement/{legacy_id(item_id)}",
            "weight": {"unit": "KILOGRAMS", "value": 0.0},
        },
        "createdAt": now,
        "updatedAt": now,
    }
    variant: Doc = {
        "__typename": VARIANT,
        "id": state.new_gid(VARIANT),
        "productId": product_id,
        "inventoryItemId": item_id,
        "price": "0.00",
        "compareAtPrice": None,
        "barcode": None,
        "inventoryPolicy": "DENY",
        "taxable": True,
        "taxCode": None,
        "showUnitPrice": False,
        "requiresComponents": False,
        "unitPriceMeasurement": None,
        "unitPrice": None,
        "selectedOptions": [],
        "position": 1,
        "createdAt": now,
        "updatedAt": now,
    }
    item["variantId"] = variant["id"]
    _item_doc(item, item_fields, currency)
    state.save(item)
    return update_variant(state, variant, fields, {}, currency, save_item=False)


def update_variant(
    state: State,
    variant: Mapping[str, Any],
    fields: Mapping[str, Any],
    item_fields: Mapping[str, Any],
    currency: str,
    *,
    save_item: bool = True,
) -> Doc:
    doc = dict(variant)
    for key, value in fields.items():
        if key in {"price", "compareAtPrice"}:
            doc[key] = None if value is None else money(value)
        else:
            doc[key] = value
    doc["title"] = variant_title(doc["selectedOptions"])
    doc["updatedAt"] = state.now()
    if save_item and item_fields:
        item = state.edit(ITEM, legacy_id(doc["inventoryItemId"]))
        if item is None:
            raise LookupError(f"variant {doc['id']} has no inventory item")
        _item_doc(item, item_fields, currency)
        item["updatedAt"] = doc["updatedAt"]
        state.save(item)
    return state.save(doc)


def delete_variant(state: State, variant: Mapping[str, Any]) -> None:
    """Remove a variant with its inventory item and levels."""
    remove_item_levels(state, variant["inventoryItemId"])
    state.delete(ITEM, legacy_id(variant["inventoryItemId"]))
    state.delete(VARIANT, legacy_id(variant["id"]))
