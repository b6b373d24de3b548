"""The commented starter file that `shopbridge init` writes."""

from __future__ import annotations

import base64
import secrets

STARTER = """\
# shopbridge.yaml: what shopbridge listens to and where it delivers.
# Check it with `shopbridge check`; run it with `shopbridge run`.
# Any value may use ${{ENV_VAR}} or ${{ENV_VAR:-default}}; keep real secrets in the environment.
version: 1

server:
  host: 127.0.0.1
  port: 8080
  max_body_bytes: 1048576          # larger requests answer 413
  # Bearer token for the operator API (/v1/jobs, /v1/dead-letters, replay).
  operator_token: "{operator_token}"
  # The https URL Shopify reaches this engine at. With it (and Admin API credentials on a
  # shop) shopbridge keeps the shop's webhook subscriptions in line with the flows.
  # public_url: https://shopbridge.example.com

store:
  # One file for one process. For several processes or machines use PostgreSQL:
  # url: postgresql://shopbridge@db.internal:5432/shopbridge
  url: sqlite:///shopbridge.db

workers:
  concurrency: 64                  # deliveries in flight per process
  lease_secs: 30                   # a dead worker's jobs come back after this long

logging:
  level: info
  format: console                  # json for production log pipelines

shops:
  demo:
    domain: demo-shop.myshopify.com
    # The app's client secret; Shopify signs each webhook's HMAC with it.
    webhook_secret: ${{SHOPIFY_WEBHOOK_SECRET:-{webhook_secret}}}
    api_version: "2026-07"
    # To write into Shopify (POST /v1/inventory, /v1/products …) and manage webhook
    # subscriptions, give the Admin API token (or client_id and client_secret):
    # access_token: ${{SHOPIFY_ACCESS_TOKEN}}

sources:
  erp:
    description: Stock and order status pushed by the ERP (POST /v1/events/erp)

destinations:
  erp:
    type: http
    url: http://127.0.0.1:9000/orders
    internal: true                 # allow a private/loopback address (on-premise system)
    timeout_secs: 10
    max_in_flight: 8
    signing_secret: "{signing_secret}"   # Standard Webhooks signature on every delivery
    retry:
      max_attempts: 8              # about 21 hours with the defaults below
      initial_secs: 30
      multiplier: 4

flows:
  orders_to_erp:
    from:
      shopify: [orders/create, orders/updated]
    # Deliver only real orders (JSONata); drop the line to deliver everything.
    filter: "$number(total_price) > 0"
    # Shape the body the ERP receives (JSONata); drop it to forward Shopify's payload as is.
    map: |
      {{
        "order_id": id,
        "name": name,
        "email": email,
        "total": $number(total_price),
        "currency": currency,
        "lines": [line_items.{{ "sku": sku, "quantity": quantity, "price": $number(price) }}]
      }}
    to: [erp]
"""


def starter_config() -> str:
    """A fresh starter file with newly generated secrets."""
    return STARTER.format(
        operator_token=secrets.token_urlsafe(24),
        webhook_secret=secrets.token_hex(16),
        signing_secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode(),
    )
