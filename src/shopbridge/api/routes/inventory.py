"""``POST /v1/inventory``: absolute stock levels in, for the Shopify writer to apply.

The body is read raw (so ``server.max_body_bytes`` holds before parsing) and
judged by :mod:`shopbridge.sources.inventory`; FastAPI only documents it.
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from shopbridge.api.auth import Caller, require
from shopbridge.api.body import read_body
from shopbridge.api.models import InventoryAccepted
from shopbridge.api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, problem_response
from shopbridge.app import App
from shopbridge.security.api_keys import Scope
from shopbridge.sources import inventory
from shopbridge.sources.inventory.ingress import Stored
from shopbridge.sources.verdict import Refused

router = APIRouter(tags=["inventory"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_inventory",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.quantity: Input should be greater than or equal to 0",
    "errors": [
        {"field": "items.1.quantity", "message": "Input should be greater than or equal to 0"}
    ],
}


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace ``$ref``s into ``$defs`` by their target: the schema goes in ``openapi_extra``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs) for value in node]
    return node


def request_body(model: Any) -> dict[str, Any]:
    """``openapi_extra`` describing a raw JSON body of ``model`` (read by the route itself)."""
    schema = TypeAdapter(model).json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema, schema.get("$defs", {}))}},
        }
    }


def write_responses(noun: str, invalid_example: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """The documented answers of a Shopify-write ingress besides its 202."""
    return {
        **PROBLEM_RESPONSES,
        200: {
            "model": InventoryAccepted,
            "description": "A repeat of an earlier request (same Idempotency-Key): "
            "nothing new stored.",
        },
        422: {
            **PROBLEM_RESPONSES[422],
            "description": f"Some {noun} are invalid: every problem is listed, nothing was stored.",
            "content": {PROBLEM_JSON: {"example": invalid_example}},
        },
    }


_RESPONSES = write_responses("updates", _INVALID_EXAMPLE)


@router.post(
    "/v1/inventory",
    summary="Set inventory quantities in Shopify",
    description="Stores one update, or a batch of up to 10,000, for the Shopify writer to apply "
    "with inventorySetQuantities. Quantities are absolute. Each update names its item by sku or "
    "inventory_item_id and its location by name or id; numeric ids become GIDs and ISO 8601 "
    "versions become epoch seconds. The newest version per SKU and location wins; older ones are "
    "dropped and counted as stale. Without a version, the time of receipt is used. If any update "
    "is invalid, the answer lists every problem (items.3.quantity …) and nothing is stored. Send "
    "an Idempotency-Key header to make retries safe: a repeat answers 200 with the first event "
    "and stores nothing. Needs the 'shopify:write' scope.",
    status_code=202,
    response_model=InventoryAccepted,
    responses=_RESPONSES,
    openapi_extra=request_body(inventory.InventoryBatch | inventory.InventorySingle),
)
async def set_inventory(
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
    result = await inventory.receive(app, raw, request.headers.get("content-type"), idempotency_key)
    return stored_answer(result)


def stored_answer(result: Stored | Refused) -> JSONResponse:
    """The answer of a Shopify-write ingress (inventory, prices, products)."""
    if isinstance(result, Refused):
        return problem_response(
            result.status,
            result.code,
            result.detail,
            errors=[{"field": e.field, "message": e.message} for e in result.errors] or None,
            headers={"Retry-After": "5"} if result.status == 503 else None,
        )
    body = InventoryAccepted(
        status="duplicate" if result.duplicate else "accepted",
        event_id=result.event_id,
        items=result.items,
    )
    return JSONResponse(body.model_dump(), status_code=200 if result.duplicate else 202)
