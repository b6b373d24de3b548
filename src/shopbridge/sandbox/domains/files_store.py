"""Files (``MediaImage``, ``Video``, ``ExternalVideo``, ``GenericFile``) and media in the store.

A file is created ``UPLOADED`` and the background worker (``bulk_runner.Worker``)
moves it to ``PROCESSING`` then ``READY``, one step per pass, Shopify's documented
progression (``File.fileStatus``). The sandbox cannot reach the internet: a file
from an external URL is recorded and marked ready without being downloaded, so its
size and dimensions stay unknown (``null``) and its URL is the external one. A file
from a staged upload is served by the sandbox, with its size and, for PNG/GIF/JPEG,
its dimensions. An external video (``EXTERNAL_VIDEO``) is a YouTube or Vimeo URL,
ready at once. A product's media order lives in an internal ``_ProductMedia``
document per product, and a variant's media in a ``_VariantMedia`` document per
variant, so the catalog's documents need not change. Detaching a file from a product
clears it from that product's variants, and deleting a file detaches it everywhere,
as Shopify documents for ``fileUpdate(referencesToRemove:)`` and ``fileDelete``.
"""

from __future__ import annotations

import mimetypes
import uuid
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from shopbridge.sandbox.gid import legacy_id, parse_gid
from shopbridge.sandbox.state import Doc, State
from shopbridge.sandbox.uploads import UPLOADS_PATH, base_url, image_size, key_of_url, read_upload

__all__ = [
    "FILE_TYPES",
    "PRODUCT_MEDIA",
    "VARIANT_MEDIA",
    "SourceError",
    "advance_file",
    "all_files",
    "attach_media",
    "delete_file",
    "detach_media",
    "media_ids_of",
    "new_file",
    "products_using",
    "replace_file",
    "set_media_ids",
    "set_variant_media_ids",
    "unique_filename",
    "variant_media_ids",
]

FILE_TYPES: Final = ("MediaImage", "Video", "ExternalVideo", "GenericFile")
PRODUCT_MEDIA: Final = "_ProductMedia"
VARIANT_MEDIA: Final = "_VariantMedia"
_TYPE_OF: Final = {
    "IMAGE": "MediaImage",
    "VIDEO": "Video",
    "EXTERNAL_VIDEO": "ExternalVideo",
    "FILE": "GenericFile",
}
_VIDEO_HOSTS: Final = {
    "youtube.com": "YOUTUBE",
    "www.youtube.com": "YOUTUBE",
    "m.youtube.com": "YOUTUBE",
    "youtu.be": "YOUTUBE",
    "vimeo.com": "VIMEO",
    "www.vimeo.com": "VIMEO",
    "player.vimeo.com": "VIMEO",
}
_NEXT_STATUS: Final = {"UPLOADED": "PROCESSING", "PROCESSING": "READY"}


class SourceError(Exception):
    """An ``originalSource`` the sandbox cannot make a file of; ``code`` is a ``FilesErrorCode``."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code, self.message = code, message


def all_files(state: State) -> list[Doc]:
    return [doc for kind in FILE_TYPES for doc in state.all(kind)]


def _content_type(given: str | None, filename: str, mime: str | None) -> str:
    if given:
        return given
    mime = mime or mimetypes.guess_type(filename)[0] or ""
    return (
        "IMAGE" if mime.startswith("image/") else "VIDEO" if mime.startswith("video/") else "FILE"
    )


def _source(state: State, url: str, content_type: str) -> dict[str, Any]:
    """Where a file's bytes come from: a staged upload here, or an external URL."""
    key = key_of_url(state, url)
    if key is not None:
        found = read_upload(state, key)
        if found is None:
            raise SourceError("INVALID", "The staged upload has no content yet.")
        content, record = found
        size = image_size(content) if content_type == "IMAGE" else None
        return {
            "url": f"{base_url(state)}{UPLOADS_PATH}/{key}",
            "filename": record["filename"],
            "mimeType": record["mimeType"],
            "fileSize": len(content),
            "size": size,
        }
    if not url.startswith(("https://", "http://")):
        code = "INVALID_IMAGE_SOURCE_URL" if content_type == "IMAGE" else "INVALID"
        raise SourceError(code, f"Invalid source URL: {url}")
    if content_type == "VIDEO":
        raise SourceError("INVALID", "Videos require a staged upload URL as originalSource.")
    name = url.split("?", 1)[0].rstrip("/").rsplit("/", 1)[-1] or "file"
    return {"url": url, "filename": name, "mimeType": mimetypes.guess_type(name)[0],
            "fileSize": None, "size": None}  # fmt: skip


def _external_video(url: str) -> dict[str, Any]:
    """The host, origin and embed URLs of a YouTube or Vimeo link; raises ``SourceError``."""
    parts = urlsplit(url)
    host = _VIDEO_HOSTS.get((parts.hostname or "").lower())
    if parts.scheme not in {"http", "https"} or host is None:
        raise SourceError("INVALID", f"External videos must be YouTube or Vimeo URLs: {url}")
    if host == "YOUTUBE":
        query = dict(pair.split("=", 1) for pair in parts.query.split("&") if "=" in pair)
        video = query.get("v") or parts.path.rstrip("/").rsplit("/", 1)[-1]
        embed = f"https://www.youtube.com/embed/{video}"
    else:
        embed = f"https://player.vimeo.com/video/{parts.path.rstrip('/').rsplit('/', 1)[-1]}"
    return {"host": host, "originUrl": url, "embedUrl": embed}


def new_file(state: State, given: Mapping[str, Any], alt_default: str | None = None) -> Doc:
    """A file from a ``FileCreateInput``/``CreateMediaInput``; raises ``SourceError``."""
    url = given["originalSource"]
    wanted = given.get("contentType") or given.get("mediaContentType")
    if wanted == "EXTERNAL_VIDEO":
        return _new_external_video(state, url, given.get("alt") or alt_default or "")
    guess_name = url.split("?", 1)[0].rsplit("/", 1)[-1]
    content_type = _content_type(wanted, given.get("filename") or guess_name, None)
    source = _source(state, url, content_type)
    content_type = _content_type(wanted, source["filename"], source["mimeType"])
    type_name = _TYPE_OF[content_type]
    now = state.now()
    doc: Doc = {
        "__typename": type_name,
        "id": state.new_gid(type_name),
        "alt": given.get("alt") if given.get("alt") is not None else alt_default or "",
        "filename": given.get("filename") or source["filename"],
        "mimeType": source["mimeType"],
        "originalFileSize": source["fileSize"],
        "sourceUrl": source["url"],
        "imageSize": source["size"],
        "fileStatus": "UPLOADED",
        "fileErrors": [],
        "mediaErrors": [],
        "mediaWarnings": [],
        "createdAt": now,
        "updatedAt": now,
    }
    return state.save(doc)


def _new_external_video(state: State, url: str, alt: str) -> Doc:
    now = state.now()
    doc: Doc = {
        "__typename": "ExternalVideo",
        "id": state.new_gid("ExternalVideo"),
        "alt": alt,
        "filename": url.rstrip("/").rsplit("/", 1)[-1] or "video",
        "mimeType": None,
        "originalFileSize": None,
        "sourceUrl": url,
        "imageSize": None,
        **_external_video(url),
        "fileStatus": "READY",
        "fileErrors": [],
        "mediaErrors": [],
        "mediaWarnings": [],
        "createdAt": now,
        "updatedAt": now,
    }
    return state.save(doc)


def replace_file(state: State, existing: Mapping[str, Any], given: Mapping[str, Any]) -> Doc:
    """``existing`` with the source and alt of ``given`` (same id, processed again);
    raises ``SourceError``. For ``fileCreate(duplicateResolutionMode: REPLACE)``."""
    replacement = new_file(state, given)
    parsed = parse_gid(replacement["id"])
    state.delete(parsed.type, parsed.id)
    if parsed.type != existing["__typename"]:
        raise SourceError("INVALID", "The replacement must be the same kind of file.")
    doc = dict(existing)
    for key in ("mimeType", "originalFileSize", "sourceUrl", "imageSize"):
        doc[key] = replacement[key]
    if given.get("alt") is not None:
        doc["alt"] = given["alt"]
    doc["fileStatus"] = "UPLOADED"
    doc["updatedAt"] = state.now()
    return state.save(doc)


def unique_filename(state: State, filename: str, mode: str | None, own_id: str) -> str | None:
    """``filename``, or with a UUID appended when taken (``APPEND_UUID``, the default);
    ``None`` when taken and ``RAISE_ERROR``."""
    taken = {doc["filename"] for doc in all_files(state) if doc["id"] != own_id}
    if filename not in taken:
        return filename
    if mode == "RAISE_ERROR":
        return None
    stem, dot, extension = filename.rpartition(".")
    suffix = uuid.uuid4()
    return f"{stem}_{suffix}.{extension}" if dot else f"{filename}_{suffix}"


def advance_file(state: State, doc: Mapping[str, Any]) -> bool:
    """Move a file one step towards ``READY``; ``False`` when it is already there."""
    following = _NEXT_STATUS.get(doc["fileStatus"])
    if following is None:
        return False
    with state.transaction(source="file_processing"):
        state.save({**doc, "fileStatus": following, "updatedAt": state.now()})
    return True


def media_ids_of(state: State, product_id: str) -> list[str]:
    found = state.get(PRODUCT_MEDIA, legacy_id(product_id))
    return list(found["mediaIds"]) if found else []


def set_media_ids(state: State, product_id: str, media_ids: list[str]) -> None:
    state.put(
        PRODUCT_MEDIA, legacy_id(product_id), {"productId": product_id, "mediaIds": media_ids}
    )


def attach_media(state: State, product_id: str, media_id: str) -> None:
    ids = media_ids_of(state, product_id)
    if media_id not in ids:
        set_media_ids(state, product_id, [*ids, media_id])


def detach_media(state: State, product_id: str, media_id: str) -> None:
    """Take a file off a product's media, and off every variant of it that shows it."""
    ids = media_ids_of(state, product_id)
    if media_id in ids:
        set_media_ids(state, product_id, [i for i in ids if i != media_id])
    for found in state.all(VARIANT_MEDIA):
        if found["productId"] == product_id and media_id in found["mediaIds"]:
            kept = [i for i in found["mediaIds"] if i != media_id]
            set_variant_media_ids(state, found["variantId"], product_id, kept)


def variant_media_ids(state: State, variant_id: str) -> list[str]:
    found = state.get(VARIANT_MEDIA, legacy_id(variant_id))
    return list(found["mediaIds"]) if found else []


def set_variant_media_ids(
    state: State, variant_id: str, product_id: str, media_ids: list[str]
) -> None:
    key = legacy_id(variant_id)
    if not media_ids:
        if state.get(VARIANT_MEDIA, key) is not None:
            state.delete(VARIANT_MEDIA, key)
        return
    state.put(
        VARIANT_MEDIA,
        key,
        {"variantId": variant_id, "productId": product_id, "mediaIds": media_ids},
    )


def products_using(state: State, media_id: str) -> list[str]:
    return [d["productId"] for d in state.all(PRODUCT_MEDIA) if media_id in d["mediaIds"]]


def delete_file(state: State, doc: Mapping[str, Any]) -> None:
    """Delete a file and its place in every product's media."""
    for product_id in products_using(state, doc["id"]):
        detach_media(state, product_id, doc["id"])
    parsed = parse_gid(doc["id"])
    state.delete(parsed.type, parsed.id)
