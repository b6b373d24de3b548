"""Inbound media from a DAM or CMS: product images and videos, banners, stored for the writer.

``document`` holds the request models and the stored shape, ``validate`` judges a
request item by item, ``ingress`` stores it as one event and one job.
"""

from shopbridge.sources.media.document import (
    MAX_ITEMS,
    MAX_UPLOAD_BYTES,
    FileItem,
    MediaBatch,
    MediaSingle,
    ProductMediaItem,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.media.ingress import FLOW, SOURCE, TOPIC, Stored, receive

__all__ = [
    "FLOW",
    "MAX_ITEMS",
    "MAX_UPLOAD_BYTES",
    "SOURCE",
    "TOPIC",
    "FileItem",
    "MediaBatch",
    "MediaSingle",
    "ProductMediaItem",
    "Stored",
    "StoredDocument",
    "StoredItem",
    "receive",
]
