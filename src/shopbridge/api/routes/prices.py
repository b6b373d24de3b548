"""``POST /v1/prices``: variant prices and price-list fixed prices in, for the Shopify writer.

Built like ``POST /v1/inventory`` (raw body, judged by :mod:`shopbridge.sources.prices`,
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
from shopbridge.sources import prices

router = APIRouter(tags=["prices"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_prices",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.currency: required with price_list",
    "errors": [{"field": "items.1.currency", "message": "required with price_list"}],
}


_RESPONSES = write_responses("prices", _INVALID_EXAMPLE)


@router.post(
    "/v1/prices",
    summary="Set variant prices and price-list fixed prices in Shopify",
    description="Stores one price, or a batch of up to 10,000, for the Shopify writer to apply. "
    "An item names its variant by sku or variant_id and gives price and/or compare_at_price "
    "(decimal strings; compare_at_price null clears it): applied with productVariantsBulkUpdate. "
    "With price_list (a name or GID) and currency, it sets the variant's fixed price in that "
    "price list instead (priceListFixedPricesUpdate). The newest version per variant and price "
    "list wins; older ones are dropped and counted as stale. If any item is invalid, the answer "
    "lists every problem (items.3.price …) and nothing is stored. Send an Idempotency-Key header "
    "to make retries safe. Needs the 'shopify:write' scope.",
    status_code=202,
    response_model=InventoryAccepted,
    responses=_RESPONSES,
    openapi_extra=request_body(prices.PriceBatch | prices.PriceSingle),
)
async def set_prices(
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
    result = await prices.receive(app, raw, request.headers.get("content-type"), idempotency_key)
    return stored_answer(result)
