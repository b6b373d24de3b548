"""``POST /v1/media``: validate, normalize, then store one event and one job together.

The same path as inventory, prices and products
(:func:`shopbridge.sources.inventory.ingress.store_items`): the job ``flow="media"``
goes to the shop's writer (destination ``shopify:<shop>``). Uploaded bytes stay in
the event body until the writer stages them to Shopify.
"""

from __future__ import annotations

from typing import Final

from shopbridge.app import App
from shopbridge.sources.inventory.ingress import Stored, store_items
from shopbridge.sources.media.validate import normalize
from shopbridge.sources.verdict import Refused

__all__ = ["FLOW", "SOURCE", "TOPIC", "Stored", "receive"]

SOURCE: Final = "media"
TOPIC: Final = "media/set"
FLOW: Final = "media"


async def receive(
    app: App, raw: bytes, content_type: str | None, idempotency_key: str | None
) -> Stored | Refused:
    return await store_items(
        app, raw, content_type, idempotency_key, normalize, SOURCE, TOPIC, FLOW, "invalid_media"
    )
