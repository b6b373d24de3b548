"""The inventory document a job carries, read into values the writer can coalesce.

The endpoint stores one event per request with the body
``{"shop": …, "items": [{"sku", "inventory_item_id", "location", "location_id",
"name", "quantity", "version"}]}``; a replayed dead item carries the same shape with
one item. The endpoint validated the items already, but a job may be older than the
current rules, so each item is read again here: a bad one becomes a
:class:`BadItem` (dead-lettered with the reason), never an exception for the batch.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any, Final

if TYPE_CHECKING:
    from .kinds import Change

__all__ = [
    "QUANTITY_NAMES",
    "BadItem",
    "InventoryChange",
    "ItemDocument",
    "one_item_document",
    "optional_text",
    "parse_document",
    "read_document",
]

QUANTITY_NAMES: Final = ("available", "on_hand")


@dataclass(frozen=True, slots=True)
class InventoryChange:
    """One absolute quantity for one item at one location, as of ``version``."""

    sku: str | None
    inventory_item_id: str | None
    location: str | None
    location_id: str | None
    name: str
    quantity: int
    version: float

    @property
    def key(self) -> str:
        """The coalescing key: ``inventory:<sku or item gid>@<location or gid>:<name>``."""
        item = self.sku if self.sku is not None else self.inventory_item_id
        place = self.location if self.location is not None else self.location_id
        return f"inventory:{item}@{place}:{self.name}"

    def as_item(self) -> dict[str, Any]:
        return {
            "sku": self.sku,
            "inventory_item_id": self.inventory_item_id,
            "location": self.location,
            "location_id": self.location_id,
            "name": self.name,
            "quantity": self.quantity,
            "version": self.version,
        }


@dataclass(frozen=True, slots=True)
class BadItem:
    """An item that cannot be written, with the raw item kept for the dead letter."""

    raw: Any
    reason: str


@dataclass(frozen=True, slots=True)
class ItemDocument:
    shop: str | None
    items: tuple[Change | BadItem, ...]


def optional_text(raw: Mapping[str, Any], name: str) -> str | None:
    """``raw[name]``: a non-empty string, or None when absent or null (else ValueError)."""
    value = raw.get(name)
    if value is None:
        return None
    if not isinstance(value, str) or not value.strip():
        raise ValueError(f"'{name}' must be a non-empty string or null")
    return value


def _read_item(raw: Any) -> InventoryChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    try:
        sku, item_id = optional_text(raw, "sku"), optional_text(raw, "inventory_item_id")
        location, location_id = optional_text(raw, "location"), optional_text(raw, "location_id")
    except ValueError as exc:
        return BadItem(raw, str(exc))
    if sku is None and item_id is None:
        return BadItem(raw, "give 'sku' or 'inventory_item_id'")
    if location is None and location_id is None:
        return BadItem(raw, "give 'location' or 'location_id'")
    name = raw.get("name")
    if name not in QUANTITY_NAMES:
        return BadItem(raw, f"'name' must be one of {', '.join(QUANTITY_NAMES)}")
    quantity = raw.get("quantity")
    if isinstance(quantity, bool) or not isinstance(quantity, int):
        return BadItem(raw, "'quantity' must be an integer")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    return InventoryChange(sku, item_id, location, location_id, name, quantity, float(version))


def read_document(body: bytes) -> ItemDocument:
    """Read a job's document; ``ValueError`` when it is not the inventory shape at all."""
    return parse_document(body, _read_item)


def parse_document(body: bytes, read_item: Callable[[Any], Change | BadItem]) -> ItemDocument:
    """``{"shop", "items": [...]}`` with each item read by ``read_item``."""
    try:
        parsed = json.loads(body)
    except ValueError as exc:
        raise ValueError(f"the document is not JSON: {exc}") from exc
    if not isinstance(parsed, Mapping) or not isinstance(parsed.get("items"), list):
        raise ValueError("the document has no 'items' list")
    shop = parsed.get("shop")
    return ItemDocument(
        shop if isinstance(shop, str) else None,
        tuple(read_item(raw) for raw in parsed["items"]),
    )


def one_item_document(shop: str, item: Change | BadItem) -> bytes:
    """The payload of a dead item's job: the same shape, one item, replayable as is."""
    raw = item.raw if isinstance(item, BadItem) else item.as_item()
    return json.dumps({"shop": shop, "items": [raw]}, separators=(",", ":")).encode()
