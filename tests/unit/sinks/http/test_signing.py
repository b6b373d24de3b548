"""Our Standard Webhooks signatures, checked by the official library receivers use."""

from __future__ import annotations

import time

import pytest
from standardwebhooks.webhooks import Webhook, WebhookVerificationError

from shopbridge.sinks.http import signing

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BODY = b'{"id":5678901234567890123,"name":"#1001","note":"caf\xc3\xa9 \xe2\x9c\x93"}'


def test_official_library_accepts_our_signature() -> None:
    headers = signing.WebhookSigner(SECRET).headers("job-42-key", int(time.time()), BODY)
    assert Webhook(SECRET).verify(BODY, headers)["name"] == "#1001"


def test_official_library_refuses_a_tampered_body() -> None:
    headers = signing.WebhookSigner(SECRET).headers("job-42-key", int(time.time()), BODY)
    with pytest.raises(WebhookVerificationError, match="No matching signature"):
        Webhook(SECRET).verify(BODY.replace(b"#1001", b"#1002"), headers)


def test_official_library_refuses_another_id_or_secret() -> None:
    headers = signing.WebhookSigner(SECRET).headers("job-42-key", int(time.time()), BODY)
    with pytest.raises(WebhookVerificationError):
        Webhook(SECRET).verify(BODY, {**headers, "webhook-id": "job-43-key"})
    with pytest.raises(WebhookVerificationError):
        Webhook("whsec_" + "A" * 32).verify(BODY, headers)


def test_matches_the_specification_example() -> None:
    # The worked example published with the Standard Webhooks specification.
    signer = signing.WebhookSigner(SECRET)
    signature = signer.signature(
        "msg_p5jXN8AQM9LWM0D4loKWxJek", 1614265330, b'{"test": 2432232314}'
    )
    assert signature == "v1,g0hM9SsE+OTPJTGt/tmIKtSyZlE3uFJELVlNIOLJ1OE="


def test_headers_carry_id_timestamp_and_versioned_signature() -> None:
    headers = signing.WebhookSigner(SECRET).headers("abc", 1_800_000_000, b"{}")
    assert headers["webhook-id"] == "abc"
    assert headers["webhook-timestamp"] == "1800000000"
    assert headers["webhook-signature"].startswith("v1,")


def test_unpadded_secret_is_read_as_receivers_read_it() -> None:
    unpadded = "whsec_" + "c2VjcmV0LWtleQ"  # base64("secret-key") without its "=="
    headers = signing.WebhookSigner(unpadded).headers("abc", int(time.time()), BODY)
    Webhook(unpadded).verify(BODY, headers)


@pytest.mark.parametrize(
    ("secret", "message"),
    [
        ("MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw", "must start with whsec_"),
        ("whsec_", "empty"),
        ("whsec_not base64!", "not valid base64"),
        ("whsec_abcde", "not valid base64"),
    ],
)
def test_bad_secrets_are_refused(secret: str, message: str) -> None:
    with pytest.raises(ValueError, match=message):
        signing.decode_secret(secret)
