"""``POST /v1/products``: product upserts from a PIM in, for the Shopify writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources import products

router = APIRouter(tags=["products"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_products",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.0.variants.1.option_values.Size: "
    "required: a value for every option",
    "errors": [
        {
            "field": "items.0.variants.1.option_values.Size",
            "message": "required: a value for every option",
        }
    ],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/products",
        name="upsert_products",
        summary="Create or update products in Shopify by handle, SKU or external id",
        description="Stores one product, or a batch of up to 1,000, for the Shopify writer to "
        "upsert with productSet. A product is found by its handle, by the SKU of one of its "
        "variants (sku), or by a custom ID (external_id: an 'id'-type metafield); with sku or "
        "external_id, handle is a field to set. Scalar fields (title, vendor, status…) change "
        "only when sent; list fields (tags, options, variants, metafields, a variant's "
        "metafields) replace what the product had, and entries left out are deleted. Options "
        "and variants go together; every variant names a value for every option. The newest "
        "version per product identity wins; older ones are dropped and counted as stale. If any "
        "item is invalid, the answer lists every problem (items.3.variants.0.price …) and "
        "nothing is stored. Send an Idempotency-Key header to make retries safe. Needs the "
        "'shopify:write' scope.",
        body=products.ProductBatch | products.ProductSingle,
        noun="products",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: products.receive(
            app, raw, content_type, key
        ),
    ),
)
