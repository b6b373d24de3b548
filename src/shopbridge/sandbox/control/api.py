"""Routes of the control API (``/sandbox/...``); each action is a plain function elsewhere.

Every error answers ``application/problem+json`` naming the field at fault, and an
action either happens whole or not at all (each runs in one state transaction).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable
from typing import Any

import aiohttp
from fastapi import FastAPI

from shopbridge import __version__
from shopbridge.api import problems
from shopbridge.api.problems import ProblemError
from shopbridge.sandbox.admin import AdminApi
from shopbridge.sandbox.control.errors import action_refused, bad_setting
from shopbridge.sandbox.control.models import (
    CustomerEdit,
    FaultSettings,
    ProductView,
    SeedRequest,
    StockEdit,
)
from shopbridge.sandbox.control.shopper_routes import shopper_router
from shopbridge.sandbox.merchant import ActionError, edit_customer, edit_stock, find_variant
from shopbridge.sandbox.pixels import product_viewed, send_event
from shopbridge.sandbox.seed import seed_catalog

__all__ = ["ControlHooks", "build_control_api"]

FaultSwitch = Callable[[dict[str, Any]], dict[str, Any]]


class ControlHooks:
    """Parts of the sandbox the control API reaches that live outside the admin API.

    ``webhook_faults`` changes the webhook emitter's fault switches (``None`` until
    an emitter is attached); ``collector_url`` is where pixel events go by default.
    """

    def __init__(self) -> None:
        self.webhook_faults: FaultSwitch | None = None
        self.collector_url: str | None = None


def build_control_api(admin: AdminApi, hooks: ControlHooks) -> FastAPI:
    """The control API of the store behind ``admin``; mount it at ``/sandbox``."""
    api = FastAPI(
        title="shopbridge sandbox control",
        version=__version__,
        summary="Act as merchant and shopper on the sandbox store; inject faults.",
        docs_url="/docs",
        redoc_url=None,
        responses=problems.PROBLEM_RESPONSES,
    )
    problems.install(api)

    api.add_exception_handler(ActionError, action_refused)
    state = admin.state
    api.include_router(shopper_router(state))

    @api.post("/seed", summary="Add a deterministic catalog")
    def seed(body: SeedRequest) -> dict[str, int]:
        summary = seed_catalog(
            state,
            body.products,
            body.variants,
            body.locations,
            seed=body.seed,
            max_quantity=body.max_quantity,
        )
        return {
            "products_created": summary.products,
            "variants_created": summary.variants,
            "locations": summary.locations,
        }

    @api.post("/stock", summary="Edit stock in the admin (fires inventory_levels/update)")
    def stock(body: StockEdit) -> dict[str, Any]:
        return edit_stock(
            state,
            body.sku,
            location=body.location,
            name=body.name,
            set_to=body.set,
            delta=body.delta,
            reason=body.reason,
        )

    @api.post("/customers", summary="Create or edit a customer in the admin (by email)")
    def customer(body: CustomerEdit) -> dict[str, Any]:
        return edit_customer(state, **body.model_dump())

    @api.get("/faults", summary="Current fault switches")
    def faults() -> dict[str, Any]:
        webhooks = hooks.webhook_faults({}) if hooks.webhook_faults else None
        return {"api": admin.faults.settings(), "webhooks": webhooks}

    @api.put("/faults", summary="Change fault switches (all or nothing)")
    def set_faults(body: FaultSettings) -> dict[str, Any]:
        if body.webhooks and hooks.webhook_faults is None:
            raise ProblemError(409, "no_emitter", "this sandbox has no webhook emitter running")
        before = admin.faults.settings()
        try:
            api_settings = admin.set_faults(body.api)
        except ValueError as error:
            raise bad_setting("api", error) from error
        webhooks = None
        if hooks.webhook_faults is not None:
            try:
                webhooks = hooks.webhook_faults(body.webhooks)
            except ValueError as error:
                # Only what was changed: restoring ``seed`` too would restart the draws.
                admin.set_faults({name: before[name] for name in body.api})
                raise bad_setting("webhooks", error) from error
        return {"api": api_settings, "webhooks": webhooks}

    @api.post("/pixel/product-viewed", summary="A shopper views a product (Web Pixels event)")
    async def view_product(body: ProductView) -> dict[str, Any]:
        url = str(body.collector_url) if body.collector_url else hooks.collector_url
        if not url:
            raise ProblemError(
                422,
                "no_collector",
                "collector_url: not given and the sandbox has no --collector-url",
                errors=[{"field": "collector_url", "message": "required"}],
            )
        variant = find_variant(state, body.sku)
        client_id = body.client_id or str(uuid.uuid4())
        event = product_viewed(state, variant, admin.config.shop_domain, client_id)
        try:
            status = await send_event(url, event)
        except (aiohttp.ClientError, OSError, TimeoutError) as error:
            raise ProblemError(502, "collector_unreachable", f"{url}: {error}") from error
        return {"collector_status": status, "event": event}

    return api
