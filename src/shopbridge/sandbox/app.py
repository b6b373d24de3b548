"""The sandbox's ASGI app: Shopify's Admin and Storefront endpoints, and its own state view.

* ``POST /admin/api/{version}/graphql.json`` (``admin.AdminApi``)
* ``POST /api/{version}/graphql.json`` (``storefront.StorefrontApi``)
* ``POST /admin/oauth/access_token``: the client credentials grant (``oauth``)
* ``GET /sandbox/state``: the shop, its domain and how many of each entity it holds,
  and (given ``webhooks``) the ``webhooks`` section: subscriptions, deliveries, faults.
* ``/sandbox/uploads/...``, ``/sandbox/bulk/<id>.jsonl``: staged uploads and bulk
  results (``upload_routes``).
* ``/sandbox/...``: the control API (``control``): act as merchant and shopper, faults.
"""

from __future__ import annotations

import asyncio
from collections.abc import Callable
from typing import Any

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response
from starlette.routing import Mount, Route

from shopbridge.sandbox.admin import AdminApi
from shopbridge.sandbox.control import build_control_api
from shopbridge.sandbox.control.api import ControlHooks
from shopbridge.sandbox.graphql_http import Reply
from shopbridge.sandbox.oauth import ACCESS_TOKEN_PATH, client_credentials_endpoint
from shopbridge.sandbox.storefront import StorefrontApi
from shopbridge.sandbox.upload_routes import upload_routes

__all__ = ["build_app"]


def _response(reply: Reply) -> Response:
    return JSONResponse(reply.body, status_code=reply.status, headers=reply.headers)


def build_app(
    admin: AdminApi,
    storefront: StorefrontApi,
    hooks: ControlHooks | None = None,
    webhooks: Callable[[], dict[str, Any]] | None = None,
) -> Starlette:
    """The app serving ``admin`` and ``storefront`` (which share one store)."""
    control = build_control_api(admin, hooks or ControlHooks())

    async def admin_graphql(request: Request) -> Response:
        body = await request.body()
        fault = admin.faults.draw()
        if fault is not None:
            await asyncio.sleep(fault.delay_secs)
            if fault.status is not None:
                return JSONResponse(fault.body, status_code=fault.status)
        return _response(admin.handle(request.path_params["version"], request.headers, body))

    async def storefront_graphql(request: Request) -> Response:
        body = await request.body()
        return _response(storefront.handle(request.path_params["version"], request.headers, body))

    async def state_summary(_request: Request) -> Response:
        state = admin.state
        summary: dict[str, Any] = {
            "shop": admin.config.shop_domain,
            "plan": admin.config.plan,
            "counts": state.counts(),
            "changes": state.recent[-1].seq if state.recent else 0,
        }
        if webhooks is not None:
            summary["webhooks"] = webhooks()
        return JSONResponse(summary)

    return Starlette(
        routes=[
            Route("/admin/api/{version}/graphql.json", admin_graphql, methods=["POST"]),
            Route("/api/{version}/graphql.json", storefront_graphql, methods=["POST"]),
            Route(
                ACCESS_TOKEN_PATH,
                client_credentials_endpoint(lambda: admin.config),
                methods=["POST"],
            ),
            Route("/sandbox/state", state_summary, methods=["GET"]),
            *upload_routes(admin.state),
            Mount("/sandbox", app=control),
        ]
    )
