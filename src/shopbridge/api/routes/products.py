"""``POST /v1/products``: product upserts from a PIM in, for the Shopify writer.

Built like ``POST /v1/prices`` (raw body, judged by :mod:`shopbridge.sources.products`,
FastAPI only documents it), and answered with the same shapes.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse

from shopbridge.api.auth import Caller, require
from shopbridge.api.body import read_body
from shopbridge.api.models import InventoryAccepted
from shopbridge.api.routes.inventory import request_body, stored_answer, write_responses
from shopbridge.app import App
from shopbridge.security.api_keys import Scope
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


_RESPONSES = write_responses("products", _INVALID_EXAMPLE)


@router.post(
    "/v1/products",
    summary="Create or update products in Shopify by handle",
    description="Stores one product, or a batch of up to 1,000, for the Shopify writer to "
    "upsert with productSet, keyed by handle. Scalar fields (title, vendor, status…) change "
    "only when sent; list fields (tags, options, variants) replace what the product had, and "
    "variants left out are deleted. Options and variants go together; every variant names a "
    "value for every option. The newest version per handle wins; older ones are dropped and "
    "counted as stale. If any item is invalid, the answer lists every problem "
    "(items.3.variants.0.price …) and nothing is stored. Send an Idempotency-Key header to "
    "make retries safe. Needs the 'shopify:write' scope.",
    status_code=202,
    response_model=InventoryAccepted,
    responses=_RESPONSES,
    openapi_extra=request_body(products.ProductBatch | products.ProductSingle),
)
async def upsert_products(
    request: Request,
    _caller: Annotated[Caller, Depends(require(Scope.SHOPIFY_WRITE))],
    idempotency_key: Annotated[
        str | None,
        Header(
            alias="Idempotency-Key",
            description="Makes a retried request safe (1 to 255 characters).",
        ),
    ] = None,
) -> JSONResponse:
    app: App = request.app.state.shopbridge
    raw = await read_body(request, app.settings.server.max_body_bytes)
    result = await products.receive(app, raw, request.headers.get("content-type"), idempotency_key)
    return stored_answer(result)
