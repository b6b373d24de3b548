"""``POST /v1/fulfillments``: validate, normalize, then store one event and one job together.

The same path as inventory and products (:func:`shopbridge.sources.inventory.ingress.store_items`):
the job ``flow="fulfillments"`` goes to the shop's writer (destination ``shopify:<shop>``).
The ERP reference of an order is resolved here, with the configuration of the moment,
into the lookup the writer makes (a tag, a metafield …), so a stored job says all it needs.
"""

from __future__ import annotations

from typing import Final

from shopbridge.app import App
from shopbridge.sources.fulfillments.validate import normalizer
from shopbridge.sources.inventory.ingress import Stored, store_items
from shopbridge.sources.verdict import Refused

__all__ = ["FLOW", "SOURCE", "TOPIC", "Stored", "receive"]

SOURCE: Final = "fulfillments"
TOPIC: Final = "fulfillments/upsert"
FLOW: Final = "fulfillments"


async def receive(
    app: App, raw: bytes, content_type: str | None, idempotency_key: str | None
) -> Stored | Refused:
    normalize = normalizer(app.settings.fulfillments.order_reference)
    return await store_items(
        app,
        raw,
        content_type,
        idempotency_key,
        normalize,
        SOURCE,
        TOPIC,
        FLOW,
        "invalid_fulfillments",
    )
