"""Inbound inventory: absolute stock levels from an ERP/WMS, stored for the Shopify writer.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item, ``ingress`` stores it as one event and one job.
"""

from shopbridge.sources.inventory.document import (
    MAX_ITEMS,
    MAX_QUANTITY,
    InventoryBatch,
    InventorySingle,
    InventoryUpdate,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.inventory.ingress import FLOW, SOURCE, TOPIC, Stored, receive

__all__ = [
    "FLOW",
    "MAX_ITEMS",
    "MAX_QUANTITY",
    "SOURCE",
    "TOPIC",
    "InventoryBatch",
    "InventorySingle",
    "InventoryUpdate",
    "Stored",
    "StoredDocument",
    "StoredItem",
    "receive",
]
