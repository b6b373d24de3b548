"""Inbound discounts: basic code and automatic discounts, stored for the Shopify writer.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item, ``ingress`` stores it as one event and one job.
"""

from shopbridge.sources.discounts.document import (
    MAX_ITEMS,
    DiscountBatch,
    DiscountSingle,
    DiscountUpsert,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.discounts.ingress import FLOW, SOURCE, TOPIC, Stored, receive

__all__ = [
    "FLOW",
    "MAX_ITEMS",
    "SOURCE",
    "TOPIC",
    "DiscountBatch",
    "DiscountSingle",
    "DiscountUpsert",
    "Stored",
    "StoredDocument",
    "StoredItem",
    "receive",
]
