"""Inbound prices: variant prices and price-list fixed prices, stored for the Shopify writer.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item, ``ingress`` stores it as one event and one job.
"""

from shopbridge.sources.prices.document import (
    MAX_ITEMS,
    PriceBatch,
    PriceSingle,
    PriceUpdate,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.prices.ingress import FLOW, SOURCE, TOPIC, Stored, receive

__all__ = [
    "FLOW",
    "MAX_ITEMS",
    "SOURCE",
    "TOPIC",
    "PriceBatch",
    "PriceSingle",
    "PriceUpdate",
    "Stored",
    "StoredDocument",
    "StoredItem",
    "receive",
]
