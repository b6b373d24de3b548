"""Liveness, readiness and Prometheus metrics."""

from __future__ import annotations

from fastapi import APIRouter, Request, Response

from shopbridge import errors
from shopbridge.api.problems import problem_response
from shopbridge.app import App

router = APIRouter(tags=["health"])


@router.get("/healthz", summary="The process is alive")
async def healthz() -> dict[str, str]:
    return {"status": "ok"}


@router.get(
    "/readyz", summary="The store is reachable", responses={503: {"description": "Not ready"}}
)
async def readyz(request: Request) -> Response:
    app: App = request.app.state.shopbridge
    try:
        await app.store.ping()
    except errors.StoreError as exc:
        return problem_response(503, "store_unavailable", str(exc))
    return Response('{"status":"ready"}', media_type="application/json")


@router.get("/metrics", summary="Prometheus metrics", response_class=Response)
async def metrics(request: Request) -> Response:
    app: App = request.app.state.shopbridge
    body, content_type = app.metrics.render()
    return Response(body, media_type=content_type)
