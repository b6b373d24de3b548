"""``POST /v1/customers``: customers from a CRM or CDP in, upserted by the Shopify writer.

Built with :mod:`shopbridge.api.routes.shopify_write`: the body is read raw and judged by
the source, and the answers are those of every Shopify-write ingress.
"""

from __future__ import annotations

from fastapi import APIRouter

from shopbridge.api.routes.shopify_write import WriteRoute, add_write_route
from shopbridge.sources.customers import document, ingress

router = APIRouter(tags=["customers"])

_INVALID_EXAMPLE = {
    "type": "https://shopbridge.dev/problems/invalid_customers",
    "title": "Unprocessable Entity",
    "status": 422,
    "detail": "nothing was stored: items.1.email: required: give email, phone, external_id "
    "or shopify_id to find the customer",
    "errors": [
        {
            "field": "items.1.email",
            "message": "required: give email, phone, external_id or shopify_id to find the "
            "customer",
        }
    ],
}

add_write_route(
    router,
    WriteRoute(
        path="/v1/customers",
        name="upsert_customers",
        summary="Create or update customers in Shopify",
        description="Stores one customer, or a batch of up to 1,000, for the Shopify writer "
        "to upsert with customerSet, found by shopify_id, external_id (a custom ID metafield), "
        "email or phone (the first given). Fields sent are written (null clears), fields left "
        "out stay as they are; tags and addresses replace the lists. Marketing consent "
        "(email_marketing, sms_marketing) is written with Shopify's consent mutations. Fields "
        "the calling system does not own (customers.ownership) are dropped and listed in the "
        "stored item. The customers/* webhooks these writes cause are not delivered back to the "
        "calling system's destinations (systems.<id>). The newest version per customer wins. If "
        "any item is invalid, the answer lists every problem and nothing is stored. Send an "
        "Idempotency-Key header to make retries safe. Needs the 'shopify:write' scope.",
        body=document.CustomerBatch | document.CustomerSingle,
        noun="customers",
        invalid=_INVALID_EXAMPLE,
        receive=lambda app, raw, content_type, key, caller: ingress.receive(
            app, raw, content_type, key, caller.name
        ),
    ),
)
