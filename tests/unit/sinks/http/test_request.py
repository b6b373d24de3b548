"""The request built for a delivery, and the redacted copy kept with the attempt."""

from __future__ import annotations

import base64
import json
import time
from typing import Any

import pytest
from standardwebhooks.webhooks import Webhook

from shopbridge import __version__
from shopbridge.config.schema import HttpDestination
from shopbridge.engine.delivery import Delivery
from shopbridge.sinks.http.request import (
    REDACTED,
    PreparedRequest,
    build_request,
    summarize_request,
    text_excerpt,
)
from shopbridge.sinks.http.signing import WebhookSigner
from shopbridge.types import JSONObject, JSONValue

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
TIMESTAMP = 1_800_000_000


def _delivery(**changes: Any) -> Delivery:
    fields: dict[str, Any] = {
        "job_id": 7,
        "event_id": 42,
        "attempt": 3,
        "idempotency_key": "sb_7f3c2a",
        "flow": "orders_to_erp",
        "destination": "erp",
        "topic": "orders/create",
        "body": b'{"id":1}',
        "shop_domain": "acme.myshopify.com",
    }
    return Delivery(**(fields | changes))


def _destination(**fields: Any) -> HttpDestination:
    return HttpDestination.model_validate({"url": "https://erp.example.com/hooks", **fields})


def _build(destination: HttpDestination, delivery: Delivery | None = None) -> PreparedRequest:
    signer = WebhookSigner(destination.signing_secret) if destination.signing_secret else None
    return build_request(destination, delivery or _delivery(), timestamp=TIMESTAMP, signer=signer)


def _summary_headers(summary: JSONObject) -> dict[str, JSONValue]:
    headers = summary["headers"]
    assert isinstance(headers, dict)
    return headers


def test_delivery_headers() -> None:
    request = _build(_destination(method="PUT"))
    assert request.method == "PUT"
    assert str(request.url) == "https://erp.example.com/hooks"
    assert request.body == b'{"id":1}'
    assert dict(request.headers) == {
        "Content-Type": "application/json",
        "User-Agent": f"shopbridge/{__version__}",
        "Idempotency-Key": "sb_7f3c2a",
        "webhook-id": "sb_7f3c2a",
        "webhook-timestamp": str(TIMESTAMP),
        "X-Shopbridge-Topic": "orders/create",
        "X-Shopbridge-Attempt": "3",
        "X-Shopbridge-Event-Id": "42",
        "X-Shopbridge-Shop-Domain": "acme.myshopify.com",
    }


def test_no_shop_domain_header_for_non_shopify_events() -> None:
    request = _build(_destination(), _delivery(shop_domain=None, content_type="text/csv"))
    assert "X-Shopbridge-Shop-Domain" not in request.headers
    assert request.headers["content-type"] == "text/csv"


@pytest.mark.parametrize(
    ("auth", "name", "value"),
    [
        ({"type": "bearer", "token": "t0k"}, "Authorization", "Bearer t0k"),
        (
            {"type": "basic", "username": "erp", "password": "pä:ss"},
            "Authorization",
            "Basic " + base64.b64encode("erp:pä:ss".encode()).decode(),
        ),
        ({"type": "header", "name": "X-Api-Key", "value": "k3y"}, "X-Api-Key", "k3y"),
    ],
)
def test_auth_header_is_sent_and_redacted(auth: dict[str, str], name: str, value: str) -> None:
    request = _build(_destination(auth=auth))
    assert request.headers[name] == value
    summary = summarize_request(request)
    assert _summary_headers(summary)[name] == REDACTED
    assert value not in json.dumps(summary)


def test_configured_headers_override_defaults_but_not_delivery_headers() -> None:
    destination = _destination(
        headers={
            "content-type": "application/vnd.erp+json",
            "X-Tenant": "eu-1",
            "idempotency-key": "spoofed",
            "X-Shopbridge-Topic": "spoofed",
            "Authorization": "Bearer from-headers",
        },
        auth={"type": "bearer", "token": "from-auth"},
    )
    request = _build(destination)
    assert request.headers.getall("Content-Type") == ["application/vnd.erp+json"]
    assert request.headers["X-Tenant"] == "eu-1"
    assert request.headers.getall("Idempotency-Key") == ["sb_7f3c2a"]
    assert request.headers.getall("X-Shopbridge-Topic") == ["orders/create"]
    assert request.headers.getall("Authorization") == ["Bearer from-auth"]


def test_signature_verifies_with_the_official_library() -> None:
    destination = _destination(signing_secret=SECRET)
    request = build_request(
        destination, _delivery(), timestamp=int(time.time()), signer=WebhookSigner(SECRET)
    )
    Webhook(SECRET).verify(request.body, dict(request.headers))
    assert request.headers["webhook-id"] == request.headers["Idempotency-Key"]
    assert _summary_headers(summarize_request(request))["webhook-signature"] == REDACTED


def test_unsigned_destination_sends_no_signature() -> None:
    assert "webhook-signature" not in _build(_destination()).headers


def test_summary_redacts_secret_looking_headers_and_query_parameters() -> None:
    destination = _destination(
        url="https://erp.example.com/hooks?tenant=eu&api_key=abc123&Token=t9",
        headers={"X-Erp-Token": "tok-1", "X-Client-Secret": "sec-2", "X-Tenant": "eu-1"},
    )
    summary = summarize_request(_build(destination))
    text = json.dumps(summary)
    for secret in ("abc123", "t9", "tok-1", "sec-2"):
        assert secret not in text
    assert summary["url"] == "https://erp.example.com/hooks?tenant=eu&api_key=***&Token=***"
    headers = _summary_headers(summary)
    assert headers["X-Tenant"] == "eu-1"
    assert headers["Idempotency-Key"] == "sb_7f3c2a"  # not a secret: operators need it


def test_summary_keeps_a_body_excerpt() -> None:
    summary = summarize_request(_build(_destination(), _delivery(body=b"x" * 5000)))
    assert summary["method"] == "POST"
    assert summary["body_bytes"] == 5000
    assert summary["body_truncated"] is True
    assert summary["body"] == "x" * 1024


def test_text_excerpt_replaces_bad_utf8() -> None:
    assert text_excerpt(b"caf\xc3\xa9\xff", 100) == ("café\ufffd", False)
    assert text_excerpt(b"abcdef", 3) == ("abc", True)
