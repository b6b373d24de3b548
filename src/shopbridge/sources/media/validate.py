"""Judge a whole media request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.3.media.1.data``, as for inventory,
prices and products (whose shop and error helpers this reuses). Checked here, so
that Shopify's predictable refusals never reach the queue: a medium comes by ``url``
or by ``data``, never both; uploaded bytes are valid base64 within the size limit,
with a filename and a type that matches the kind of medium; a video is uploaded (an
``EXTERNAL_VIDEO`` is a YouTube or Vimeo URL); no medium twice in one product, and no
variant shown by two media.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import mimetypes
from collections.abc import Mapping
from typing import Final, TypeVar
from urllib.parse import urlsplit

from pydantic import BaseModel, ValidationError

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.media.document import (
    MAX_ITEMS,
    MAX_MEDIA,
    MAX_UPLOAD_BYTES,
    MAX_VARIANT_SKUS,
    FileItem,
    MediaFile,
    ProductMedia,
    ProductMediaItem,
    StoredDocument,
    StoredFileItem,
    StoredItem,
    StoredMedia,
    StoredMetafield,
    StoredProductItem,
)
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["VIDEO_HOSTS", "normalize"]

VIDEO_HOSTS: Final = frozenset(
    {
        "youtube.com",
        "www.youtube.com",
        "m.youtube.com",
        "youtu.be",
        "vimeo.com",
        "www.vimeo.com",
        "player.vimeo.com",
    }
)
_MIME_PREFIX: Final = {"IMAGE": "image/", "VIDEO": "video/"}

M = TypeVar("M", bound=BaseModel)


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found: tuple[str, list[StoredItem]] | list[FieldError] = normalize_batch(
        payload, shops, received_at, _read_item, noun="item", limit=MAX_ITEMS
    )
    if isinstance(found, list):
        return found
    shop, items = found
    document: StoredDocument = {"shop": shop, "items": items}
    return document


def _read_item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    if "file" in raw:
        return _file_item(prefix, raw, received_at, problems)
    return _product_item(prefix, raw, received_at, problems)


def _product_item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredProductItem | None:
    found = len(problems)
    given = [key for key in ("handle", "sku") if raw.get(key) is not None]
    if not given:
        problems.append(FieldError(prefix + "handle", "required: give handle, sku or file"))
    elif len(given) == 2:
        problems.append(FieldError(prefix + "handle", "give handle or sku, not both"))
    item = _validated(ProductMediaItem, prefix, {**raw, "media": []}, problems)
    listed = raw.get("media")
    if not isinstance(listed, list) or len(listed) > MAX_MEDIA:
        message = "required" if "media" not in raw else f"must be a list of 0 to {MAX_MEDIA}"
        problems.append(FieldError(prefix + "media", message))
        return None
    media: list[StoredMedia | None] = []  # judged one by one: one bad medium hides nothing
    for index, raw_medium in enumerate(listed):
        where = f"{prefix}media.{index}."
        medium = _validated(ProductMedia, where, raw_medium, problems)
        media.append(None if medium is None else _medium(where, medium, problems))
    _check_repeats(prefix, media, problems)
    if item is None or len(problems) > found:
        return None
    return {
        "handle": item.handle,
        "sku": item.sku,
        "media": [medium for medium in media if medium is not None],
        "version": item.version if item.version is not None else received_at,
    }


def _file_item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredFileItem | None:
    found = len(problems)
    item = _validated(FileItem, prefix, raw, problems)
    if item is None:
        return None
    stored = _medium(prefix + "file.", item.file, problems)
    metafield: StoredMetafield | None = None
    if item.metafield is not None:
        target = item.metafield
        if target.owner == "product" and target.handle is None:
            problems.append(FieldError(prefix + "metafield.handle", "required with owner product"))
        elif target.owner == "shop" and target.handle is not None:
            problems.append(FieldError(prefix + "metafield.handle", "only with owner product"))
        metafield = {
            "owner": target.owner,
            "handle": target.handle,
            "namespace": target.namespace,
            "key": target.key,
        }
    if stored is None or len(problems) > found:
        return None
    return {
        "file": stored,
        "metafield": metafield,
        "version": item.version if item.version is not None else received_at,
    }


def _validated(model: type[M], prefix: str, raw: JSONValue, problems: list[FieldError]) -> M | None:
    if not isinstance(raw, dict):
        problems.append(FieldError(prefix.rstrip("."), "must be an object"))
        return None
    try:
        return model.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None


def _medium(
    where: str, given: ProductMedia | MediaFile, problems: list[FieldError]
) -> StoredMedia | None:
    """One medium normalized; its problems are added under ``where``."""
    found = len(problems)
    kind = given.type  # None: a file whose kind Shopify decides
    if (given.url is None) == (given.data is None):
        both = given.url is not None
        problems.append(
            FieldError(
                where + "url",
                "give url or data, not both" if both else "required: give url or data",
            )
        )
        return None
    content = _decoded(where, given.data, problems) if given.data is not None else None
    mime_type = given.mime_type
    if given.url is not None:
        for name in ("mime_type",) if isinstance(given, MediaFile) else ("filename", "mime_type"):
            if getattr(given, name) is not None:
                problems.append(FieldError(where + name, "only with data"))
        if kind == "VIDEO":
            problems.append(
                FieldError(
                    where + "url",
                    "Shopify fetches no video by URL: send its bytes in data, "
                    "or use type EXTERNAL_VIDEO for a YouTube or Vimeo link",
                )
            )
        elif kind == "EXTERNAL_VIDEO" and (urlsplit(given.url).hostname or "") not in VIDEO_HOSTS:
            problems.append(
                FieldError(where + "url", "an EXTERNAL_VIDEO is a YouTube or Vimeo URL")
            )
    else:
        if kind == "EXTERNAL_VIDEO":
            problems.append(
                FieldError(where + "data", "an EXTERNAL_VIDEO is a YouTube or Vimeo url")
            )
        if given.filename is None:
            problems.append(FieldError(where + "filename", "required with data"))
        else:
            mime_type = mime_type or mimetypes.guess_type(given.filename)[0]
            if mime_type is None:
                problems.append(
                    FieldError(where + "mime_type", "required: the filename does not tell the type")
                )
        prefix = _MIME_PREFIX.get(kind or "")
        if prefix is not None and mime_type is not None and not mime_type.startswith(prefix):
            problems.append(FieldError(where + "mime_type", f"must be {prefix}… for a {kind}"))
    if len(problems) > found:
        return None
    source = given.url if content is None else "sha256:" + hashlib.sha256(content).hexdigest()
    assert source is not None
    return {
        "type": kind,
        "source": source,
        "url": given.url,
        "data": given.data,
        "filename": given.filename,
        "mime_type": mime_type,
        "alt": given.alt,
        "variants": list(dict.fromkeys(given.variants)) if isinstance(given, ProductMedia) else [],
    }


def _decoded(where: str, data: str, problems: list[FieldError]) -> bytes | None:
    try:
        content = base64.b64decode(data, validate=True)
    except (binascii.Error, ValueError):
        problems.append(FieldError(where + "data", "is not valid base64"))
        return None
    if len(content) > MAX_UPLOAD_BYTES:
        limit = MAX_UPLOAD_BYTES // (1024 * 1024)
        problems.append(FieldError(where + "data", f"is larger than {limit} MiB"))
        return None
    return content


def _check_repeats(
    prefix: str, media: list[StoredMedia | None], problems: list[FieldError]
) -> None:
    """No medium twice in one list, no variant shown by two media, few enough variants."""
    sources: dict[str, int] = {}
    shown_by: dict[str, int] = {}
    for index, medium in enumerate(media):
        if medium is None:
            continue
        where = f"{prefix}media.{index}."
        first = sources.setdefault(medium["source"], index)
        if first != index:
            what = "url" if medium["url"] is not None else "data"
            problems.append(FieldError(where + what, f"the same medium as media.{first}"))
        for position, sku in enumerate(medium["variants"]):
            earlier = shown_by.setdefault(sku, index)
            if earlier != index:
                problems.append(
                    FieldError(
                        f"{where}variants.{position}",
                        f"'{sku}' already shows media.{earlier} (a variant shows one medium)",
                    )
                )
    if len(shown_by) > MAX_VARIANT_SKUS:
        problems.append(
            FieldError(prefix + "media", f"at most {MAX_VARIANT_SKUS} variants per product")
        )
