"""The ``order`` and ``refund`` flow presets, registered with the flow compiler at import."""

from __future__ import annotations

from shopbridge.engine import flows

from .order_document import ORDER_TOPICS, order_document
from .refund_document import REFUND_TOPICS, refund_document

__all__ = ["ORDER", "REFUND"]

ORDER = flows.Preset(
    name="order",
    topics=ORDER_TOPICS,
    shape=order_document,
    description="a clean order: lines with SKU, quantities, prices, taxes and discounts, "
    "addresses, customer, totals",
)
REFUND = flows.Preset(
    name="refund",
    topics=REFUND_TOPICS,
    shape=refund_document,
    description="a clean refund: lines with SKU and quantities, money returned, adjustments",
)

flows.register_preset(ORDER)
flows.register_preset(REFUND)
