"""A public test kit: build signed Shopify webhooks and sample payloads the way Shopify does."""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import uuid
from datetime import UTC, datetime
from typing import Any

DEFAULT_API_VERSION = "2026-07"


def shopify_hmac(secret: str, body: bytes) -> str:
    """``X-Shopify-Hmac-Sha256``: base64 HMAC-SHA256 of the raw body with the app secret."""
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


def shopify_webhook_headers(
    secret: str,
    topic: str,
    shop_domain: str,
    body: bytes,
    *,
    webhook_id: str | None = None,
    triggered_at: datetime | None = None,
    api_version: str = DEFAULT_API_VERSION,
    prefixed: bool = True,
) -> dict[str, str]:
    """The headers Shopify sends with a webhook (``X-Shopify-*`` or the newer unprefixed form)."""
    prefix = "X-Shopify-" if prefixed else "shopify-"
    when = (triggered_at or datetime.now(UTC)).isoformat().replace("+00:00", "Z")
    return {
        "Content-Type": "application/json",
        f"{prefix}Topic": topic,
        f"{prefix}Hmac-Sha256": shopify_hmac(secret, body),
        f"{prefix}Shop-Domain": shop_domain,
        f"{prefix}API-Version": api_version,
        f"{prefix}Webhook-Id": webhook_id or str(uuid.uuid4()),
        f"{prefix}Event-Id": str(uuid.uuid4()),
        f"{prefix}Triggered-At": when,
    }


def sample_order(
    order_id: int = 5_678_901_234_567_890_123,
    number: int = 1001,
    lines: list[tuple[str, int, str]] | None = None,
    email: str = "ada@example.com",
    updated_at: str = "2026-11-28T09:15:00-05:00",
) -> dict[str, Any]:
    """A REST-shaped ``orders/*`` payload; ids exceed 2**53 as real Shopify ids do."""
    lines = lines or [("SKU-TEE-M", 2, "19.00"), ("SKU-MUG", 1, "12.50")]
    subtotal = sum(int(q) * float(p) for _, q, p in lines)
    return {
        "id": order_id,
        "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
        "name": f"#{number}",
        "order_number": number,
        "email": email,
        "created_at": "2026-11-28T09:15:00-05:00",
        "updated_at": updated_at,
        "currency": "USD",
        "financial_status": "paid",
        "fulfillment_status": None,
        "subtotal_price": f"{subtotal:.2f}",
        "total_tax": "0.00",
        "total_price": f"{subtotal:.2f}",
        "customer": {"id": 7_012_345_678_901_234_567, "email": email, "first_name": "Ada"},
        "line_items": [
            {
                "id": order_id + index + 1,
                "sku": sku,
                "quantity": quantity,
                "price": price,
                "title": sku.removeprefix("SKU-").title(),
                "variant_id": 44_000_000_000_000_000 + index,
            }
            for index, (sku, quantity, price) in enumerate(lines)
        ],
        "shipping_address": {"city": "Toronto", "country_code": "CA", "zip": "M5V 2T6"},
    }


def encode(payload: Any) -> bytes:
    return json.dumps(payload, separators=(",", ":")).encode()
