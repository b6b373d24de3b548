"""Build the ASGI application around an :class:`shopbridge.app.App`."""

from __future__ import annotations

from fastapi import FastAPI

from shopbridge import __version__
from shopbridge.api import problems
from shopbridge.api.routes import health, ingest, operate
from shopbridge.app import App


def build_api(app: App) -> FastAPI:
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
    api.include_router(operate.router)
    api.include_router(health.router)
    return api
