"""``POST /v1/inventory``: absolute stock levels in, for the Shopify writer to apply.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
:mod:`shopbridge.sources.inventory`, and the answers are those of every Shopify-write
ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources import inventory

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

add_write_route(
    router,
    WriteRoute(
        path="/v1/inventory",
        name="set_inventory",
        summary="Set inventory quantities in Shopify",
        description="Stores one update, or a batch of up to 10,000, for the Shopify writer to "
        "apply with inventorySetQuantities. Quantities are absolute. Each update names its item "
        "by sku or inventory_item_id and its location by name or id; numeric ids become GIDs "
        "and ISO 8601 versions become epoch seconds. The newest version per SKU and location "
        "wins; older ones are dropped and counted as stale. Without a version, the time of "
        "receipt is used. If any update is invalid, the answer lists every problem "
        "(items.3.quantity …) and nothing is stored. Send an Idempotency-Key header to make "
        "retries safe: a repeat answers 200 with the first event and stores nothing. Needs the "
        "'shopify:write' scope.",
        body=inventory.InventoryBatch | inventory.InventorySingle,
        noun="updates",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: inventory.receive(
            app, raw, content_type, key
        ),
    ),
)
