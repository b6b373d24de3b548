"""Which entity a Shopify event is about, and which version of it the event carries.

A webhook payload is the resource as it was when the event fired; its top-level
``updated_at`` is that state's version. Any Shopify topic whose payload has an entity
id and an ``updated_at`` is versioned this way: ``orders/*``, ``customers/*``,
``products/*``, ``inventory_levels/update`` … (refunds, order edits and deletions carry
no ``updated_at``: they are never stale, only duplicates). The entity is the topic's
resource and the payload's own id (``orders:450789469``), so two fulfillments of one
order are two entities, not two versions of one.

Shopify writes ``updated_at`` to the second, so two changes within one second share a
version; such a pair cannot be ordered and both are delivered.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any, Final

__all__ = [
    "RECONCILED_HEADER",
    "SHOPIFY_EVENT_HEADER",
    "Seen",
    "entity_of",
    "format_time",
    "parse_time",
    "seen_in",
]

SHOPIFY_EVENT_HEADER: Final = "x-shopify-event-id"
RECONCILED_HEADER: Final = "x-shopbridge-reconciled"

# Resources whose payload has no ``id`` of its own: the fields that name the entity.
_ENTITY_FIELDS: Final[dict[str, tuple[str, ...]]] = {
    "inventory_levels": ("inventory_item_id", "location_id"),
}
_DEFAULT_FIELDS: Final = ("id",)


@dataclass(frozen=True, slots=True)
class Seen:
    """What one event carries: ``entity`` and ``updated_at`` (text and epoch seconds) when
    versioned, Shopify's event id when the webhook had one, and whether reconciliation
    made it."""

    entity: str | None
    updated_at: float | None
    updated_at_text: str | None
    shopify_event: str | None
    reconciled: bool


def parse_time(value: Any) -> float | None:
    """An ISO 8601 time (``2026-07-01T12:30:00Z``, ``…-05:00``) as epoch seconds, or None."""
    if not isinstance(value, str) or not value:
        return None
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        return None
    if moment.tzinfo is None:  # Shopify always sends an offset; assume UTC if one is missing
        moment = moment.replace(tzinfo=UTC)
    return moment.timestamp()


def format_time(epoch: float) -> str:
    """Epoch seconds as ISO 8601 UTC, to the second when whole (as Shopify writes them)."""
    moment = datetime.fromtimestamp(epoch, UTC)
    spec = "seconds" if moment.microsecond == 0 else "microseconds"
    return moment.isoformat(timespec=spec).replace("+00:00", "Z")


def entity_of(topic: str, payload: Any) -> str | None:
    """``orders:450789469`` for an ``orders/*`` payload; None when the payload names none."""
    if not isinstance(payload, Mapping):
        return None
    resource = topic.partition("/")[0]
    parts = []
    for name in _ENTITY_FIELDS.get(resource, _DEFAULT_FIELDS):
        value = payload.get(name)
        if isinstance(value, bool) or not isinstance(value, int | str) or value == "":
            return None
        parts.append(str(value))
    return f"{resource}:{'@'.join(parts)}"


def seen_in(topic: str, payload: Any, headers: Mapping[str, str]) -> Seen:
    """What the event (its topic, parsed body and recorded headers) carries."""
    entity = entity_of(topic, payload)
    text = payload.get("updated_at") if isinstance(payload, Mapping) else None
    updated_at = parse_time(text) if entity is not None else None
    return Seen(
        entity=entity if updated_at is not None else None,
        updated_at=updated_at,
        updated_at_text=text if updated_at is not None and isinstance(text, str) else None,
        shopify_event=headers.get(SHOPIFY_EVENT_HEADER) or None,
        reconciled=headers.get(RECONCILED_HEADER) == "true",
    )
