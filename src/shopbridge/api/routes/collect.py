"""``POST /v1/collect/{key}``: Web Pixels events from a shop's storefront and checkout.

No API key: the shop's public collector key is in the URL, and origins and rate limits
guard the route (:mod:`shopbridge.marketing.collector` decides; this module reads the
request and writes the answer). ``OPTIONS`` answers the browser's CORS preflight.
"""

from __future__ import annotations

import time
from typing import Any

from fastapi import APIRouter, Request
from fastapi.responses import JSONResponse, Response
from pydantic import BaseModel

from shopbridge.api.body import read_body
from shopbridge.api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, ProblemError, problem_response
from shopbridge.app import App
from shopbridge.marketing.collector import (
    BodyTooLargeError,
    Collector,
    ShopCollector,
    Turned,
)
from shopbridge.marketing.processor import shop_settings

router = APIRouter(tags=["marketing"])


class IgnoredEvent(BaseModel):
    id: str
    name: str
    reason: str


class CollectAccepted(BaseModel):
    """What the collector did with a request's events."""

    status: str = "accepted"
    accepted: int
    duplicates: int
    ignored: list[IgnoredEvent]


_EVENT_EXAMPLE = {
    "id": "sh-88b3e9a4-3D0E-4B5B-9A1C-2F6C2B8E1F00",
    "name": "product_viewed",
    "type": "standard",
    "timestamp": "2026-07-01T10:00:00.000Z",
    "clientId": "7d1c6f4e-0b4a-4c8e-9a57-3b1f1d2e6c90",
    "data": {"productVariant": {"id": "4567", "product": {"id": "1234", "title": "Hoodie"}}},
}
_BODY = {
    "requestBody": {
        "required": True,
        "content": {
            media: {
                "schema": {"oneOf": [{"type": "object"}, {"type": "array"}]},
                "example": {"customer_id": "115310627314723954", "events": [_EVENT_EXAMPLE]},
            }
            for media in ("application/json", "text/plain")
        },
    }
}
_RESPONSES: dict[int | str, dict[str, Any]] = {
    **PROBLEM_RESPONSES,
    404: {**PROBLEM_RESPONSES[404], "description": "No shop has this collector key."},
    403: {**PROBLEM_RESPONSES[403], "description": "The Origin is not one the shop allows."},
    422: {
        **PROBLEM_RESPONSES[422],
        "description": "Some events are invalid: every problem is listed, nothing was stored.",
    },
    429: {
        "content": {PROBLEM_JSON: {}},
        "description": "Too many requests from this IP or events from this browser; see "
        "Retry-After (seconds).",
    },
}


def _collector(request: Request) -> Collector:
    """The app's collector, made on first use (its rate-limit buckets live in it)."""
    state = request.app.state
    found: Collector | None = getattr(state, "marketing_collector", None)
    if found is None:
        app: App = state.shopbridge
        per_shop = shop_settings(app.settings)
        shops = {name: (app.settings.shops[name].domain, mine) for name, mine in per_shop.items()}
        found = Collector(
            shops,
            app.store,
            app.router,
            clock=app.clock,
            monotonic=time.monotonic,
            metrics=app.metrics,
        )
        state.marketing_collector = found
    return found


def _client_ip(request: Request, header: str | None) -> str:
    if header:
        forwarded = request.headers.get(header, "").split(",", 1)[0].strip()
        if forwarded:
            return forwarded
    return request.client.host if request.client else "unknown"


@router.post(
    "/v1/collect/{key}",
    summary="Collect Web Pixels events (product views …) from a shop's pixel",
    description="For a custom pixel (Settings → Customer events) to post the events it "
    "subscribes to: one event, an array, or {customer_id, events: [...]}. No API key: `key` "
    "is the shop's public collector key. The Origin, when sent, must be one the shop allows; "
    "requests per client IP and events per browser (clientId) are rate limited (429 with "
    "Retry-After). Each standard event becomes the engine event marketing/<name>, stored once "
    "per event id; other events are ignored and listed. Send application/json or text/plain.",
    status_code=202,
    response_model=CollectAccepted,
    responses=_RESPONSES,
    openapi_extra=_BODY,
)
async def collect(key: str, request: Request) -> Response:
    collector = _collector(request)
    shop = collector.shop_for(key)
    if shop is None:
        return _problem(collector.unknown_key())

    async def read(limit: int) -> bytes:
        try:
            return await read_body(request, limit)
        except ProblemError as exc:
            if exc.status == 413:
                raise BodyTooLargeError from exc
            raise

    verdict = await collector.collect(
        shop,
        origin=request.headers.get("origin"),
        client_ip=_client_ip(request, shop.settings.client_ip_header),
        content_type=request.headers.get("content-type"),
        read_body=read,
    )
    if isinstance(verdict, Turned):
        return _problem(verdict)
    body = CollectAccepted(
        accepted=verdict.accepted,
        duplicates=verdict.duplicates,
        ignored=[IgnoredEvent.model_validate(item) for item in verdict.ignored],
    )
    return JSONResponse(body.model_dump(), status_code=202, headers=verdict.headers)


@router.options(
    "/v1/collect/{key}",
    summary="CORS preflight for the collector",
    status_code=204,
    responses={403: {"description": "Unknown key, or an Origin the shop does not allow."}},
)
async def preflight(key: str, request: Request) -> Response:
    shop: ShopCollector | None = _collector(request).shop_for(key)
    origin = request.headers.get("origin")
    if shop is None or origin is None or not shop.allows(origin):
        return problem_response(403, "origin_not_allowed", "this origin may not post here")
    return Response(status_code=204, headers=shop.preflight_headers(origin))


def _problem(verdict: Turned) -> Response:
    problems = [{"field": e.field, "message": e.message} for e in verdict.errors]
    return problem_response(
        verdict.status,
        verdict.code,
        verdict.detail,
        errors=problems or None,
        headers=verdict.headers,
    )
