"""What callers send to ``POST /v1/media``, and what we store for the writer.

Two kinds of item. A *product* item (``handle`` or ``sku``) gives the product's
media list in order: images by URL or uploaded bytes, Shopify-hosted videos (bytes)
and YouTube/Vimeo videos (``EXTERNAL_VIDEO``), each with alt text and, optionally,
the variants (by SKU) that show it. A *file* item (``file``) is a banner or another
file for the Files page, kept by its filename, optionally referenced from a
``file_reference`` metafield on the shop or a product. Uploaded bytes travel as
base64 ``data`` inside the request (``server.max_body_bytes`` bounds them).
"""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Annotated, Final, Literal, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, WithJsonSchema
from pydantic.config import JsonDict

from shopbridge.sources.inventory.document import ShopName, Text, Version

__all__ = [
    "MAX_ALT_CHARS",
    "MAX_ITEMS",
    "MAX_MEDIA",
    "MAX_UPLOAD_BYTES",
    "MAX_VARIANT_SKUS",
    "FileItem",
    "MediaBatch",
    "MediaFile",
    "MediaSingle",
    "MetafieldTarget",
    "ProductMedia",
    "ProductMediaItem",
    "StoredDocument",
    "StoredFileItem",
    "StoredItem",
    "StoredMedia",
    "StoredMetafield",
    "StoredProductItem",
]

MAX_ITEMS: Final = 250
MAX_MEDIA: Final = 250  # Shopify's limit of media per product
MAX_VARIANT_SKUS: Final = 100  # variants named in one item (looked up in one query)
MAX_ALT_CHARS: Final = 512  # fileCreate/fileUpdate: ALT_VALUE_LIMIT_EXCEEDED above
MAX_UPLOAD_BYTES: Final = 20 * 1024 * 1024  # Shopify's limit for an image
MAX_URL_CHARS: Final = 2048

MediaType = Literal["IMAGE", "VIDEO", "EXTERNAL_VIDEO"]
FileType = Literal["IMAGE", "FILE"]
Handle = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[a-z0-9][a-z0-9_-]*$")]
_URL: Final = re.compile(r"https?://[^\s/]+[^\s]*")
_FILENAME: Final = re.compile(r"[^/\\\s][^/\\]*\.[A-Za-z0-9]{1,10}")
_MIME_TYPE: Final = re.compile(r"[a-z]+/[A-Za-z0-9.+-]+")


def _matching(pattern: re.Pattern[str], message: str) -> Callable[[str], str]:
    def check(value: str) -> str:
        if not pattern.fullmatch(value):
            raise ValueError(message)
        return value

    return check


Url = Annotated[
    str,
    Field(max_length=MAX_URL_CHARS),
    AfterValidator(_matching(_URL, "must be an http or https URL")),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": MAX_URL_CHARS}),
]
Filename = Annotated[
    str,
    Field(max_length=255),
    AfterValidator(_matching(_FILENAME, "must be a file name with an extension, no folders")),
    WithJsonSchema({"type": "string", "maxLength": 255, "examples": ["back.png"]}),
]
Alt = Annotated[str, Field(max_length=MAX_ALT_CHARS)]
Base64 = Annotated[str, Field(min_length=1)]  # decoded (and judged) by the validator
MimeType = Annotated[
    str,
    Field(max_length=127),
    AfterValidator(_matching(_MIME_TYPE, "must be a MIME type such as image/png")),
    WithJsonSchema({"type": "string", "examples": ["image/png"]}),
]
Namespace = Annotated[str, Field(min_length=3, max_length=255, pattern=r"^[A-Za-z0-9_-]+$")]
Key = Annotated[str, Field(min_length=2, max_length=64, pattern=r"^[A-Za-z0-9_-]+$")]


class StoredMedia(TypedDict):
    """One normalized medium: ``source`` is the URL or ``sha256:<hex>`` of the bytes."""

    type: str | None  # IMAGE, VIDEO, EXTERNAL_VIDEO, FILE; None: Shopify decides (files)
    source: str
    url: str | None
    data: str | None  # base64, only for uploaded bytes
    filename: str | None
    mime_type: str | None
    alt: str | None
    variants: list[str]


class StoredProductItem(TypedDict):
    """A product's media list; the product is named by ``handle`` or by a variant's ``sku``."""

    handle: str | None
    sku: str | None
    media: list[StoredMedia]
    version: float


class StoredMetafield(TypedDict):
    owner: Literal["shop", "product"]
    handle: str | None
    namespace: str
    key: str


class StoredFileItem(TypedDict):
    """A file kept by its filename, and the metafield that references it, if any."""

    file: StoredMedia
    metafield: StoredMetafield | None
    version: float


StoredItem = StoredProductItem | StoredFileItem


class StoredDocument(TypedDict):
    """The stored event body: topic ``media/set``, source ``media``."""

    shop: str
    items: list[StoredItem]


_PRODUCT_EXAMPLE: JsonDict = {
    "handle": "classic-tee",
    "media": [
        {
            "url": "https://dam.example.com/tee-front.jpg",
            "alt": "Classic tee, front",
            "variants": ["TEE-S"],
        },
        {
            "data": "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAQAAAC1HAwCAAAAC0lEQVR42mNkYAAAAAYAAjCB0C8"
            "AAAAASUVORK5CYII=",
            "filename": "tee-back.png",
            "alt": "Classic tee, back",
        },
        {"url": "https://www.youtube.com/watch?v=dQw4w9WgXcQ", "type": "EXTERNAL_VIDEO"},
    ],
    "version": "2026-07-01T12:00:00Z",
}
_FILE_EXAMPLE: JsonDict = {
    "file": {
        "url": "https://dam.example.com/summer-banner.jpg",
        "filename": "summer-banner.jpg",
        "alt": "Summer sale",
    },
    "metafield": {"owner": "shop", "namespace": "custom", "key": "home_banner"},
    "version": 7,
}


class ProductMedia(BaseModel):
    """One image or video: by ``url``, or uploaded as base64 ``data`` with a ``filename``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: Url | None = Field(None, description="Where Shopify fetches it (http or https).")
    data: Base64 | None = Field(
        None, description="The file's bytes in base64, uploaded through a staged upload."
    )
    filename: Filename | None = Field(None, description="Required with data, e.g. back.png.")
    mime_type: MimeType | None = Field(
        None, description="With data; guessed from the filename when absent."
    )
    type: MediaType = Field(
        "IMAGE",
        description="IMAGE (url or data), VIDEO (data: Shopify fetches no video by URL) or "
        "EXTERNAL_VIDEO (a YouTube or Vimeo url).",
    )
    alt: Alt | None = Field(None, description="Alt text, up to 512 characters.")
    variants: list[Text] = Field(
        default_factory=list,
        max_length=MAX_VARIANT_SKUS,
        description="SKUs of the product's variants that show this medium as their image "
        "(a variant shows one).",
    )


class ProductMediaItem(BaseModel):
    """A product's media, in order: this list becomes the media shopbridge manages on it."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [_PRODUCT_EXAMPLE]}
    )

    handle: Handle | None = Field(None, description="The product's handle.")
    sku: Text | None = Field(None, description="Or the SKU of any of its variants.")
    media: list[ProductMedia] = Field(
        max_length=MAX_MEDIA,
        description="The product's media in order. Media shopbridge attached before and "
        "left out now are deleted; an empty list removes them all. Media added in Shopify "
        "by other means are kept, after these.",
    )
    version: Version | None = Field(
        None,
        description="The source's timestamp (epoch seconds, or ISO 8601 with a UTC offset) or "
        "sequence number. The newest version per product wins; older ones are dropped as "
        "stale. Without one, the time shopbridge received the request is used.",
    )


class MediaFile(BaseModel):
    """A file for the Files page (a banner, a PDF…): by ``url`` or as base64 ``data``."""

    model_config = ConfigDict(extra="forbid", strict=True)

    url: Url | None = None
    data: Base64 | None = None
    filename: Filename = Field(
        description="The file's name in Shopify and its key here: a file of that name "
        "is replaced, keeping its id."
    )
    mime_type: MimeType | None = None
    type: FileType | None = Field(
        None, description="IMAGE or FILE; Shopify decides from the file when absent."
    )
    alt: Alt | None = None


class MetafieldTarget(BaseModel):
    """A ``file_reference`` metafield set to the file, on the shop or on a product."""

    model_config = ConfigDict(extra="forbid", strict=True)

    owner: Literal["shop", "product"]
    handle: Handle | None = Field(None, description="The product's handle, with owner product.")
    namespace: Namespace
    key: Key


class FileItem(BaseModel):
    """A banner or other file, optionally referenced from a metafield (rich content)."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [_FILE_EXAMPLE]}
    )

    file: MediaFile
    metafield: MetafieldTarget | None = None
    version: Version | None = Field(
        None, description="As for product items; the newest version per filename wins."
    )


class MediaSingle(ProductMediaItem):
    """One product's media sent alone (no items list). Batches may also carry files."""

    shop: ShopName = None


class MediaBatch(BaseModel):
    """Up to 250 product or file items for one shop, accepted or refused together."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"items": [_PRODUCT_EXAMPLE, _FILE_EXAMPLE]}]},
    )

    shop: ShopName = None
    items: list[ProductMediaItem | FileItem] = Field(min_length=1, max_length=MAX_ITEMS)
