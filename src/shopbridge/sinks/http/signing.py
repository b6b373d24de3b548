"""Standard Webhooks signatures (https://www.standardwebhooks.com), so receivers can trust us.

A receiver checks ``webhook-signature`` with any Standard Webhooks library:
``v1,`` + base64(HMAC-SHA256(key, f"{webhook-id}.{webhook-timestamp}.{body}")),
where the key is the base64 part of the ``whsec_…`` secret. The timestamp is
taken per attempt, because receivers refuse stale ones (five minutes by
default) and a retry may come hours later.

This is twenty lines, so we own it rather than depend on a library; the tests
check it against the official one.
"""

from __future__ import annotations

import base64
import binascii
import hashlib
import hmac

__all__ = [
    "ID_HEADER",
    "SECRET_PREFIX",
    "SIGNATURE_HEADER",
    "TIMESTAMP_HEADER",
    "WebhookSigner",
    "decode_secret",
]

SECRET_PREFIX = "whsec_"  # noqa: S105 - the format marker, not a secret
SIGNATURE_VERSION = "v1"
ID_HEADER = "webhook-id"
TIMESTAMP_HEADER = "webhook-timestamp"
SIGNATURE_HEADER = "webhook-signature"


def decode_secret(secret: str) -> bytes:
    """The HMAC key inside a ``whsec_<base64>`` secret; ValueError when it is not one."""
    if not secret.startswith(SECRET_PREFIX):
        raise ValueError(f"must start with {SECRET_PREFIX}")
    encoded = secret.removeprefix(SECRET_PREFIX)
    encoded += "=" * (-len(encoded) % 4)  # receivers' libraries accept unpadded secrets too
    try:
        key = base64.b64decode(encoded, validate=True)
    except binascii.Error as exc:
        raise ValueError(f"the part after {SECRET_PREFIX} is not valid base64") from exc
    if not key:
        raise ValueError(f"the part after {SECRET_PREFIX} is empty")
    return key


class WebhookSigner:
    """Signs bodies with one destination's secret (decoded once, at startup)."""

    def __init__(self, secret: str) -> None:
        self._key = decode_secret(secret)

    def signature(self, message_id: str, timestamp: int, body: bytes) -> str:
        """The ``webhook-signature`` value for one message."""
        signed = f"{message_id}.{timestamp}.".encode() + body
        digest = hmac.new(self._key, signed, hashlib.sha256).digest()
        return f"{SIGNATURE_VERSION},{base64.b64encode(digest).decode('ascii')}"

    def headers(self, message_id: str, timestamp: int, body: bytes) -> dict[str, str]:
        """The three Standard Webhooks headers for one message."""
        return {
            ID_HEADER: message_id,
            TIMESTAMP_HEADER: str(timestamp),
            SIGNATURE_HEADER: self.signature(message_id, timestamp, body),
        }
