"""``POST /v1/fulfillments``: shipments from a WMS or 3PL in, for the Shopify writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources.fulfillments import document, ingress

router = APIRouter(tags=["fulfillments"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_fulfillments",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.0.tracking.urls: give one URL per tracking number, "
    "in the same order, or none",
    "errors": [
        {
            "field": "items.0.tracking.urls",
            "message": "give one URL per tracking number, in the same order, or none",
        }
    ],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/fulfillments",
        name="send_shipments",
        summary="Fulfil orders in Shopify and send tracking back",
        description="Stores one shipment, or a batch of up to 1,000, for the Shopify writer. "
        "The order is named by order_id, order_name (#1001) or order_reference (the ERP's "
        "reference, found where fulfillments.order_reference says). The first call for a "
        "shipment_id that reaches Shopify creates the fulfillment on the order's open "
        "fulfillment orders (lines by SKU and quantity, or 'all'), with carrier, tracking "
        "numbers and URLs, notifying the customer or not; later calls update the tracking when "
        "it differs and record a status (in_transit, delivered, failure …) as a fulfillment "
        "event. The same shipment sent twice creates one fulfillment. The newest version per "
        "shipment wins. If any item is invalid, the answer lists every problem and nothing is "
        "stored; what only Shopify can judge (unknown order or SKU, more than is left to "
        "fulfil) becomes a dead letter with the reason. Send an Idempotency-Key header to make "
        "retries safe. Needs the 'shopify:write' scope.",
        body=document.ShipmentBatch | document.ShipmentSingle,
        noun="shipments",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, _caller: ingress.receive(
            app, raw, content_type, key
        ),
    ),
)
