"""The demo's DAM step: images, a video link and a banner reach Shopify through ``/v1/media``.

The DAM is one more upstream system with its own API key (scope ``shopify:write``).
It sends the hoodie's media (an image by URL that the small size shows, an image
uploaded as bytes that the medium size shows, a YouTube video) and the homepage
banner as a file referenced from a shop metafield; the step waits until the sandbox
store has them and says what arrived.
"""

from __future__ import annotations

import asyncio
import base64
import struct
import time
import zlib
from collections.abc import Awaitable, Callable
from typing import Any, Final

from rich.console import Console

from shopbridge import operations
from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import STEP_TIMEOUT_SECS
from shopbridge.security.api_keys import Scope

__all__ = ["dam_sends_media"]

HANDLE: Final = "demo-hoodie"
FRONT: Final = "https://dam.example.com/hoodie/front.jpg"
VIDEO: Final = "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
BANNER: Final = "https://dam.example.com/banners/autumn.jpg"

HOODIE_MEDIA: Final = """
query Media($handle: String!) {
  productByIdentifier(identifier: {handle: $handle}) {
    media(first: 10) {
      nodes {
        alt mediaContentType status
        ... on MediaImage { image { url width height } }
      }
    }
    variants(first: 5) { nodes { sku media(first: 1) { nodes { alt } } } }
  }
  shop { banner: metafield(namespace: "custom", key: "home_banner") { value } }
}
"""


def _png(width: int, height: int) -> bytes:
    """A small valid PNG: the "photo" the DAM uploads as bytes."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 2, 0, 0, 0)
    pixels = zlib.compress(b"".join(b"\0" + b"\x80\x20\x20" * width for _ in range(height)))
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def _items() -> list[dict[str, Any]]:
    back = base64.b64encode(_png(8, 6)).decode()
    return [
        {
            "handle": HANDLE,
            "media": [
                {"url": FRONT, "alt": "Demo hoodie, front", "variants": ["HOODIE-S"]},
                {
                    "data": back,
                    "filename": "hoodie-back.png",
                    "alt": "Demo hoodie, back",
                    "variants": ["HOODIE-M"],
                },
                {"url": VIDEO, "type": "EXTERNAL_VIDEO", "alt": "Demo hoodie on the move"},
            ],
            "version": 1,
        },
        {
            "file": {"url": BANNER, "filename": "autumn-banner.jpg", "alt": "Autumn collection"},
            "metafield": {"owner": "shop", "namespace": "custom", "key": "home_banner"},
            "version": 1,
        },
    ]


async def dam_sends_media(stack: Stack, console: Console, step: int) -> None:
    """Step ``step``: the DAM's request, then what Shopify shows once the writer is done."""
    say = console.print
    say(f"\n[bold]{step}.[/] The DAM sends the hoodie's images and video, and a homepage banner")
    if "dam" not in stack.keys:
        key, _ = await operations.create_key(stack.settings, "dam", [Scope.SHOPIFY_WRITE.value])
        stack.keys["dam"] = key
    accepted = await stack.push("/v1/media", _items(), system="dam")

    async def arrived() -> dict[str, Any] | None:
        found = await stack.admin(HOODIE_MEDIA, {"handle": HANDLE})
        product = found["productByIdentifier"]
        nodes = product["media"]["nodes"] if product else []
        shown = {v["sku"]: v["media"]["nodes"] for v in product["variants"]["nodes"]}
        done = (
            len(nodes) == 3
            and all(node["status"] == "READY" for node in nodes)
            and all(shown.get(sku) for sku in ("HOODIE-S", "HOODIE-M"))
            and found["shop"]["banner"] is not None
        )
        return found if done else None

    found = await _wait_for(arrived, "media written to Shopify")
    product = found["productByIdentifier"]
    front, back, video = product["media"]["nodes"]
    shown = {v["sku"]: v["media"]["nodes"][0]["alt"] for v in product["variants"]["nodes"]}
    size = f"{back['image']['width']}x{back['image']['height']}"
    say(
        f"   event {accepted['event_id']}: {accepted['items']} items; {HANDLE} now shows, in "
        f"order, '{front['alt']}' (by URL), '{back['alt']}' ({size} PNG uploaded through a "
        f"staged upload) and a YouTube video ({video['mediaContentType']}); HOODIE-S shows "
        f"'{shown['HOODIE-S']}', HOODIE-M shows '{shown['HOODIE-M']}'"
    )
    say(
        f"   the shop's custom.home_banner metafield references the autumn banner file "
        f"{found['shop']['banner']['value']} (fileCreate by filename, then metafieldsSet)"
    )


async def _wait_for(
    check: Callable[[], Awaitable[dict[str, Any] | None]], what: str
) -> dict[str, Any]:
    """What ``check`` found once it finds something, or fail the step after the timeout."""
    deadline = time.monotonic() + STEP_TIMEOUT_SECS
    while time.monotonic() < deadline:
        found = await check()
        if found is not None:
            return found
        await asyncio.sleep(0.05)
    raise TimeoutError(f"demo step timed out: {what}")
