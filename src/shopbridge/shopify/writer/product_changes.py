"""The products document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{"handle", "version", …fields sent}]}``
(:class:`shopbridge.sources.products.StoredItem`). A product change is the whole item:
the newest version per handle replaces the pending one as a whole, as ``productSet``
replaces the product's list fields. A bad item becomes a :class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, parse_document

__all__ = ["ProductChange", "read_products"]

_FIELDS: Final = frozenset(
    {"title", "description_html", "vendor", "product_type", "tags", "status", "options", "variants"}
)


@dataclass(frozen=True, slots=True)
class ProductChange:
    """A product's upsert by ``handle`` (``fields`` as the endpoint stored them)."""

    handle: str
    fields: Mapping[str, Any]
    version: float

    @property
    def key(self) -> str:
        return f"product:{self.handle}"

    @property
    def skus(self) -> list[str]:
        return [v["sku"] for v in self.fields.get("variants") or () if isinstance(v, Mapping)]

    def as_item(self) -> dict[str, Any]:
        return {"handle": self.handle, **self.fields, "version": self.version}


def _read_item(raw: Any) -> ProductChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    handle = raw.get("handle")
    if not isinstance(handle, str) or not handle.strip():
        return BadItem(raw, "'handle' must be a non-empty string")
    unknown = raw.keys() - _FIELDS - {"handle", "version"}
    if unknown:
        return BadItem(raw, f"unknown fields: {', '.join(sorted(unknown))}")
    if ("options" in raw) != ("variants" in raw):
        return BadItem(raw, "'options' and 'variants' go together")
    for name in ("options", "variants"):
        rows = raw.get(name, [])
        if not isinstance(rows, list) or not all(isinstance(row, Mapping) for row in rows):
            return BadItem(raw, f"'{name}' must be a list of objects")
    if not all(isinstance(v.get("sku"), str) for v in raw.get("variants", [])):
        return BadItem(raw, "every variant needs a 'sku'")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    fields = {key: value for key, value in raw.items() if key in _FIELDS}
    return ProductChange(handle, fields, float(version))


def read_products(body: bytes) -> ItemDocument:
    """Read a products job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
