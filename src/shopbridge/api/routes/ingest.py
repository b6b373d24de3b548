"""Where events come in: Shopify webhooks and generic inbound events."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Header, Query, Request
from fastapi.responses import JSONResponse

from shopbridge.api.auth import Caller, require
from shopbridge.api.body import read_body
from shopbridge.api.models import IngestResult
from shopbridge.api.problems import PROBLEM_RESPONSES, ProblemError, problem_response
from shopbridge.app import App
from shopbridge.security.api_keys import Scope
from shopbridge.sources import inbound, shopify_webhook
from shopbridge.sources.verdict import Refused, Verdict

router = APIRouter(tags=["ingest"])

_RAW_JSON_BODY = {
    "requestBody": {
        "required": True,
        "content": {"application/json": {"schema": {"type": "object"}}},
    }
}


def _answer(verdict: Verdict, accepted_status: int) -> JSONResponse:
    if isinstance(verdict, Refused):
        headers = {"Retry-After": "5"} if verdict.status == 503 else None
        return problem_response(verdict.status, verdict.code, verdict.detail, headers=headers)
    body = IngestResult(
        status="duplicate" if verdict.duplicate else "accepted",
        event_id=verdict.event_id,
        jobs=len(verdict.job_ids),
    )
    return JSONResponse(
        body.model_dump(), status_code=200 if verdict.duplicate else accepted_status
    )


@router.post(
    "/webhooks/shopify",
    summary="Receive a Shopify webhook",
    description="Verifies the HMAC over the raw body with the shop's current or previous secret, "
    "deduplicates on the webhook id, stores the event and its deliveries in one transaction, "
    "then answers 200. Accepts X-Shopify-* and unprefixed shopify-* header names.",
    response_model=IngestResult,
    responses=PROBLEM_RESPONSES,
    openapi_extra=_RAW_JSON_BODY,
)
async def shopify_webhook_route(request: Request) -> JSONResponse:
    return await handle_shopify_webhook(request)


async def handle_shopify_webhook(request: Request) -> JSONResponse:
    """The webhook endpoint itself; also served ahead of FastAPI (see api.app) for speed."""
    app: App = request.app.state.shopbridge
    try:
        raw = await read_body(request, app.settings.server.max_body_bytes)
    except ProblemError as exc:
        app.metrics.webhook_rejected(exc.code)
        return problem_response(exc.status, exc.code, exc.detail)
    return _answer(await shopify_webhook.receive(app, raw, request.headers), 200)


@router.post(
    "/v1/events/{source}",
    summary="Send an event from any system",
    description="Stores a JSON event from a configured source and queues a delivery for every "
    "flow that listens to it. Send an Idempotency-Key header to make retries safe: a repeat "
    "answers 200 with the first event and creates nothing. Needs the 'events:write' scope.",
    status_code=202,
    response_model=IngestResult,
    responses=PROBLEM_RESPONSES,
    openapi_extra=_RAW_JSON_BODY,
)
async def inbound_event_route(
    source: str,
    request: Request,
    _caller: Annotated[Caller, Depends(require(Scope.EVENTS_WRITE))],
    idempotency_key: Annotated[str | None, Header(alias="Idempotency-Key")] = None,
    topic: Annotated[
        str | None, Query(max_length=128, description="Event type; defaults to the source id.")
    ] = None,
) -> JSONResponse:
    app: App = request.app.state.shopbridge
    raw = await read_body(request, app.settings.server.max_body_bytes)
    verdict = await inbound.receive(
        app, source, raw, request.headers.get("content-type"), idempotency_key, topic
    )
    return _answer(verdict, 202)
