"""Reading inventory: items, levels and their named quantities, adjustment groups.

Queries ``inventoryItem``, ``inventoryItems(query:)`` (``sku``, ``id``, dates) and
``inventoryLevel``; fields ``InventoryItem.inventoryLevel(s)``, ``Location.inventoryLevel(s)``,
``InventoryLevel.quantities(names:)`` and the links between them. Mutations are in
``inventory_mutations``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.inventory_store import (
    LEVEL,
    QUANTITY_NAMES,
    level_at,
    levels_of_item,
    quantity,
)
from shopbridge.sandbox.errors import bad_request
from shopbridge.sandbox.gid import gid, legacy_id
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["inventory"]

inventory = Domain("inventory")
for _type in ("InventoryItem", LEVEL, "InventoryAdjustmentGroup"):
    inventory.node(_type)(stored_node)

_ITEM_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda item: item["id"]),
        "sku": Filter("keyword", lambda item: item["sku"]),
        "created_at": Filter("time", lambda item: item["createdAt"]),
        "updated_at": Filter("time", lambda item: item["updatedAt"]),
    },
    default=lambda item: [item["sku"]],
)
_LEVEL_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda level: level["id"]),
        "inventory_item_id": Filter("id", lambda level: level["itemId"]),
        "location_id": Filter("id", lambda level: level["locationId"]),
        "created_at": Filter("time", lambda level: level["createdAt"]),
        "updated_at": Filter("time", lambda level: level["updatedAt"]),
    },
    default=lambda level: [],
)


def _state(info: Info) -> State:
    return context_of(info).state


def _active(levels: list[Doc], args: Mapping[str, Any]) -> list[Doc]:
    return levels if args.get("includeInactive") else [lvl for lvl in levels if lvl["isActive"]]


@inventory.query("inventoryItem")
def inventory_item(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, "InventoryItem")


@inventory.query("inventoryItems")
def inventory_items(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    found = filter_items(info, _state(info).all("InventoryItem"), args.get("query"), _ITEM_SEARCH)
    return paginate(found, args)


@inventory.query("inventoryLevel")
def inventory_level(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, LEVEL)


@inventory.field("InventoryItem", "inventoryLevel")
def item_level(item: Doc, info: Info, locationId: str, includeInactive: bool = False) -> Doc | None:
    found = level_at(_state(info), item["id"], locationId)
    return found if found is not None and (includeInactive or found["isActive"]) else None


@inventory.field("InventoryItem", "inventoryLevels")
def item_levels(item: Doc, info: Info, **args: Any) -> dict[str, Any]:
    levels = _active(levels_of_item(_state(info), item["id"]), args)
    return paginate(filter_items(info, levels, args.get("query"), _LEVEL_SEARCH), args)


@inventory.field("InventoryItem", "locationsCount")
def item_locations_count(item: Doc, info: Info) -> dict[str, Any]:
    count = len(_active(levels_of_item(_state(info), item["id"]), {}))
    return {"count": count, "precision": "EXACT"}


@inventory.field("InventoryItem", "variants")
def item_variants(item: Doc, info: Info, **args: Any) -> dict[str, Any]:
    variant = _state(info).get_gid(item["variantId"])
    return paginate([variant] if variant else [], args)


@inventory.field("InventoryItem", "duplicateSkuCount")
def item_duplicate_sku_count(item: Doc, info: Info) -> int:
    if not item["sku"]:
        return 0
    return len(_state(info).find("InventoryItem", "sku", item["sku"])) - 1


@inventory.field("InventoryItem", "trackedEditable")
def item_tracked_editable(_item: Doc, _info: Info) -> dict[str, Any]:
    return {"locked": False, "reason": None}


@inventory.field("Location", "inventoryLevel")
def location_level(
    location: Doc, info: Info, inventoryItemId: str, includeInactive: bool = False
) -> Doc | None:
    found = level_at(_state(info), inventoryItemId, location["id"])
    return found if found is not None and (includeInactive or found["isActive"]) else None


@inventory.field("Location", "inventoryLevels")
def location_levels(location: Doc, info: Info, **args: Any) -> dict[str, Any]:
    levels = _active(_state(info).find(LEVEL, "locationId", location["id"]), args)
    return paginate(filter_items(info, levels, args.get("query"), _LEVEL_SEARCH), args)


@inventory.field("Location", "hasActiveInventory")
def location_has_inventory(location: Doc, info: Info) -> bool:
    return any(
        level["isActive"] for level in _state(info).find(LEVEL, "locationId", location["id"])
    )


@inventory.field(LEVEL, "item")
def level_item(level: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(level["itemId"])


@inventory.field(LEVEL, "location")
def level_location(level: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(level["locationId"])


@inventory.field(LEVEL, "quantities")
def level_quantities(level: Doc, _info: Info, names: list[str]) -> list[dict[str, Any]]:
    unknown = [name for name in names if name not in QUANTITY_NAMES]
    if unknown:
        valid = ", ".join(QUANTITY_NAMES)
        raise bad_request(f"Invalid quantity name(s): {', '.join(unknown)}. Valid names: {valid}.")
    item = legacy_id(level["itemId"])
    updated = level["quantitiesUpdatedAt"]
    return [
        {
            "__typename": "InventoryQuantity",
            "id": gid(
                "InventoryQuantity", legacy_id(level["id"]), f"inventory_item_id={item}&name={name}"
            ),
            "name": name,
            "quantity": quantity(level, name),
            "updatedAt": max(updated.values()) if name == "on_hand" else updated.get(name),
        }
        for name in names
    ]


@inventory.field("InventoryAdjustmentGroup", "changes")
def group_changes(group: Doc, _info: Info, **args: Any) -> list[dict[str, Any]]:
    items, locations = args.get("inventoryItemIds"), args.get("locationIds")
    names = args.get("quantityNames")
    return [
        change
        for change in group["changes"]
        if (items is None or change["itemId"] in items)
        and (locations is None or change["locationId"] in locations)
        and (names is None or change["name"] in names)
    ]


@inventory.field("InventoryChange", "item")
def change_item(change: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(change["itemId"])


@inventory.field("InventoryChange", "location")
def change_location(change: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(change["locationId"])
