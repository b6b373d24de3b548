"""``POST /v1/discounts``: validate, normalize, then store one event and one job together.

The same path as inventory, prices and products
(:func:`shopbridge.sources.inventory.ingress.store_items`): the job ``flow="discounts"``
goes to the shop's writer (destination ``shopify:<shop>``).
"""

from __future__ import annotations

from typing import Final

from shopbridge.app import App
from shopbridge.sources.discounts.validate import normalize
from shopbridge.sources.inventory.ingress import Stored, store_items
from shopbridge.sources.verdict import Refused

__all__ = ["FLOW", "SOURCE", "TOPIC", "Stored", "receive"]

SOURCE: Final = "discounts"
TOPIC: Final = "discounts/upsert"
FLOW: Final = "discounts"


async def receive(
    app: App, raw: bytes, content_type: str | None, idempotency_key: str | None
) -> Stored | Refused:
    return await store_items(
        app, raw, content_type, idempotency_key, normalize, SOURCE, TOPIC, FLOW, "invalid_discounts"
    )
