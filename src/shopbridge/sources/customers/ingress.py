"""``POST /v1/customers``: validate, apply ownership, then store one event and one job together.

The same path as the other Shopify-write ingresses
(:func:`shopbridge.sources.inventory.ingress.store_items`): the job
``flow="customers"`` goes to the shop's writer (destination ``shopify:<shop>``). The
calling API key says which configured system is writing (``systems.<id>.api_keys``);
that decides the fields it may write and whose echo the customer's webhook will be.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Final

from shopbridge.app import App
from shopbridge.customers.settings import SystemSettings
from shopbridge.sources.customers.validate import normalizer
from shopbridge.sources.inventory.ingress import Stored, store_items
from shopbridge.sources.verdict import Refused

__all__ = ["FLOW", "SOURCE", "TOPIC", "Stored", "receive", "system_of"]

SOURCE: Final = "customers"
TOPIC: Final = "customers/upsert"
FLOW: Final = "customers"


def system_of(systems: Mapping[str, SystemSettings], key_name: str) -> str | None:
    """The configured system whose API keys include ``key_name``, if any."""
    return next((name for name, system in systems.items() if key_name in system.api_keys), None)


async def receive(
    app: App,
    raw: bytes,
    content_type: str | None,
    idempotency_key: str | None,
    key_name: str,
) -> Stored | Refused:
    system = system_of(app.settings.systems, key_name)
    normalize = normalizer(app.settings.customers, system)
    return await store_items(
        app,
        raw,
        content_type,
        idempotency_key,
        normalize,
        SOURCE,
        TOPIC,
        FLOW,
        "invalid_customers",
    )
