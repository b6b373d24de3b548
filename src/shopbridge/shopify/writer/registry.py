"""Every kind of change the writer applies besides inventory: one line each.

A new kind adds its :class:`~.kinds.Kind` to :data:`KINDS`;
the writer claims its jobs by ``flow`` and sends its entries with its sender.
"""

from __future__ import annotations

from typing import Final

from .customer_changes import CustomerChange, read_customers
from .customer_send import CustomerSender
from .discount_changes import DiscountChange, read_discounts
from .discount_send import DiscountSender
from .fulfillment_changes import ShipmentChange, read_shipments
from .fulfillment_send import FulfillmentSender
from .kinds import Kind, Sender, SenderContext
from .media_changes import MediaChange, read_media
from .media_send import MediaSender
from .price_changes import PriceChange, read_prices
from .price_send import PriceSender
from .product_changes import ProductChange, read_products
from .product_send import ProductSender

__all__ = ["KINDS"]


def _prices(context: SenderContext) -> Sender:
    return PriceSender(context.client, context.price_resolver, context.settings.max_items_per_call)


def _products(context: SenderContext) -> Sender:
    return ProductSender(context.client)


KINDS: Final[tuple[Kind, ...]] = (
    Kind("prices", PriceChange, read_prices, _prices),
    Kind("products", ProductChange, read_products, _products),
    Kind("media", MediaChange, read_media, MediaSender.for_context),
    Kind("discounts", DiscountChange, read_discounts, DiscountSender.for_context),
    Kind("fulfillments", ShipmentChange, read_shipments, FulfillmentSender.for_context),
    Kind("customers", CustomerChange, read_customers, CustomerSender.for_context),
)
