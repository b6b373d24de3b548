"""A media job read into changes: keys per product or file, bad items with their reason."""

from __future__ import annotations

import json
from typing import Any

from shopbridge.shopify.writer import BadItem, one_item_document
from shopbridge.shopify.writer.media_changes import FileTarget, MediaChange, read_media

FRONT = "https://dam.example.com/front.jpg"
MEDIUM: dict[str, Any] = {
    "type": "IMAGE",
    "source": FRONT,
    "url": FRONT,
    "data": None,
    "filename": None,
    "mime_type": None,
    "alt": "Front",
    "variants": ["T-S"],
}
PRODUCT: dict[str, Any] = {"handle": "tee", "sku": None, "media": [MEDIUM], "version": 2.0}
FILE: dict[str, Any] = {
    "file": {**MEDIUM, "type": None, "filename": "home.jpg", "variants": []},
    "metafield": {"owner": "product", "handle": "tee", "namespace": "custom", "key": "hb"},
    "version": 1.0,
}


def _read(*items: Any) -> list[object]:
    return list(read_media(json.dumps({"shop": "acme", "items": list(items)}).encode()).items)


def test_items_read_into_changes_keyed_by_target_and_replay_as_themselves() -> None:
    by_sku = {**PRODUCT, "handle": None, "sku": "T-S"}
    product, file, sku = _read(PRODUCT, FILE, by_sku)
    assert isinstance(product, MediaChange)
    assert isinstance(file, MediaChange)
    assert isinstance(sku, MediaChange)
    assert (product.key, file.key, sku.key) == (
        "media:product:tee",
        "media:file:home.jpg",
        "media:sku:T-S",
    )
    assert isinstance(file.target, FileTarget)
    for change, item in ((product, PRODUCT), (file, FILE), (sku, by_sku)):
        assert json.loads(one_item_document("acme", change)) == {"shop": "acme", "items": [item]}


def test_bad_items_say_why() -> None:
    twice = {**PRODUCT, "media": [MEDIUM, MEDIUM]}
    reasons = [
        item.reason
        for item in _read(
            [],
            {**PRODUCT, "sku": "T-S"},
            {**PRODUCT, "media": [{**MEDIUM, "data": "AAAA"}]},
            {**PRODUCT, "media": [{**MEDIUM, "type": "GIF"}]},
            twice,
            {**FILE, "file": {**FILE["file"], "filename": None}},
            {**FILE, "metafield": {**FILE["metafield"], "handle": None}},
            {**PRODUCT, "version": "soon"},
            {**PRODUCT, "colour": "red"},
        )
        if isinstance(item, BadItem)
    ]
    assert reasons == [
        "the item is not an object",
        "give 'handle' or 'sku'",
        "'media.0' needs a source and exactly one of url or data",
        "'media.0.type' must be one of EXTERNAL_VIDEO, FILE, IMAGE, VIDEO",
        "'media' lists one medium twice",
        "'file' needs a filename",
        "'metafield' needs owner shop, or owner product with a handle",
        "'version' must be a number",
        "unknown fields: colour",
    ]
