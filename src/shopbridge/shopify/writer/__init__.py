"""The Shopify writer for inventory, prices and products: coalesce per key, pace by cost.

::

    writer = InventoryWriter("acme", store, AdminClient.from_settings(shop), shop.writer,
                             worker_id=new_worker_id())
    await writer.run(stop)

Modules, in the order an item meets them: :mod:`.changes` (the job's document),
:mod:`.buffer` (coalescing, job tickets), :mod:`.resolve` (SKU and location ids),
:mod:`.batch` (one mutation: variables, idempotency key, verdicts), :mod:`.writer`
(the claim, flush and heartbeat loops).
"""

from __future__ import annotations

from .batch import DEFAULT_REASON, Planned, Verdicts, batch_key, judge, set_variables
from .buffer import CoalescingBuffer, Entry, JobTicket, Resolution
from .changes import BadItem, InventoryChange, ItemDocument, one_item_document, read_document
from .price_changes import PriceChange, read_prices
from .price_resolve import PriceList, PriceResolver, Variant
from .price_send import PriceOutcome, PriceSender
from .product_changes import ProductChange, read_products
from .product_send import ProductOutcome, ProductSender, product_set_variables
from .resolve import Resolver, Target
from .writer import InventoryWriter, OnSent, WriterStats

__all__ = [
    "DEFAULT_REASON",
    "BadItem",
    "CoalescingBuffer",
    "Entry",
    "InventoryChange",
    "InventoryWriter",
    "ItemDocument",
    "JobTicket",
    "OnSent",
    "Planned",
    "PriceChange",
    "PriceList",
    "PriceOutcome",
    "PriceResolver",
    "PriceSender",
    "ProductChange",
    "ProductOutcome",
    "ProductSender",
    "Resolution",
    "Resolver",
    "Target",
    "Variant",
    "Verdicts",
    "WriterStats",
    "batch_key",
    "judge",
    "one_item_document",
    "product_set_variables",
    "read_document",
    "read_prices",
    "read_products",
    "set_variables",
]
