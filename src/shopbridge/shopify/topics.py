"""Webhook topic names: which exist, how they map to the GraphQL enum, what they are about.

Two spellings exist. Shopify sends the *wire* form in the topic header
(``orders/create``, ``inventory_levels/update``, and four ``customer.tags_added``-style
names with a dot); the Admin API subscribes with the *enum* form (``ORDERS_CREATE``).
Upper-casing the wire form gives the enum, but the way back is ambiguous (where does
``INVENTORY_LEVELS_UPDATE`` split?), so the reverse direction is a lookup in the
generated table, never string surgery.

The compliance topics are valid deliveries but not enum values: they are subscribed in
the app configuration, not through the API, so :func:`to_enum` has no answer for them.
"""

from __future__ import annotations

import re
from typing import Final

from ._topic_enum import API_VERSION, ENUM_TOPICS

__all__ = [
    "API_VERSION",
    "COMPLIANCE_TOPICS",
    "KNOWN_TOPICS",
    "default_ordering_key",
    "from_enum",
    "is_known_topic",
    "to_enum",
]

COMPLIANCE_TOPICS: Final = frozenset({"customers/data_request", "customers/redact", "shop/redact"})

_ENUM_BY_TOPIC: Final = {topic: re.sub(r"[/.]", "_", topic).upper() for topic in ENUM_TOPICS}
_TOPIC_BY_ENUM: Final = {enum: topic for topic, enum in _ENUM_BY_TOPIC.items()}

KNOWN_TOPICS: Final = frozenset(ENUM_TOPICS) | COMPLIANCE_TOPICS

# Ordering keys are JSONata paths into the REST-shaped payload. A key names the entity
# whose changes must reach a destination in order, and topics about the same entity must
# yield the same value, so refunds and fulfillments are keyed by their order.
# Exceptions first: topics whose payload does not carry the resource's usual field
# (checked against the 2026-07 example payloads).
_KEY_BY_TOPIC: Final[dict[str, str | None]] = {
    "orders/edited": "order_edit.order_id",
    "orders/risk_assessment_changed": "order_id",
    "orders/shopify_protect_eligibility_changed": "order_id",
    "refunds/create": "order_id",
    "order_transactions/create": "order_id",
    "customers/data_request": "customer.id",
    "customers/redact": "customer.id",
    # Two customers at once; no single key orders it against both.
    "customers/merge": None,
    # Carries a GID (``customerId``), not the numeric id the other customer topics use.
    "customers/purchasing_summary": None,
    # The delete payload has the checkout ``id`` but not its ``token``.
    "checkouts/delete": None,
}
_KEY_BY_RESOURCE: Final[dict[str, str]] = {
    "orders": "id",
    "fulfillments": "order_id",
    "customers": "id",
    "products": "id",
    "inventory_levels": "inventory_item_id & ':' & location_id",
    "inventory_items": "id",
    "checkouts": "token",
}


def is_known_topic(topic: str) -> bool:
    """True for a topic Shopify can deliver (2026-07 enum plus the compliance topics)."""
    return topic in KNOWN_TOPICS


def to_enum(topic: str) -> str | None:
    """``orders/create`` → ``ORDERS_CREATE``; None when the API cannot subscribe to it."""
    return _ENUM_BY_TOPIC.get(topic)


def from_enum(value: str) -> str | None:
    """``INVENTORY_LEVELS_UPDATE`` → ``inventory_levels/update``; None if not in the enum."""
    return _TOPIC_BY_ENUM.get(value)


def default_ordering_key(topic: str) -> str | None:
    """The JSONata path to the entity ``topic`` is about, or None for no default order."""
    if topic in _KEY_BY_TOPIC:
        return _KEY_BY_TOPIC[topic]
    resource, _, _ = topic.partition("/")
    return _KEY_BY_RESOURCE.get(resource) if is_known_topic(topic) else None
