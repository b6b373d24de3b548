"""``POST /v1/discounts``: basic code and automatic discounts in, for the Shopify writer.

Built like ``POST /v1/products`` (raw body, judged by :mod:`shopbridge.sources.discounts`,
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
from shopbridge.sources import discounts

router = APIRouter(tags=["discounts"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_discounts",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.usage_limit: only for code discounts",
    "errors": [{"field": "items.1.usage_limit", "message": "only for code discounts"}],
}


_RESPONSES = write_responses("discounts", _INVALID_EXAMPLE)


@router.post(
    "/v1/discounts",
    summary="Create, update or delete basic discounts in Shopify by code or title",
    description="Stores one discount, or a batch of up to 1,000, for the Shopify writer to "
    "upsert. A code discount is keyed by its code; an automatic one by its title, or by a "
    "key of your own. The value is a percentage (0-100) or a fixed amount, for all items or "
    "for products (handles) and variants (SKUs), optionally with a minimum subtotal or "
    "quantity, dates, usage limits, combinations, and buyers limited to markets or customers. "
    "Fields change only when sent; applies_to and context replace what the discount had. "
    "status 'deactivated' ends a discount now, delete removes it. The newest version per "
    "discount wins; older ones are dropped and counted as stale. If any item is invalid, the "
    "answer lists every problem (items.3.value.percentage …) and nothing is stored. Send an "
    "Idempotency-Key header to make retries safe. Needs the 'shopify:write' scope.",
    status_code=202,
    response_model=InventoryAccepted,
    responses=_RESPONSES,
    openapi_extra=request_body(discounts.DiscountBatch | discounts.DiscountSingle),
)
async def upsert_discounts(
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
    result = await discounts.receive(app, raw, request.headers.get("content-type"), idempotency_key)
    return stored_answer(result)
