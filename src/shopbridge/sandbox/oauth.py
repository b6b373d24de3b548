"""``POST /admin/oauth/access_token``: the client credentials grant, as Shopify documents it.

An app owned by the merchant's organization swaps its client id and secret for an
Admin API token (https://shopify.dev/docs/apps/build/authentication-authorization/
access-tokens/client-credentials-grant). The request is form-encoded
(``grant_type=client_credentials&client_id=…&client_secret=…``; JSON is accepted too,
as Shopify's own Node library sends it); the answer is
``{"access_token", "scope", "expires_in": 86399}`` (24 hours less a second).

Sandbox specifics: the app's client secret is the store's ``app_secret`` (the same
secret signs webhooks, as on Shopify), and its client id is derived from that secret
(:func:`client_id_of`), so a data file keeps both. The token handed out is the store's
Admin token, which never expires here; a client must still refresh before
``expires_in`` runs out, because a real store's token does. Refusals follow RFC 6749
§5.2 (``{"error", "error_description"}``, 400 or 401); Shopify's exact wording of them
is not documented.
"""

from __future__ import annotations

import hashlib
import hmac
import json
from collections.abc import Awaitable, Callable
from typing import Final
from urllib.parse import parse_qs

from starlette.requests import Request
from starlette.responses import JSONResponse, Response

from shopbridge.sandbox.config import SandboxConfig

__all__ = [
    "ACCESS_TOKEN_PATH",
    "TOKEN_LIFETIME_SECS",
    "client_credentials_endpoint",
    "client_id_of",
]

ACCESS_TOKEN_PATH: Final = "/admin/oauth/access_token"  # noqa: S105 - a path
TOKEN_LIFETIME_SECS: Final = 86_399
GRANTED_SCOPES: Final = (
    "read_locations,write_customers,write_discounts,write_fulfillments,write_inventory,"
    "write_orders,write_products"
)


def client_id_of(config: SandboxConfig) -> str:
    """The sandbox app's client id: 32 hex characters, like a real one, stable per secret."""
    return hashlib.sha256(f"client-id:{config.app_secret}".encode()).hexdigest()[:32]


def _refusal(status: int, error: str, description: str) -> Response:
    return JSONResponse({"error": error, "error_description": description}, status_code=status)


def _fields(content_type: str, body: bytes) -> dict[str, str] | None:
    if content_type.split(";", maxsplit=1)[0].strip() == "application/json":
        try:
            parsed = json.loads(body or b"null")
        except ValueError:
            return None
        if not isinstance(parsed, dict):
            return None
        return {key: value for key, value in parsed.items() if isinstance(value, str)}
    try:
        pairs = parse_qs(body.decode("utf-8"), strict_parsing=False)
    except UnicodeDecodeError:
        return None
    return {key: values[0] for key, values in pairs.items() if values}


def client_credentials_endpoint(
    config: Callable[[], SandboxConfig],
) -> Callable[[Request], Awaitable[Response]]:
    """The route handler; ``config`` gives the store's current settings."""

    async def access_token(request: Request) -> Response:
        fields = _fields(request.headers.get("content-type", ""), await request.body())
        if fields is None:
            return _refusal(400, "invalid_request", "The request body could not be read.")
        if fields.get("grant_type") != "client_credentials":
            return _refusal(
                400, "unsupported_grant_type", "Only grant_type=client_credentials is served."
            )
        current = config()
        given_id = fields.get("client_id", "").encode()
        given_secret = fields.get("client_secret", "").encode()
        id_ok = hmac.compare_digest(given_id, client_id_of(current).encode())
        secret_ok = hmac.compare_digest(given_secret, current.app_secret.encode())
        if not (id_ok and secret_ok):
            return _refusal(401, "invalid_client", "Client authentication failed.")
        return JSONResponse(
            {
                "access_token": current.admin_token,
                "scope": GRANTED_SCOPES,
                "expires_in": TOKEN_LIFETIME_SECS,
            }
        )

    return access_token
