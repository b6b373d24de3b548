"""Inventory: look variants up by SKU, list locations, set quantities."""

from __future__ import annotations

from collections.abc import Iterable

from ..document import Document

__all__ = [
    "INVENTORY_ITEMS_BY_SKU",
    "INVENTORY_LEVELS_AT_LOCATION",
    "INVENTORY_SET_QUANTITIES",
    "LOCATIONS",
    "VARIANTS_BY_SKU",
    "sku_search",
]

# Every call carries an idempotency key (required at runtime from 2026-04) and every
# quantity an explicit ``changeFromQuantity`` (the expected current value, or null to
# skip the check). All or nothing: one bad entry stops the whole call.
INVENTORY_SET_QUANTITIES = Document(
    """
mutation InventorySetQuantities($input: InventorySetQuantitiesInput!, $idempotencyKey: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $idempotencyKey) {
    inventoryAdjustmentGroup { id }
    userErrors { field message code }
  }
}
""",
    items=("input", "quantities"),
)

# ``query`` comes from :func:`sku_search`. Shopify's search matches terms, not whole
# values, so callers keep only nodes whose ``sku`` equals what they asked for.
# Documented cost at ``first: 250``: 2 + 250 x 3 = 752.
VARIANTS_BY_SKU = Document(
    """
query VariantsBySku($query: String!, $first: Int!, $after: String) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes { id sku product { id } inventoryItem { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# The writer's SKU -> inventory item lookup: one point per node instead of three
# (documented cost at ``first: 250``: 2 + 250 = 252), since the writer needs only the id.
INVENTORY_ITEMS_BY_SKU = Document(
    """
query InventoryItemsBySku($query: String!, $first: Int!, $after: String) {
  inventoryItems(first: $first, after: $after, query: $query) {
    nodes { id sku }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# Current quantities of some items at one location (``query`` from :func:`item_search`),
# read before a sync so that only what differs is sent. An item not stocked there has
# no level. Documented cost at ``first: 200``: 1 + 2 + 200 x 2 = 403.
INVENTORY_LEVELS_AT_LOCATION = Document(
    """
query InventoryLevelsAtLocation(
  $locationId: ID!
  $query: String!
  $names: [String!]!
  $first: Int!
  $after: String
) {
  location(id: $locationId) {
    id
    inventoryLevels(first: $first, after: $after, query: $query) {
      nodes { item { id } quantities(names: $names) { name quantity } }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
)

LOCATIONS = Document(
    """
query Locations($first: Int!, $after: String) {
  locations(first: $first, after: $after) {
    nodes { id name isActive fulfillsOnlineOrders }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)


def _quoted(value: str) -> str:
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'"{escaped}"'


def sku_search(skus: Iterable[str]) -> str:
    """``sku:"A" OR sku:"B"``: one search for a batch of SKUs (quoted, so any text is safe)."""
    terms = [f"sku:{_quoted(sku)}" for sku in dict.fromkeys(skus)]
    if not terms:
        raise ValueError("sku_search needs at least one SKU")
    return " OR ".join(terms)


def item_search(item_ids: Iterable[str]) -> str:
    """``inventory_item_id:1 OR inventory_item_id:2``: levels of a batch of items (GIDs given)."""
    terms = [f"inventory_item_id:{gid.rsplit('/', 1)[-1]}" for gid in dict.fromkeys(item_ids)]
    if not terms:
        raise ValueError("item_search needs at least one inventory item id")
    return " OR ".join(terms)
