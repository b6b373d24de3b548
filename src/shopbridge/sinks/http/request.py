"""The HTTP request for one delivery, and the redacted copy of it kept with the attempt.

Header precedence, lowest first: ``Content-Type`` and ``User-Agent`` (which a
destination's ``headers`` may override), the destination's ``headers``, its
``auth``, then the delivery headers receivers rely on (``Idempotency-Key``,
``webhook-*``, ``X-Shopbridge-*``), which configuration cannot override.

Attempt records are shown to operators and stored in the database, so secrets
are replaced by ``***``: the auth header, the signature, configured headers
whose names look secret, and query parameters whose names look secret.
"""

from __future__ import annotations

import base64
import re
from dataclasses import dataclass

from multidict import CIMultiDict
from yarl import URL

from shopbridge import __version__
from shopbridge.config.schema import Auth, BasicAuth, BearerAuth, HttpDestination
from shopbridge.engine.delivery import Delivery
from shopbridge.types import JSONObject

from .signing import ID_HEADER, SIGNATURE_HEADER, TIMESTAMP_HEADER, WebhookSigner

__all__ = [
    "REDACTED",
    "USER_AGENT",
    "PreparedRequest",
    "auth_header",
    "build_request",
    "redact_url",
    "summarize_request",
    "text_excerpt",
]

USER_AGENT = f"shopbridge/{__version__}"
REDACTED = "***"
REQUEST_EXCERPT_BYTES = 1024

# A configured header or query parameter with one of these in its name is treated as a secret.
_SECRET_NAME = re.compile(
    r"auth|token|secret|key|pass|signature|cookie|session|credential", re.IGNORECASE
)
_ALWAYS_SECRET = frozenset({"authorization", "proxy-authorization", "cookie", SIGNATURE_HEADER})


@dataclass(frozen=True, slots=True)
class PreparedRequest:
    """Everything the sink sends; ``secret_headers`` are lower-case names to redact."""

    method: str
    url: URL
    headers: CIMultiDict[str]
    body: bytes
    secret_headers: frozenset[str]


def auth_header(auth: Auth) -> tuple[str, str]:
    """The (name, value) header a destination's auth setting produces."""
    if isinstance(auth, BearerAuth):
        return "Authorization", f"Bearer {auth.token}"
    if isinstance(auth, BasicAuth):
        pair = f"{auth.username}:{auth.password}".encode()
        return "Authorization", f"Basic {base64.b64encode(pair).decode('ascii')}"
    return auth.name, auth.value


def build_request(
    config: HttpDestination,
    delivery: Delivery,
    *,
    timestamp: int,
    signer: WebhookSigner | None = None,
    url: URL | None = None,
) -> PreparedRequest:
    """The request for one attempt; ``timestamp`` (unix seconds) is when it is sent."""
    headers: CIMultiDict[str] = CIMultiDict()
    headers["Content-Type"] = delivery.content_type
    headers["User-Agent"] = USER_AGENT
    secret = set(_ALWAYS_SECRET)
    for name, value in config.headers.items():
        headers[name] = value
        if _SECRET_NAME.search(name):
            secret.add(name.lower())
    if config.auth is not None:
        name, value = auth_header(config.auth)
        headers[name] = value
        secret.add(name.lower())
    headers["Idempotency-Key"] = delivery.idempotency_key
    headers[ID_HEADER] = delivery.idempotency_key
    headers[TIMESTAMP_HEADER] = str(timestamp)
    headers["X-Shopbridge-Topic"] = delivery.topic
    headers["X-Shopbridge-Attempt"] = str(delivery.attempt)
    headers["X-Shopbridge-Event-Id"] = str(delivery.event_id)
    if delivery.shop_domain is not None:
        headers["X-Shopbridge-Shop-Domain"] = delivery.shop_domain
    if signer is not None:
        headers[SIGNATURE_HEADER] = signer.signature(
            delivery.idempotency_key, timestamp, delivery.body
        )
    return PreparedRequest(
        method=config.method,
        url=url if url is not None else URL(config.url),
        headers=headers,
        body=delivery.body,
        secret_headers=frozenset(secret),
    )


def summarize_request(request: PreparedRequest) -> JSONObject:
    """What the attempt record keeps: secrets redacted, body cut to an excerpt."""
    excerpt, truncated = text_excerpt(request.body, REQUEST_EXCERPT_BYTES)
    return {
        "method": request.method,
        "url": str(redact_url(request.url)),
        "headers": {
            name: REDACTED if name.lower() in request.secret_headers else value
            for name, value in request.headers.items()
        },
        "body": excerpt,
        "body_bytes": len(request.body),
        "body_truncated": truncated,
    }


def redact_url(url: URL) -> URL:
    """The URL with the values of secret-looking query parameters replaced."""
    if not url.query_string:
        return url
    return url.with_query(
        [(k, REDACTED if _SECRET_NAME.search(k) else v) for k, v in url.query.items()]
    )


def text_excerpt(data: bytes, limit: int) -> tuple[str, bool]:
    """The first ``limit`` bytes as text (bad UTF-8 replaced), and whether any were cut."""
    return data[:limit].decode("utf-8", errors="replace"), len(data) > limit
