"""``POST /v1/discounts``: basic code and automatic discounts in, for the Shopify writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources import discounts

router = APIRouter(tags=["discounts"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_discounts",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.usage_limit: only for code discounts",
    "errors": [{"field": "items.1.usage_limit", "message": "only for code discounts"}],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/discounts",
        name="upsert_discounts",
        summary="Create, update or delete basic discounts in Shopify by code or title",
        description="Stores one discount, or a batch of up to 1,000, for the Shopify writer "
        "to upsert. A code discount is keyed by its code; an automatic one by its title, or by "
        "a key of your own. The value is a percentage (0-100) or a fixed amount, for all items "
        "or for products (handles) and variants (SKUs), optionally with a minimum subtotal or "
        "quantity, dates, usage limits, combinations, and buyers limited to markets or "
        "customers. Fields change only when sent; applies_to and context replace what the "
        "discount had. status 'deactivated' ends a discount now, delete removes it. The newest "
        "version per discount wins; older ones are dropped and counted as stale. If any item is "
        "invalid, the answer lists every problem (items.3.value.percentage …) and nothing is "
        "stored. Send an Idempotency-Key header to make retries safe. Needs the 'shopify:write' "
        "scope.",
        body=discounts.DiscountBatch | discounts.DiscountSingle,
        noun="discounts",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: discounts.receive(
            app, raw, content_type, key
        ),
    ),
)
