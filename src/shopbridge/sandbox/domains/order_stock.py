"""How orders move stock, through ``inventory_store``'s named quantities.

Placing an order commits stock: ``available`` goes down and ``committed`` up by the
ordered quantity at the fulfilling location, ``on_hand`` unchanged
(https://shopify.dev/docs/apps/fulfillment/inventory-management-apps/quantities-states).
Fulfilling takes the items out of ``committed`` (so ``on_hand`` drops); cancelling
with restock moves what is still committed back to ``available``, and without
restock drops it from ``committed`` only, so the stock is gone (the sandbox's reading
of "whether to restock the inventory committed to the order").

A line item remembers where it was placed (``_locationId``) and how much of it is
still committed (``_committed``); an item that is not tracked, not stocked at the
location, or ordered with ``inventoryBehaviour: BYPASS`` commits nothing.

The fulfilling location is the primary location when the item is stocked there,
else the first location (by id) with enough ``available``, else the first stocking
it. The sandbox does not model Shopify's order routing rules beyond this.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Literal

from shopbridge.sandbox.domains.inventory_store import apply_delta, level_at, levels_of_item
from shopbridge.sandbox.domains.shop import primary_location
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "Behaviour",
    "InsufficientStockError",
    "choose_location",
    "claim",
    "release",
    "ship",
]

Behaviour = Literal["BYPASS", "DECREMENT_IGNORING_POLICY", "DECREMENT_OBEYING_POLICY"]


class InsufficientStockError(Exception):
    """Not enough ``available`` for a variant whose policy denies overselling."""


def _item(state: State, variant: Mapping[str, Any] | None) -> Doc | None:
    return state.get_gid(variant["inventoryItemId"]) if variant is not None else None


def choose_location(state: State, variant: Mapping[str, Any] | None, quantity: int) -> str:
    """The location that fulfills ``quantity`` of ``variant`` (see the module docstring)."""
    primary = primary_location(state)
    primary_id = primary["id"] if primary is not None else ""
    item = _item(state, variant)
    if item is None:
        return primary_id
    levels = [lvl for lvl in levels_of_item(state, item["id"]) if lvl["isActive"]]
    if any(lvl["locationId"] == primary_id for lvl in levels):
        return primary_id
    for level in levels:
        if level["quantities"]["available"] >= quantity:
            return str(level["locationId"])
    return str(levels[0]["locationId"]) if levels else primary_id


def claim(
    state: State,
    variant: Mapping[str, Any] | None,
    location_id: str,
    quantity: int,
    behaviour: Behaviour,
) -> int:
    """Commit ``quantity`` at ``location_id``; returns how much was committed."""
    item = _item(state, variant)
    if behaviour == "BYPASS" or item is None or not item["tracked"]:
        return 0
    level = level_at(state, item["id"], location_id)
    if level is None:
        return 0
    assert variant is not None
    short = level["quantities"]["available"] < quantity
    if short and behaviour == "DECREMENT_OBEYING_POLICY" and variant["inventoryPolicy"] == "DENY":
        raise InsufficientStockError(variant["id"])
    apply_delta(state, level, "available", -quantity)
    apply_delta(state, level, "committed", quantity)
    return quantity


def _committed_level(state: State, line: Mapping[str, Any]) -> Doc | None:
    variant = state.get_gid(line["variantId"]) if line.get("variantId") else None
    item = _item(state, variant)
    if item is None or not line.get("_locationId"):
        return None
    return level_at(state, item["id"], line["_locationId"])


def ship(state: State, line: Doc, quantity: int) -> None:
    """Fulfil ``quantity`` of ``line``: its committed stock leaves the building."""
    moved = min(quantity, line.get("_committed", 0))
    level = _committed_level(state, line)
    if moved > 0 and level is not None:
        apply_delta(state, level, "committed", -moved)
    line["_committed"] = line.get("_committed", 0) - max(moved, 0)


def release(state: State, line: Doc, *, restock: bool) -> None:
    """Give up what ``line`` still has committed (back to ``available`` when restocking)."""
    moved = line.get("_committed", 0)
    level = _committed_level(state, line)
    if moved > 0 and level is not None:
        apply_delta(state, level, "committed", -moved)
        if restock:
            apply_delta(state, level, "available", moved)
    line["_committed"] = 0
