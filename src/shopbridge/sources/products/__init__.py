"""Inbound products from a PIM: upserts by handle, SKU or custom ID, stored for the writer.

``document`` holds the request models and the stored shape (``metafields`` the
metafield and custom ID parts), ``validate`` judges a request item by item,
``ingress`` stores it as one event and one job.
"""

from shopbridge.sources.products.document import (
    MAX_ITEMS,
    ProductBatch,
    ProductSingle,
    ProductUpsert,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.products.ingress import FLOW, SOURCE, TOPIC, Stored, receive

__all__ = [
    "FLOW",
    "MAX_ITEMS",
    "SOURCE",
    "TOPIC",
    "ProductBatch",
    "ProductSingle",
    "ProductUpsert",
    "Stored",
    "StoredDocument",
    "StoredItem",
    "receive",
]
