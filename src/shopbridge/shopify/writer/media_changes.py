"""The media document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [...]}`` with product items
(``{"handle" | "sku", "media": [...], "version"}``) and file items
(``{"file": {...}, "metafield": {...} | null, "version"}``); see
:mod:`shopbridge.sources.media.document`. A change is a whole item: the newest
version per product (``media:product:<handle>`` or ``media:sku:<sku>``) or per file
(``media:file:<filename>``) replaces the pending one. A bad item becomes a
:class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, optional_text, parse_document

__all__ = [
    "FileTarget",
    "MediaChange",
    "MediaNotReady",
    "MediaRefused",
    "MediaSpec",
    "MetafieldSpec",
    "ProductTarget",
    "read_media",
]

MEDIA_TYPES: Final = frozenset({"IMAGE", "VIDEO", "EXTERNAL_VIDEO", "FILE"})
_MEDIUM_FIELDS: Final = frozenset(
    {"type", "source", "url", "data", "filename", "mime_type", "alt", "variants"}
)


class MediaRefused(Exception):
    """Writing a media change cannot succeed as sent (the item is dead-lettered with why)."""


class MediaNotReady(Exception):
    """Shopify is still processing media the change needs; send it again later."""


@dataclass(frozen=True, slots=True)
class MediaSpec:
    """One medium as the endpoint stored it; ``source`` (URL or ``sha256:…``) identifies it."""

    type: str | None
    source: str
    url: str | None
    data: str | None
    filename: str | None
    mime_type: str | None
    alt: str | None
    variants: tuple[str, ...]

    def as_item(self) -> dict[str, Any]:
        return {
            "type": self.type,
            "source": self.source,
            "url": self.url,
            "data": self.data,
            "filename": self.filename,
            "mime_type": self.mime_type,
            "alt": self.alt,
            "variants": list(self.variants),
        }


@dataclass(frozen=True, slots=True)
class ProductTarget:
    """A product by ``handle`` or by a variant's ``sku``, and its media list in order."""

    handle: str | None
    sku: str | None
    media: tuple[MediaSpec, ...]


@dataclass(frozen=True, slots=True)
class MetafieldSpec:
    owner: str  # "shop" or "product"
    handle: str | None
    namespace: str
    key: str


@dataclass(frozen=True, slots=True)
class FileTarget:
    """A file kept by its filename, and the metafield that references it, if any."""

    file: MediaSpec
    metafield: MetafieldSpec | None


@dataclass(frozen=True, slots=True)
class MediaChange:
    """One product's media list, or one file, as of ``version``."""

    target: ProductTarget | FileTarget
    version: float

    @property
    def key(self) -> str:
        target = self.target
        if isinstance(target, FileTarget):
            return f"media:file:{target.file.filename}"
        if target.handle is not None:
            return f"media:product:{target.handle}"
        return f"media:sku:{target.sku}"

    def as_item(self) -> dict[str, Any]:
        target = self.target
        if isinstance(target, FileTarget):
            metafield = target.metafield
            return {
                "file": target.file.as_item(),
                "metafield": None
                if metafield is None
                else {
                    "owner": metafield.owner,
                    "handle": metafield.handle,
                    "namespace": metafield.namespace,
                    "key": metafield.key,
                },
                "version": self.version,
            }
        return {
            "handle": target.handle,
            "sku": target.sku,
            "media": [spec.as_item() for spec in target.media],
            "version": self.version,
        }


def _spec(raw: Any, where: str) -> MediaSpec:
    if not isinstance(raw, Mapping):
        raise ValueError(f"'{where}' must be an object")
    unknown = raw.keys() - _MEDIUM_FIELDS
    if unknown:
        raise ValueError(f"'{where}' has unknown fields: {', '.join(sorted(unknown))}")
    kind = raw.get("type")
    if kind is not None and kind not in MEDIA_TYPES:
        raise ValueError(f"'{where}.type' must be one of {', '.join(sorted(MEDIA_TYPES))}")
    source = optional_text(raw, "source")
    url, data = optional_text(raw, "url"), optional_text(raw, "data")
    if source is None or (url is None) == (data is None):
        raise ValueError(f"'{where}' needs a source and exactly one of url or data")
    if data is not None and optional_text(raw, "filename") is None:
        raise ValueError(f"'{where}' needs a filename with its data")
    variants = raw.get("variants") or []
    if not isinstance(variants, list) or not all(isinstance(v, str) and v for v in variants):
        raise ValueError(f"'{where}.variants' must be a list of SKUs")
    alt = raw.get("alt")
    if alt is not None and not isinstance(alt, str):
        raise ValueError(f"'{where}.alt' must be a string or null")
    return MediaSpec(
        kind,
        source,
        url,
        data,
        optional_text(raw, "filename"),
        optional_text(raw, "mime_type"),
        alt,
        tuple(variants),
    )


def _metafield(raw: Any) -> MetafieldSpec | None:
    if raw is None:
        return None
    if not isinstance(raw, Mapping):
        raise ValueError("'metafield' must be an object or null")
    owner = raw.get("owner")
    handle = optional_text(raw, "handle")
    if owner not in ("shop", "product") or (owner == "product") != (handle is not None):
        raise ValueError("'metafield' needs owner shop, or owner product with a handle")
    namespace, key = optional_text(raw, "namespace"), optional_text(raw, "key")
    if namespace is None or key is None:
        raise ValueError("'metafield' needs a namespace and a key")
    return MetafieldSpec(str(owner), handle, namespace, key)


def _target(raw: Mapping[str, Any]) -> ProductTarget | FileTarget:
    if "file" in raw:
        unknown = raw.keys() - {"file", "metafield", "version"}
        if unknown:
            raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
        file = _spec(raw["file"], "file")
        if file.filename is None:
            raise ValueError("'file' needs a filename")
        return FileTarget(file, _metafield(raw.get("metafield")))
    unknown = raw.keys() - {"handle", "sku", "media", "version"}
    if unknown:
        raise ValueError(f"unknown fields: {', '.join(sorted(unknown))}")
    handle, sku = optional_text(raw, "handle"), optional_text(raw, "sku")
    if (handle is None) == (sku is None):
        raise ValueError("give 'handle' or 'sku'")
    media = raw.get("media")
    if not isinstance(media, list):
        raise ValueError("'media' must be a list")
    specs = tuple(_spec(medium, f"media.{index}") for index, medium in enumerate(media))
    if len({spec.source for spec in specs}) != len(specs):
        raise ValueError("'media' lists one medium twice")
    return ProductTarget(handle, sku, specs)


def _read_item(raw: Any) -> MediaChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    try:
        target = _target(raw)
    except ValueError as exc:
        return BadItem(raw, str(exc))
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    return MediaChange(target, float(version))


def read_media(body: bytes) -> ItemDocument:
    """Read a media job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
