"""The products document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{identity, "version", …fields sent}]}``
(:class:`shopbridge.sources.products.StoredItem`), the identity being
``external_id`` (a custom ID), else ``sku`` (a variant's), else ``handle``. A product
change is the whole item: the newest version per identity replaces the pending one as
a whole, as ``productSet`` replaces the product's list fields. A bad item becomes a
:class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, parse_document

__all__ = ["ExternalId", "ProductChange", "read_products"]

_FIELDS: Final = frozenset(
    {
        "handle", "title", "description_html", "vendor", "product_type", "tags", "status",
        "options", "variants", "metafields",
    }
)  # fmt: skip
_LISTS: Final = ("options", "variants", "metafields")
_ID_PARTS: Final = ("namespace", "key", "value")


@dataclass(frozen=True, slots=True)
class ExternalId:
    """A custom ID: the value of an ``id``-type product metafield."""

    namespace: str
    key: str
    value: str

    def as_input(self) -> dict[str, str]:
        """As ``UniqueMetafieldValueInput`` (and as stored)."""
        return {"namespace": self.namespace, "key": self.key, "value": self.value}


@dataclass(frozen=True, slots=True)
class ProductChange:
    """A product's upsert (``fields`` as the endpoint stored them, ``handle`` among them).

    Found by ``external_id`` if set, else by ``sku`` (the product with a variant of that
    SKU), else by the ``handle`` field.
    """

    fields: Mapping[str, Any]
    version: float
    sku: str | None = None
    external_id: ExternalId | None = None

    @property
    def handle(self) -> str | None:
        handle = self.fields.get("handle")
        return handle if isinstance(handle, str) else None

    @property
    def key(self) -> str:
        """One coalescing key per identity: ``product:<handle>``, ``product:sku:<sku>`` or
        ``product:custom:<namespace>.<key>=<value>`` (a handle has no ``:``)."""
        if self.external_id is not None:
            found = self.external_id
            return f"product:custom:{found.namespace}.{found.key}={found.value}"
        if self.sku is not None:
            return f"product:sku:{self.sku}"
        return f"product:{self.handle}"

    @property
    def skus(self) -> list[str]:
        found = [v["sku"] for v in self.fields.get("variants") or () if isinstance(v, Mapping)]
        return found if self.sku is None or self.sku in found else [self.sku, *found]

    def as_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {**self.fields, "version": self.version}
        if self.sku is not None:
            item["sku"] = self.sku
        if self.external_id is not None:
            item["external_id"] = self.external_id.as_input()
        return item


def _read_item(raw: Any) -> ProductChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    unknown = raw.keys() - _FIELDS - {"sku", "external_id", "version"}
    if unknown:
        return BadItem(raw, f"unknown fields: {', '.join(sorted(unknown))}")
    try:
        sku, external_id = _identity(raw)
    except ValueError as exc:
        return BadItem(raw, str(exc))
    if ("options" in raw) != ("variants" in raw):
        return BadItem(raw, "'options' and 'variants' go together")
    for name in _LISTS:
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
    return ProductChange(fields, float(version), sku, external_id)


def _identity(raw: Mapping[str, Any]) -> tuple[str | None, ExternalId | None]:
    """The item's ``sku`` and ``external_id``; ``ValueError`` without a usable identity."""
    sku, given = raw.get("sku"), raw.get("external_id")
    if sku is not None and (not isinstance(sku, str) or not sku.strip()):
        raise ValueError("'sku' must be a non-empty string")
    if given is not None:
        parts = [given.get(name) if isinstance(given, Mapping) else None for name in _ID_PARTS]
        texts = [part for part in parts if isinstance(part, str) and part]
        if len(texts) != len(_ID_PARTS):
            raise ValueError("'external_id' needs a namespace, a key and a value")
        if sku is not None:
            raise ValueError("give 'sku' or 'external_id', not both")
        return None, ExternalId(*texts)
    handle = raw.get("handle")
    if sku is None and (not isinstance(handle, str) or not handle.strip()):
        raise ValueError("'handle' must be a non-empty string (or give 'sku' or 'external_id')")
    return sku, None


def read_products(body: bytes) -> ItemDocument:
    """Read a products job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
