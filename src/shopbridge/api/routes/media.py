"""``POST /v1/media``: product images and videos, banners and other files in, for the writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources import media

router = APIRouter(tags=["media"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_media",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.0.media.1.url: Shopify fetches no video by URL: "
    "send its bytes in data, or use type EXTERNAL_VIDEO for a YouTube or Vimeo link",
    "errors": [
        {
            "field": "items.0.media.1.url",
            "message": "Shopify fetches no video by URL: send its bytes in data, "
            "or use type EXTERNAL_VIDEO for a YouTube or Vimeo link",
        }
    ],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/media",
        name="set_media",
        summary="Attach images and videos to products, and store banners as files, in Shopify",
        description="Stores one item, or a batch of up to 250, for the Shopify writer. A "
        "product item names its product by handle (or any variant's sku) and lists its media in "
        "order: images by url or as base64 data (uploaded through a staged upload), videos as "
        "data, YouTube/Vimeo links as EXTERNAL_VIDEO, each with alt text and the variants (by "
        "SKU) it is the image of. The product's media then become that list: new ones are "
        "attached (productUpdate), those shopbridge attached before and no longer listed are "
        "deleted, and the order is set (productReorderMedia); media added in Shopify by other "
        "means are kept, after them. A file item stores a banner or another file by its "
        "filename (fileCreate, replacing a file of that name) and can set a file_reference "
        "metafield on the shop or a product to it. The newest version per product or filename "
        "wins; older ones are dropped and counted as stale. If any item is invalid, the answer "
        "lists every problem (items.3.media.0.data …) and nothing is stored. Send an "
        "Idempotency-Key header to make retries safe. Needs the 'shopify:write' scope.",
        body=media.MediaBatch | media.MediaSingle | media.FileItem,
        noun="items",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: media.receive(
            app, raw, content_type, key
        ),
    ),
)
