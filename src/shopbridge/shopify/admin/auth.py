"""Where the Admin API access token comes from: a static token, or the client credentials grant.

A static token (``shpat_…`` from a custom app) never changes. The client credentials
grant (apps owned by the merchant's organization, the only way to create new custom
app tokens since 2026-01-01) swaps the client id and secret for a token at
``POST https://{shop}/admin/oauth/access_token`` (form fields ``grant_type=
client_credentials``, ``client_id``, ``client_secret``; answer ``{"access_token",
"scope", "expires_in"}``, 86,399 s today). The token is fetched on first use and
fetched again before it expires (``REFRESH_MARGIN_SECS`` ahead, or a tenth of its
lifetime when that is shorter), or after Shopify refused it. Concurrent callers share
one fetch: a lock makes the refresh happen once, and the others read its result.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Callable
from typing import Final, Protocol

import aiohttp

from shopbridge.errors import ShopifyAuthError, ShopifyRequestError

__all__ = ["REFRESH_MARGIN_SECS", "ClientCredentialsToken", "StaticToken", "TokenSource"]

REFRESH_MARGIN_SECS: Final = 300.0
# When Shopify omits ``expires_in`` (it did not use to send one), refresh daily.
DEFAULT_LIFETIME_SECS: Final = 86_399.0

Clock = Callable[[], float]


class TokenSource(Protocol):
    """Gives the token to send; told when Shopify refused it."""

    async def token(self, session: aiohttp.ClientSession) -> str: ...

    def refused(self, token: str) -> bool:
        """Forget ``token``; True when a new one may be fetched (worth one more try)."""
        ...


class StaticToken:
    """An Admin API access token set in the configuration."""

    def __init__(self, token: str) -> None:
        if not token:
            raise ValueError("the access token is empty")
        self._token = token

    async def token(self, session: aiohttp.ClientSession) -> str:
        del session
        return self._token

    def refused(self, token: str) -> bool:
        del token
        return False


class ClientCredentialsToken:
    """Tokens from the client credentials grant, refreshed before they expire."""

    def __init__(
        self,
        url: str,
        client_id: str,
        client_secret: str,
        *,
        clock: Clock = time.monotonic,
    ) -> None:
        if not client_id or not client_secret:
            raise ValueError("the client credentials grant needs a client id and a secret")
        self.url = url
        self._client_id = client_id
        self._client_secret = client_secret
        self._clock = clock
        self._token: str | None = None
        self._refresh_at = 0.0
        self._lock = asyncio.Lock()
        self.fetches = 0

    def _fresh(self) -> str | None:
        return self._token if self._token and self._clock() < self._refresh_at else None

    async def token(self, session: aiohttp.ClientSession) -> str:
        fresh = self._fresh()
        if fresh is not None:
            return fresh
        async with self._lock:  # one refresh at a time; waiters reuse its token
            fresh = self._fresh()
            if fresh is None:
                fresh = await self._fetch(session)
            return fresh

    def refused(self, token: str) -> bool:
        if token == self._token:
            self._token = None
        return True

    async def _fetch(self, session: aiohttp.ClientSession) -> str:
        form = {
            "grant_type": "client_credentials",
            "client_id": self._client_id,
            "client_secret": self._client_secret,
        }
        started = self._clock()
        self.fetches += 1
        try:
            async with session.post(self.url, data=form, allow_redirects=False) as answer:
                status = answer.status
                body = await answer.json(content_type=None) if status == 200 else None
                request_id = answer.headers.get("X-Request-Id")
        except (aiohttp.ClientError, TimeoutError, ValueError) as exc:
            raise ShopifyRequestError(
                f"could not get an access token from {self.url}: {exc or type(exc).__name__}"
            ) from exc
        if status in (400, 401, 403, 404):
            raise ShopifyAuthError(
                f"Shopify refused the client credentials (HTTP {status}); check client_id and "
                "client_secret, and that the app is installed on this shop",
                request_id=request_id,
            )
        token = body.get("access_token") if isinstance(body, dict) else None
        if status != 200 or not isinstance(token, str) or not token:
            raise ShopifyRequestError(
                f"no access token from {self.url} (HTTP {status})",
                status_code=status,
                request_id=request_id,
            )
        given = body.get("expires_in") if isinstance(body, dict) else None
        lifetime = float(given) if isinstance(given, int | float) and given > 0 else None
        lifetime = lifetime or DEFAULT_LIFETIME_SECS
        self._token = token
        self._refresh_at = started + lifetime - min(REFRESH_MARGIN_SECS, lifetime / 10)
        return token
