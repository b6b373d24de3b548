"""``inventory_items/*`` and ``inventory_levels/*`` in Shopify's REST shape.

Items: ``create``/``update``/``delete`` as the ``InventoryItem`` document changes
(a variant's creation and deletion bring its item's). Levels: ``connect`` when an item
is stocked at a location (a level is created), ``update`` on any change of the level
(its ``available`` is what the payload reports), ``disconnect`` when the level goes.
``admin_graphql_api_id`` of a level is the sandbox's ``InventoryLevel`` GID, the one
its GraphQL answers carry. ``cost`` is the unit cost as a REST money string.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.inventory_store import LEVEL, quantity
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import money
from shopbridge.sandbox.rest.formats import rest_time
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_inventory_item", "rest_inventory_level"]

ITEM: Final = "InventoryItem"
_WEIGHT_UNITS: Final = {"KILOGRAMS": "kg", "GRAMS": "g", "POUNDS": "lb", "OUNCES": "oz"}


def _identity(item: Mapping[str, Any]) -> Payload:
    return {
        "id": legacy_id(item["id"]),
        "country_code_of_origin": item.get("countryCodeOfOrigin"),
        "province_code_of_origin": item.get("provinceCodeOfOrigin"),
        "harmonized_system_code": item.get("harmonizedSystemCode"),
        "country_harmonized_system_codes": [],
        "admin_graphql_api_id": item["id"],
    }


def rest_inventory_item(state: State, item: Mapping[str, Any]) -> Payload:
    """The body of ``inventory_items/create`` and ``inventory_items/update``."""
    cost = item.get("unitCost")
    weight = (item.get("measurement") or {}).get("weight") or {"unit": "KILOGRAMS", "value": 0}
    identity = _identity(item)
    return {
        "id": identity["id"],
        "sku": item.get("sku"),
        "created_at": rest_time(state, item["createdAt"]),
        "updated_at": rest_time(state, item["updatedAt"]),
        "requires_shipping": item.get("requiresShipping", True),
        "cost": None if cost is None else money(cost["amount"]),
        "country_code_of_origin": identity["country_code_of_origin"],
        "province_code_of_origin": identity["province_code_of_origin"],
        "harmonized_system_code": identity["harmonized_system_code"],
        "tracked": item.get("tracked", False),
        "country_harmonized_system_codes": [],
        "weight_value": weight["value"],
        "weight_unit": _WEIGHT_UNITS.get(weight["unit"], "kg"),
        "admin_graphql_api_id": item["id"],
    }


def rest_inventory_level(state: State, level: Mapping[str, Any]) -> Payload:
    """The body of ``inventory_levels/connect`` and ``inventory_levels/update``."""
    return {
        "inventory_item_id": legacy_id(level["itemId"]),
        "location_id": legacy_id(level["locationId"]),
        "available": quantity(level, "available"),
        "updated_at": rest_time(state, level["updatedAt"]),
        "admin_graphql_api_id": level["id"],
    }


def _side(change: Change, after: bool = True) -> Mapping[str, Any]:
    found = change.after if after else change.before
    if found is None:
        raise LookupError(f"{change.entity} {change.id} has no document on that side")
    return found


@topic_rule("inventory_items/create", ITEM, on="create")
def item_created(state: State, change: Change) -> Payload:
    return rest_inventory_item(state, _side(change))


@topic_rule("inventory_items/update", ITEM, on="update")
def item_updated(state: State, change: Change) -> Payload:
    return rest_inventory_item(state, _side(change))


@topic_rule("inventory_items/delete", ITEM, on="delete")
def item_deleted(_state: State, change: Change) -> Payload:
    return _identity(_side(change, after=False))


@topic_rule("inventory_levels/connect", LEVEL, on="create")
def level_connected(state: State, change: Change) -> Payload:
    return rest_inventory_level(state, _side(change))


@topic_rule("inventory_levels/update", LEVEL, on="update")
def level_updated(state: State, change: Change) -> Payload:
    return rest_inventory_level(state, _side(change))


@topic_rule("inventory_levels/disconnect", LEVEL, on="delete")
def level_disconnected(_state: State, change: Change) -> Payload:
    level = _side(change, after=False)
    return {
        "inventory_item_id": legacy_id(level["itemId"]),
        "location_id": legacy_id(level["locationId"]),
    }
