"""``POST /v1/prices``: validate, normalize, then store one event and one job together.

The same path as inventory (:func:`shopbridge.sources.inventory.ingress.store_items`):
the event body is the normalized document, the job ``flow="prices"`` goes to the
shop's writer (destination ``shopify:<shop>``), which routes it by flow.
"""

from __future__ import annotations

from typing import Final

from shopbridge.app import App
from shopbridge.sources.inventory.ingress import Stored, store_items
from shopbridge.sources.prices.validate import normalize
from shopbridge.sources.verdict import Refused

__all__ = ["FLOW", "SOURCE", "TOPIC", "Stored", "receive"]

SOURCE: Final = "prices"
TOPIC: Final = "prices/set"
FLOW: Final = "prices"


async def receive(
    app: App, raw: bytes, content_type: str | None, idempotency_key: str | None
) -> Stored | Refused:
    return await store_items(
        app, raw, content_type, idempotency_key, normalize, SOURCE, TOPIC, FLOW, "invalid_prices"
    )
