"""Signing: Shopify's published HMAC vectors, and the headers of a delivery."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.webhooks.delivery import Delivery, sign
from shopbridge.shopify.webhooks import read_headers, verify_hmac

# shopify-api.md §3.2: vectors from Shopify's own test suites.
VECTORS = [
    ("test_secret_key", b'{"foo": "bar"}', "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="),
    (
        "7008c5f4da4718b9b45d26d3fcbbb157",
        b'{"foo":"bar"}',
        "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=",
    ),
    ("secret", b"foo=anything", "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="),
]


@pytest.mark.parametrize(("secret", "body", "expected"), VECTORS)
def test_sign_matches_shopify_vectors(secret: str, body: bytes, expected: str) -> None:
    assert sign(body, secret) == expected
    assert verify_hmac(body, sign(body, secret), [secret])


def test_headers_are_shopifys_and_verify_with_our_engine() -> None:
    delivery = Delivery(
        webhook_id="w-1",
        event_id="e-1",
        topic="products/update",
        subscription_id="gid://shopify/WebhookSubscription/1",
        uri="http://127.0.0.1/hooks",
        api_version="2026-07",
        body=b'{"id":1}',
        triggered_at="2026-07-01T00:00:00.000000Z",
        name="sync",
    )
    headers = delivery.headers("shop.myshopify.com", "s3cret")
    parsed = read_headers(headers)
    assert not hasattr(parsed, "reason")
    assert headers["X-Shopify-Name"] == "sync"
    assert headers["X-Shopify-API-Version"] == "2026-07"
    assert verify_hmac(delivery.body, headers["X-Shopify-Hmac-Sha256"], ["s3cret"])
