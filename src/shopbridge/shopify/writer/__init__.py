"""The Shopify writer for inventory, prices and products: coalesce per key, pace by cost.

::

    writer = InventoryWriter("acme", store, AdminClient.from_settings(shop), shop.writer,
                             worker_id=new_worker_id())
    await writer.run(stop)

Modules, in the order an item meets them: :mod:`.changes` (the job's document),
:mod:`.buffer` (coalescing, job tickets), :mod:`.resolve` (SKU and location ids),
:mod:`.batch` (one mutation: variables, idempotency key, verdicts), :mod:`.writer`
(the claim, flush and heartbeat loops). Kinds other than inventory (prices, products, …)
are registered in :mod:`.registry` (:mod:`.kinds` says how to add one).
"""

from __future__ import annotations

from .batch import DEFAULT_REASON, Planned, Verdicts, batch_key, judge, set_variables
from .buffer import CoalescingBuffer, Entry, JobTicket, Resolution
from .changes import BadItem, InventoryChange, ItemDocument, one_item_document, read_document
from .kinds import Change, Kind, Sender, SenderContext, SendOutcome
from .price_changes import PriceChange, read_prices
from .price_resolve import PriceList, PriceResolver, Variant
from .price_send import PriceSender
from .product_changes import ProductChange, read_products
from .product_send import ProductSender, product_set_variables
from .registry import KINDS
from .resolve import Resolver, Target
from .writer import InventoryWriter, OnSent, WriterStats

__all__ = [
    "DEFAULT_REASON",
    "KINDS",
    "BadItem",
    "Change",
    "CoalescingBuffer",
    "Entry",
    "InventoryChange",
    "InventoryWriter",
    "ItemDocument",
    "JobTicket",
    "Kind",
    "OnSent",
    "Planned",
    "PriceChange",
    "PriceList",
    "PriceResolver",
    "PriceSender",
    "ProductChange",
    "ProductSender",
    "Resolution",
    "Resolver",
    "SendOutcome",
    "Sender",
    "SenderContext",
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
