"""Webhook verification: Shopify's own HMAC vectors, every header spelling, verdicts."""

from __future__ import annotations

import base64
import hashlib
import hmac
from datetime import UTC, datetime, timedelta, timezone

import pytest
from hypothesis import given
from hypothesis import strategies as st

from shopbridge.shopify import webhooks
from shopbridge.shopify.webhooks import Invalid, InvalidReason, WebhookHeaders

# (secret, exact raw body, X-Shopify-Hmac-Sha256) from Shopify's official test suites,
# as listed in shared/reference/shopify-api.md §3.2.
SHOPIFY_VECTORS = [
    pytest.param(
        "test_secret_key",
        b'{"foo": "bar"}',
        "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g=",
        id="shopify-app-js",
    ),
    pytest.param(
        "7008c5f4da4718b9b45d26d3fcbbb157",
        b'{"foo":"bar"}',
        "+R9TwYM4mbLTk3hEAOBkpA7zW2lc9vNFmVKs2u2jtyY=",
        id="shopify-api-php",
    ),
    pytest.param(
        "secret",
        b"foo=anything",
        "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI=",
        id="shopify_app",
    ),
    pytest.param(
        "old_secret",
        b"foo=anything",
        "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs=",
        id="shopify_app-old-secret",
    ),
]

HMAC_VALUE = "B23tXN681gZ0qIWNRrgtzBE9XSDo5yaUu6wfmhu3a7g="
FULL = {
    "topic": ("Topic", "orders/create"),
    "hmac": ("Hmac-Sha256", HMAC_VALUE),
    "shop_domain": ("Shop-Domain", "demo.myshopify.com"),
    "webhook_id": ("Webhook-Id", "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043"),
    "api_version": ("API-Version", "2026-07"),
    "event_id": ("Event-Id", "98880550-7158-44d4-b7cd-2c97c8a091b5"),
    "triggered_at": ("Triggered-At", "2026-11-28T14:15:00.123456789Z"),
    "name": ("Name", "erp-orders"),
}
REQUIRED = [
    "X-Shopify-Hmac-Sha256",
    "X-Shopify-Topic",
    "X-Shopify-Shop-Domain",
    "X-Shopify-Webhook-Id",
]


def _headers(prefix: str) -> dict[str, str]:
    return {f"{prefix}{suffix}": value for suffix, value in FULL.values()}


def _expected() -> WebhookHeaders:
    return WebhookHeaders(**{field: value for field, (_, value) in FULL.items()})


def _sign(secret: str, body: bytes) -> str:
    return base64.b64encode(hmac.new(secret.encode(), body, hashlib.sha256).digest()).decode()


# -- HMAC ----------------------------------------------------------------------


@pytest.mark.parametrize(("secret", "body", "expected"), SHOPIFY_VECTORS)
def test_shopify_published_vectors(secret: str, body: bytes, expected: str) -> None:
    assert webhooks.verify_hmac(body, expected, [secret])


@pytest.mark.parametrize(("secret", "body", "expected"), SHOPIFY_VECTORS)
def test_vectors_fail_with_another_secret_or_body(secret: str, body: bytes, expected: str) -> None:
    assert not webhooks.verify_hmac(body, expected, [secret + "x"])
    assert not webhooks.verify_hmac(body + b" ", expected, [secret])


def test_previous_secret_accepted_during_rotation() -> None:
    old_signed = "XqRcjrSv57VACn6apEO9znyu/wkN1VC7QxdSPwK3Hzs="
    assert webhooks.verify_hmac(b"foo=anything", old_signed, ["secret", "old_secret"])
    assert not webhooks.verify_hmac(b"foo=anything", old_signed, ["secret"])


def test_current_secret_accepted_when_previous_listed() -> None:
    signed = "yCGX/RrK4fcuNtr3ztk5tQGsOBjcAzHpGLdMUrbV8yI="
    assert webhooks.verify_hmac(b"foo=anything", signed, ["secret", "old_secret"])


def test_empty_secret_never_verifies() -> None:
    signed_with_empty_key = _sign("", b"{}")
    assert not webhooks.verify_hmac(b"{}", signed_with_empty_key, ["", ""])
    assert not webhooks.verify_hmac(b"{}", signed_with_empty_key, [])


@pytest.mark.parametrize("presented", ["", "not base64 at all", "ü" * 44, HMAC_VALUE.lower()])
def test_garbage_header_is_false_not_an_error(presented: str) -> None:
    assert not webhooks.verify_hmac(b'{"foo": "bar"}', presented, ["test_secret_key"])


def test_surrounding_whitespace_in_header_is_ignored() -> None:
    assert webhooks.verify_hmac(b'{"foo": "bar"}', f" {HMAC_VALUE}\t", ["test_secret_key"])


@given(body=st.binary(max_size=4096), secret=st.text(min_size=1, max_size=64))
def test_round_trip_on_arbitrary_bytes(body: bytes, secret: str) -> None:
    signature = _sign(secret, body)
    assert webhooks.verify_hmac(body, signature, [secret])
    assert webhooks.verify_hmac(body, signature, ["other-" + secret, secret])


@given(
    body=st.binary(min_size=1, max_size=1024),
    index=st.integers(min_value=0),
    flip=st.integers(1, 255),
)
def test_any_changed_byte_fails(body: bytes, index: int, flip: int) -> None:
    signature = _sign("s3cret", body)
    changed = bytearray(body)
    changed[index % len(body)] ^= flip
    assert not webhooks.verify_hmac(bytes(changed), signature, ["s3cret"])


# -- headers -------------------------------------------------------------------


@pytest.mark.parametrize(
    "prefix", ["X-Shopify-", "shopify-", "x-shopify-", "SHOPIFY-", "x-SHOPIFY-"]
)
def test_reads_every_spelling(prefix: str) -> None:
    assert webhooks.read_headers(_headers(prefix)) == _expected()


def test_reads_prefixed_and_unprefixed_mixed_per_header() -> None:
    headers = _headers("X-Shopify-")
    headers["shopify-topic"] = headers.pop("X-Shopify-Topic")
    headers["SHOPIFY-HMAC-SHA256"] = headers.pop("X-Shopify-Hmac-Sha256")
    assert webhooks.read_headers(headers) == _expected()


def test_prefixed_wins_when_both_are_sent() -> None:
    headers = {**_headers("X-Shopify-"), "shopify-topic": "orders/updated"}
    parsed = webhooks.read_headers(headers)
    assert isinstance(parsed, WebhookHeaders)
    assert parsed.topic == "orders/create"


def test_optional_headers_may_be_absent() -> None:
    headers = {
        f"X-Shopify-{FULL[f][0]}": FULL[f][1]
        for f in ("topic", "hmac", "shop_domain", "webhook_id")
    }
    parsed = webhooks.read_headers(headers)
    assert isinstance(parsed, WebhookHeaders)
    assert (parsed.api_version, parsed.event_id, parsed.triggered_at, parsed.name) == (None,) * 4


def test_unrelated_headers_are_ignored() -> None:
    headers = {
        **_headers("X-Shopify-"),
        "Content-Type": "application/json",
        "X-Shopify-Sub-Topic": "x",
    }
    assert webhooks.read_headers(headers) == _expected()


@pytest.mark.parametrize("prefix", ["X-Shopify-", "shopify-"])
@pytest.mark.parametrize("missing", REQUIRED)
def test_each_required_header_missing(prefix: str, missing: str) -> None:
    suffix = missing.removeprefix("X-Shopify-")
    headers = {
        k: v for k, v in _headers(prefix).items() if k.lower() != f"{prefix}{suffix}".lower()
    }
    verdict = webhooks.read_headers(headers)
    assert verdict == Invalid(
        InvalidReason.MISSING_HEADER, f"missing Shopify webhook header: {missing}", header=missing
    )
    assert webhooks.status_for(verdict.reason) == 400
    assert verdict.reason.value == "missing_header"


def test_empty_required_header_counts_as_missing() -> None:
    headers = {**_headers("X-Shopify-"), "X-Shopify-Webhook-Id": "  "}
    verdict = webhooks.read_headers(headers)
    assert isinstance(verdict, Invalid)
    assert verdict.header == "X-Shopify-Webhook-Id"


def test_all_missing_names_every_header_and_reports_hmac_first() -> None:
    verdict = webhooks.read_headers({"Content-Type": "application/json"})
    assert isinstance(verdict, Invalid)
    assert verdict.header == "X-Shopify-Hmac-Sha256"
    for name in REQUIRED:
        assert name in verdict.detail


def test_recorded_headers_are_canonical_and_leave_out_the_hmac() -> None:
    parsed = webhooks.read_headers(_headers("shopify-"))
    assert isinstance(parsed, WebhookHeaders)
    assert parsed.recorded() == {
        "x-shopify-topic": "orders/create",
        "x-shopify-shop-domain": "demo.myshopify.com",
        "x-shopify-webhook-id": "b54557e4-bdd9-4b37-8a5f-bf7d70bcd043",
        "x-shopify-api-version": "2026-07",
        "x-shopify-event-id": "98880550-7158-44d4-b7cd-2c97c8a091b5",
        "x-shopify-triggered-at": "2026-11-28T14:15:00.123456789Z",
        "x-shopify-name": "erp-orders",
    }


# -- verify_webhook and the status table ---------------------------------------


def _signed(
    topic: str = "orders/create", secret: str = "test_secret_key"
) -> tuple[bytes, dict[str, str]]:
    body = b'{"id": 5678901234567890123}'
    headers = {
        **_headers("X-Shopify-"),
        "X-Shopify-Topic": topic,
        "X-Shopify-Hmac-Sha256": _sign(secret, body),
    }
    return body, headers


def test_verify_webhook_accepts_a_signed_delivery() -> None:
    body, headers = _signed()
    parsed = webhooks.verify_webhook(body, headers, ["rotated", "test_secret_key"])
    assert isinstance(parsed, WebhookHeaders)
    assert parsed.webhook_id == FULL["webhook_id"][1]


def test_verify_webhook_bad_hmac_is_401() -> None:
    body, headers = _signed(secret="someone-else")
    verdict = webhooks.verify_webhook(body, headers, ["test_secret_key"])
    assert isinstance(verdict, Invalid)
    assert verdict.reason is InvalidReason.BAD_HMAC
    assert verdict.reason.value == "invalid_hmac"
    assert webhooks.status_for(verdict.reason) == 401


def test_verify_webhook_checks_signature_before_topic() -> None:
    body, headers = _signed(topic="orders/teleported", secret="someone-else")
    verdict = webhooks.verify_webhook(body, headers, ["test_secret_key"])
    assert isinstance(verdict, Invalid)
    assert verdict.reason is InvalidReason.BAD_HMAC


def test_verify_webhook_unknown_topic_is_400() -> None:
    body, headers = _signed(topic="orders/teleported")
    verdict = webhooks.verify_webhook(body, headers, ["test_secret_key"])
    assert isinstance(verdict, Invalid)
    assert verdict.reason is InvalidReason.UNKNOWN_TOPIC
    assert "orders/teleported" in verdict.detail
    assert webhooks.status_for(verdict.reason) == 400


def test_verify_webhook_missing_header_first() -> None:
    body, headers = _signed()
    del headers["X-Shopify-Shop-Domain"]
    verdict = webhooks.verify_webhook(body, headers, ["test_secret_key"])
    assert isinstance(verdict, Invalid)
    assert verdict.reason is InvalidReason.MISSING_HEADER


def test_every_reason_has_a_status() -> None:
    assert set(webhooks.STATUS_BY_REASON) == set(InvalidReason)
    assert all(400 <= status < 500 for status in webhooks.STATUS_BY_REASON.values())


# -- triggered-at --------------------------------------------------------------

MOMENT = datetime(2026, 11, 28, 14, 15, 0, tzinfo=UTC)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ("2026-11-28T14:15:00Z", MOMENT),
        ("2026-11-28T14:15:00.123456789Z", MOMENT.replace(microsecond=123456)),
        ("2026-11-28T14:15:00.123Z", MOMENT.replace(microsecond=123000)),
        ("2026-11-28T14:15:00+00:00", MOMENT),
        ("2026-11-28T09:15:00-05:00", MOMENT),
        ("2026-11-28T09:15:00-0500", MOMENT),
        ("2026-11-28 09:15:00 -0500", MOMENT),
        ("2026-11-28 14:15:00 UTC", MOMENT),
        ("2026-11-28T14:15:00", MOMENT),
        ("  2026-11-28T14:15:00Z\n", MOMENT),
    ],
)
def test_parse_triggered_at_formats(value: str, expected: datetime) -> None:
    parsed = webhooks.parse_triggered_at(value)
    assert parsed == expected
    assert parsed is not None
    assert parsed.utcoffset() == timedelta(0)


@pytest.mark.parametrize(
    "value", [None, "", "   ", "yesterday", "2026-13-40T99:00:00Z", "1764339300"]
)
def test_parse_triggered_at_unreadable_is_none(value: str | None) -> None:
    assert webhooks.parse_triggered_at(value) is None


def test_parse_triggered_at_keeps_the_instant_across_offsets() -> None:
    tokyo = datetime(2026, 11, 28, 23, 15, tzinfo=timezone(timedelta(hours=9)))
    assert webhooks.parse_triggered_at(tokyo.isoformat()) == MOMENT
