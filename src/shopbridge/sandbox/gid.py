"""Shopify global IDs: ``gid://shopify/Product/8123456789012``.

The sandbox stores every entity under its type name and numeric (legacy) id, and
writes the GID into the document's ``id``. A few types carry a query string, as
Shopify's do: ``gid://shopify/InventoryLevel/113?inventory_item_id=4512``.
"""

from __future__ import annotations

import hashlib
import re
import zlib
from dataclasses import dataclass
from typing import Final

__all__ = ["Gid", "InvalidGidError", "gid", "legacy_id", "next_id", "parse_gid"]

_GID: Final = re.compile(
    r"^gid://(?P<app>[^/\s]+)/(?P<type>[A-Za-z]\w*)/(?P<id>[^/\s?]+)(?:\?(?P<qs>\S*))?$"
)


class InvalidGidError(ValueError):
    """The string is not a global ID."""


@dataclass(frozen=True, slots=True)
class Gid:
    """A parsed global ID."""

    type: str
    id: int
    query: str = ""
    app: str = "shopify"

    def __str__(self) -> str:
        text = f"gid://{self.app}/{self.type}/{self.id}"
        return f"{text}?{self.query}" if self.query else text


def gid(type_name: str, numeric_id: int, query: str = "") -> str:
    """``gid://shopify/<type_name>/<numeric_id>[?query]``."""
    return str(Gid(type_name, numeric_id, query))


def parse_gid(value: object, expected_type: str | None = None) -> Gid:
    """Parse a Shopify GID; raise ``InvalidGidError`` when it is not one.

    ``expected_type`` also rejects a GID of another type (``Product`` given where a
    ``ProductVariant`` is expected).
    """
    if not isinstance(value, str):
        raise InvalidGidError(f"Invalid global id '{value}'")
    match = _GID.match(value)
    if match is None or not match["id"].isdigit():
        raise InvalidGidError(f"Invalid global id '{value}'")
    parsed = Gid(match["type"], int(match["id"]), match["qs"] or "", match["app"])
    if expected_type is not None and parsed.type != expected_type:
        raise InvalidGidError(f"Invalid id: {value}")
    return parsed


def legacy_id(value: str) -> int:
    """The numeric part of a GID (``legacyResourceId``)."""
    return parse_gid(value).id


def next_id(type_name: str, current: int | None, seed: int = 0) -> int:
    """The id after ``current`` for ``type_name``, Shopify-like: above 10^12 (a start
    per type and seed), increasing by 1 to 9, the gaps fixed by ``seed``."""
    if current is None:
        start = 1_000_000_000_000 + (zlib.crc32(type_name.encode()) % 9_000) * 1_000_000_000
        current = start + seed % 1_000 * 1_000_000
    digest = hashlib.blake2b(f"{seed}:{type_name}:{current}".encode(), digest_size=2)
    return current + 1 + int.from_bytes(digest.digest()) % 9
