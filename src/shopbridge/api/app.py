"""Build the ASGI application around an :class:`shopbridge.app.App`."""

from __future__ import annotations

from fastapi import FastAPI
from starlette.applications import Starlette
from starlette.routing import Mount, Route

from shopbridge import __version__
from shopbridge.api import problems
from shopbridge.api.routes import (
    collect,
    customers,
    discounts,
    fulfillments,
    health,
    ingest,
    inventory,
    media,
    operate,
    prices,
    products,
)
from shopbridge.app import App


def build_api(app: App) -> Starlette:
    """The ASGI app: the webhook route first, then everything else through FastAPI.

    Shopify webhooks are the hot path. Served by a plain Starlette route they skip
    FastAPI's per-request machinery (dependency solving, its middleware stack),
    which took 45 % of the event loop's time under load. FastAPI still documents
    the route, and its handler is the same function.
    """
    api = build_fastapi(app)
    outer = Starlette(
        routes=[
            Route("/webhooks/shopify", ingest.handle_shopify_webhook, methods=["POST"]),
            Mount("/", app=api),
        ]
    )
    outer.state.shopbridge = app
    return outer


def build_fastapi(app: App) -> FastAPI:
    api = FastAPI(
        title="shopbridge",
        version=__version__,
        summary="Shopify ⇄ HTTP integration engine: ingest, deliveries, dead letters, replay.",
        docs_url="/docs",
        redoc_url=None,
    )
    api.state.shopbridge = app
    problems.install(api)
    api.include_router(ingest.router)
    api.include_router(inventory.router)
    api.include_router(prices.router)
    api.include_router(products.router)
    api.include_router(discounts.router)
    api.include_router(media.router)
    api.include_router(fulfillments.router)
    api.include_router(customers.router)
    api.include_router(collect.router)
    api.include_router(operate.router)
    api.include_router(health.router)
    return api
