"""Inventory levels and their named quantities, as Shopify's inventory states work.

A level is one inventory item stocked at one location. It stores ``available``,
``committed``, ``reserved``, ``damaged``, ``safety_stock``, ``quality_control`` and
``incoming``; ``on_hand`` is the sum of all of them but ``incoming``
(https://shopify.dev/docs/apps/fulfillment/inventory-management-apps/quantities-states).
Changing ``available`` or an unavailable state moves ``on_hand`` by the same delta;
changing ``on_hand`` moves ``available``. Each change is reported the way
``InventoryAdjustmentGroup.changes`` lists it: the quantity named, then the quantity
that moved with it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.gid import gid, legacy_id
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "LEVEL",
    "ON_HAND_PARTS",
    "QUANTITY_NAMES",
    "REASONS",
    "activate",
    "apply_delta",
    "level_at",
    "levels_of_item",
    "quantity",
    "record_group",
    "remove_item_levels",
]

LEVEL: Final = "InventoryLevel"
ON_HAND_PARTS: Final = (
    "available",
    "committed",
    "reserved",
    "damaged",
    "safety_stock",
    "quality_control",
)
QUANTITY_NAMES: Final = (*ON_HAND_PARTS, "incoming", "on_hand")
# The reasons of the quantities-states page: the eight general ones, then the
# movement, reservation and unavailable-state ones.
REASONS: Final = frozenset(
    {
        "correction",
        "cycle_count_available",
        "damaged",
        "other",
        "promotion",
        "received",
        "restock",
        "shrinkage",
        "movement_created",
        "movement_updated",
        "movement_received",
        "movement_canceled",
        "reservation_created",
        "reservation_deleted",
        "reservation_updated",
        "quality_control",
        "safety_stock",
    }
)


def quantity(level: Mapping[str, Any], name: str) -> int:
    stored: Mapping[str, int] = level["quantities"]
    if name == "on_hand":
        return sum(stored[part] for part in ON_HAND_PARTS)
    return stored[name]


def _pair(item_id: str, location_id: str) -> str:
    return f"{item_id}|{location_id}"


def level_at(state: State, item_id: str, location_id: str) -> Doc | None:
    return state.first(LEVEL, "pair", _pair(item_id, location_id))


def levels_of_item(state: State, item_id: str) -> list[Doc]:
    return state.find(LEVEL, "itemId", item_id)


def activate(
    state: State, item_id: str, location_id: str, available: int = 0, on_hand: int | None = None
) -> Doc:
    """Stock ``item_id`` at ``location_id`` (the level must not exist yet)."""
    now = state.now()
    quantities = {name: 0 for name in (*ON_HAND_PARTS, "incoming")}
    quantities["available"] = on_hand if on_hand is not None else available
    level_id = state.new_id(LEVEL)
    return state.save(
        {
            "__typename": LEVEL,
            "id": gid(LEVEL, level_id, f"inventory_item_id={legacy_id(item_id)}"),
            "itemId": item_id,
            "locationId": location_id,
            "pair": _pair(item_id, location_id),
            "quantities": quantities,
            "quantitiesUpdatedAt": dict.fromkeys(quantities, now),
            "isActive": True,
            "canDeactivate": True,
            "deactivationAlert": None,
            "createdAt": now,
            "updatedAt": now,
        }
    )


def apply_delta(
    state: State, level: Mapping[str, Any], name: str, delta: int
) -> list[dict[str, Any]]:
    """Move quantity ``name`` of ``level`` by ``delta``; returns the changes made."""
    doc = state.edit(LEVEL, legacy_id(level["id"]))
    if doc is None:
        raise LookupError(f"no inventory level {level['id']}")
    quantities: dict[str, int] = doc["quantities"]
    moved = "available" if name == "on_hand" else name
    quantities[moved] += delta
    names = [name]
    if name == "on_hand":
        names.append("available")
    elif name in ON_HAND_PARTS:
        names.append("on_hand")
    now = state.now()
    for touched in {moved, *names} - {"on_hand"}:
        doc["quantitiesUpdatedAt"][touched] = now
    doc["updatedAt"] = now
    state.save(doc, owned=True)  # a private copy from ``edit``, not touched again
    return [
        {
            "name": touched,
            "delta": delta,
            "quantityAfterChange": quantity(doc, touched),
            "itemId": doc["itemId"],
            "locationId": doc["locationId"],
        }
        for touched in names
    ]


def remove_item_levels(state: State, item_id: str) -> None:
    for level in levels_of_item(state, item_id):
        state.delete(LEVEL, legacy_id(level["id"]))


def record_group(
    state: State,
    reason: str,
    reference_document_uri: str | None,
    changes: list[dict[str, Any]],
    app: str,
) -> Doc:
    """Store the ``InventoryAdjustmentGroup`` that reports a set of changes."""
    return state.save(
        {
            "__typename": "InventoryAdjustmentGroup",
            "id": state.new_gid("InventoryAdjustmentGroup"),
            "createdAt": state.now(),
            "reason": reason,
            "referenceDocumentUri": reference_document_uri,
            "staffMember": None,
            "appName": app,
            "changes": changes,
        }
    )
