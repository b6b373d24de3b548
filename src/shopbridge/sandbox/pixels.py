"""Web Pixels events as a storefront's custom pixel would forward them.

No Admin API or webhook reports product views: shops capture them in the browser
with a Web Pixels subscription (``analytics.subscribe('product_viewed', ...)``) and
forward the event to a collector themselves. The envelope built here has the
standard event's fields (``id``, ``name``, ``type``, ``timestamp``, ``seq``,
``clientId``, ``context``, ``data``) and ``data.productVariant`` in the shape of
``@shopify/web-pixels-extension`` 2.18's ``ProductVariant`` type.
"""

from __future__ import annotations

import itertools
import uuid
from decimal import Decimal
from typing import Any, Final

import aiohttp

from shopbridge.sandbox.domains.catalog_store import item_of
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.state import Doc, State

__all__ = ["product_viewed", "send_event"]

_SEQ: Final = itertools.count(1)
_USER_AGENT: Final = "Mozilla/5.0 (X11; Linux x86_64) shopbridge-sandbox-shopper"


def product_viewed(state: State, variant: Doc, shop_domain: str, client_id: str) -> dict[str, Any]:
    """The ``product_viewed`` event for ``variant``'s product page."""
    product = state.get_gid(variant["productId"]) or {}
    url = f"https://{shop_domain}/products/{product.get('handle', '')}"
    shop = shop_doc(state)
    image = (product.get("featuredMedia") or {}).get("preview", {}).get("image") or {}
    return {
        "id": f"sh-{uuid.uuid4()}",
        "name": "product_viewed",
        "type": "standard",
        "timestamp": state.now(),
        "seq": next(_SEQ),
        "clientId": client_id,
        "context": {
            "document": {
                "location": {"href": url, "host": shop_domain, "pathname": url.split("/", 3)[3]},
                "title": product.get("title", ""),
                "referrer": f"https://{shop_domain}/",
            },
            "navigator": {"userAgent": _USER_AGENT, "language": "en-US", "cookieEnabled": True},
            "window": {"location": {"href": url}, "innerWidth": 1280, "innerHeight": 800},
        },
        "data": {
            "productVariant": {
                "id": variant["id"],
                "sku": item_of(state, variant).get("sku"),
                "title": variant.get("title"),
                "untranslatedTitle": variant.get("title"),
                "price": {
                    "amount": float(Decimal(variant["price"])),
                    "currencyCode": shop.get("currencyCode", "USD"),
                },
                "image": {"src": image.get("url")} if image else None,
                "product": {
                    "id": product.get("id"),
                    "title": product.get("title"),
                    "untranslatedTitle": product.get("title"),
                    "type": product.get("productType"),
                    "vendor": product.get("vendor"),
                    "url": f"/products/{product.get('handle', '')}",
                },
            }
        },
    }


async def send_event(url: str, event: dict[str, Any], timeout_secs: float = 5.0) -> int:
    """POST ``event`` to the collector as ``fetch`` from the pixel would; the HTTP status."""
    timeout = aiohttp.ClientTimeout(total=timeout_secs)
    async with (
        aiohttp.ClientSession(timeout=timeout) as session,
        session.post(url, json=event, headers={"User-Agent": _USER_AGENT}) as response,
    ):
        return response.status
