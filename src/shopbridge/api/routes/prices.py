"""``POST /v1/prices``: variant prices and price-list fixed prices in, for the Shopify writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources import prices

router = APIRouter(tags=["prices"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_prices",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.currency: required with price_list",
    "errors": [{"field": "items.1.currency", "message": "required with price_list"}],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/prices",
        name="set_prices",
        summary="Set variant prices and price-list fixed prices in Shopify",
        description="Stores one price, or a batch of up to 10,000, for the Shopify writer to "
        "apply. An item names its variant by sku or variant_id and gives price and/or "
        "compare_at_price (decimal strings; compare_at_price null clears it): applied with "
        "productVariantsBulkUpdate. With price_list (a name or GID) and currency, it sets the "
        "variant's fixed price in that price list instead (priceListFixedPricesUpdate). The "
        "newest version per variant and price list wins; older ones are dropped and counted as "
        "stale. If any item is invalid, the answer lists every problem (items.3.price …) and "
        "nothing is stored. Send an Idempotency-Key header to make retries safe. Needs the "
        "'shopify:write' scope.",
        body=prices.PriceBatch | prices.PriceSingle,
        noun="prices",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: prices.receive(
            app, raw, content_type, key
        ),
    ),
)
