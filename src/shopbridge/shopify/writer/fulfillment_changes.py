"""The shipments document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{"shipment_id", "order", "lines"?,
"tracking"?, "notify_customer", "status"?, …, "version"}]}``
(:class:`shopbridge.sources.fulfillments.document.StoredItem`). A shipment change is
the shipment as the WMS knew it: the newest version per shipment replaces a pending
one as a whole. A bad item becomes a :class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, parse_document

__all__ = ["ORDER_LOOKUPS", "Line", "ShipmentChange", "TrackingInfo", "read_shipments"]

ORDER_LOOKUPS: Final = frozenset(
    {"id", "name", "tag", "metafield", "source_identifier", "po_number"}
)
_FIELDS: Final = frozenset(
    {
        "shipment_id",
        "order",
        "lines",
        "tracking",
        "notify_customer",
        "status",
        "status_message",
        "happened_at",
        "estimated_delivery_at",
        "version",
    }
)
_EVENT_TEXTS: Final = ("status_message", "happened_at", "estimated_delivery_at")


@dataclass(frozen=True, slots=True)
class Line:
    sku: str
    quantity: int


@dataclass(frozen=True, slots=True)
class TrackingInfo:
    """A carrier and its parcels: numbers, and one URL per number (or none)."""

    company: str | None
    numbers: tuple[str, ...]
    urls: tuple[str, ...]


@dataclass(frozen=True, slots=True)
class ShipmentChange:
    """One shipment: create its fulfillment, update its tracking, record its status."""

    shipment_id: str
    order: Mapping[str, str]
    lines: tuple[Line, ...] | str | None  # "all", the lines, or None (not sent)
    tracking: TrackingInfo | None
    notify_customer: bool
    status: str | None
    event_details: Mapping[str, str]  # status_message, happened_at, estimated_delivery_at
    version: float

    @property
    def key(self) -> str:
        return f"shipment:{self.shipment_id}"

    def as_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "shipment_id": self.shipment_id,
            "order": dict(self.order),
            "notify_customer": self.notify_customer,
            "version": self.version,
        }
        if self.lines is not None:
            item["lines"] = (
                self.lines
                if isinstance(self.lines, str)
                else [{"sku": line.sku, "quantity": line.quantity} for line in self.lines]
            )
        if self.tracking is not None:
            item["tracking"] = {
                "company": self.tracking.company,
                "numbers": list(self.tracking.numbers),
                "urls": list(self.tracking.urls),
            }
        if self.status is not None:
            item["status"] = self.status
        return item | dict(self.event_details)


def _texts(raw: Any) -> tuple[str, ...] | None:
    if not isinstance(raw, list) or not all(isinstance(x, str) and x for x in raw):
        return None
    return tuple(raw)


def _lines(raw: Any) -> tuple[Line, ...] | str | None:
    if raw == "all":
        return "all"
    if not isinstance(raw, list) or not raw:
        raise ValueError("'lines' must be 'all' or a non-empty list")
    lines = []
    for line in raw:
        sku = line.get("sku") if isinstance(line, Mapping) else None
        quantity = line.get("quantity") if isinstance(line, Mapping) else None
        if not isinstance(sku, str) or isinstance(quantity, bool) or not isinstance(quantity, int):
            raise ValueError("every line needs a 'sku' and an integer 'quantity'")
        if quantity < 1:
            raise ValueError("every line's 'quantity' must be 1 or more")
        lines.append(Line(sku, quantity))
    return tuple(lines)


def _tracking(raw: Any) -> TrackingInfo:
    if not isinstance(raw, Mapping):
        raise ValueError("'tracking' must be an object")
    company = raw.get("company")
    numbers, urls = _texts(raw.get("numbers", [])), _texts(raw.get("urls", []))
    if (company is not None and not isinstance(company, str)) or numbers is None or urls is None:
        raise ValueError("'tracking' needs a text 'company' and lists of 'numbers' and 'urls'")
    if urls and len(urls) != len(numbers):
        raise ValueError("'tracking.urls' must match 'tracking.numbers' one for one")
    return TrackingInfo(company, numbers, urls)


def _read_item(raw: Any) -> ShipmentChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    unknown = raw.keys() - _FIELDS
    if unknown:
        return BadItem(raw, f"unknown fields: {', '.join(sorted(unknown))}")
    shipment_id, order = raw.get("shipment_id"), raw.get("order")
    if not isinstance(shipment_id, str) or not shipment_id.strip():
        return BadItem(raw, "'shipment_id' must be a non-empty string")
    if (
        not isinstance(order, Mapping)
        or order.get("by") not in ORDER_LOOKUPS
        or not isinstance(order.get("value"), str)
        or not all(isinstance(value, str) for value in order.values())
    ):
        return BadItem(raw, "'order' must say how to find the order ('by' and 'value')")
    try:
        lines = _lines(raw["lines"]) if "lines" in raw else None
        tracking = _tracking(raw["tracking"]) if "tracking" in raw else None
    except ValueError as exc:
        return BadItem(raw, str(exc))
    status = raw.get("status")
    if status is not None and not isinstance(status, str):
        return BadItem(raw, "'status' must be a string")
    details = {name: raw[name] for name in _EVENT_TEXTS if raw.get(name) is not None}
    if not all(isinstance(value, str) for value in details.values()):
        return BadItem(raw, "event details must be strings")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    return ShipmentChange(
        shipment_id,
        dict(order),
        lines,
        tracking,
        bool(raw.get("notify_customer", False)),
        status,
        details,
        float(version),
    )


def read_shipments(body: bytes) -> ItemDocument:
    """Read a fulfillments job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
