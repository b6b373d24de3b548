"""API keys with scopes, checked per route.

Keys arrive as ``Authorization: Bearer sbk_…`` or ``X-Api-Key: sbk_…``. A
verified key is cached briefly so that ingest does not read the store on every
request; a revoked key stops working within ``KEY_CACHE_SECS``.
"""

from __future__ import annotations

import hmac
import time
from collections.abc import Awaitable, Callable
from dataclasses import dataclass

from fastapi import Request

from shopbridge.api.problems import ProblemError
from shopbridge.app import App
from shopbridge.security import api_keys

KEY_CACHE_SECS = 30.0


@dataclass(frozen=True, slots=True)
class Caller:
    name: str
    scopes: tuple[str, ...]


_cache: dict[str, tuple[float, Caller]] = {}


def _presented_key(request: Request) -> str | None:
    header = request.headers.get("authorization")
    if header is not None:
        scheme, _, value = header.partition(" ")
        if scheme.lower() == "bearer" and value.strip():
            return value.strip()
    return request.headers.get("x-api-key")


async def authenticate(app: App, request: Request) -> Caller:
    presented = _presented_key(request)
    if not presented:
        raise ProblemError(
            401,
            "missing_credentials",
            "send an API key as 'Authorization: Bearer <key>' or 'X-Api-Key: <key>'",
            headers={"WWW-Authenticate": "Bearer"},
        )
    token = app.settings.server.operator_token
    if token and hmac.compare_digest(presented.encode(), token.encode()):
        return Caller("operator", (api_keys.Scope.ADMIN.value,))
    now = time.monotonic()
    cached = _cache.get(presented)
    if cached is not None and cached[0] > now:
        return cached[1]
    prefix = api_keys.parse_key(presented)
    record = await app.store.find_api_key(prefix) if prefix else None
    if (
        record is None
        or record.revoked_at is not None
        or not api_keys.verify(presented, record.key_hash)
    ):
        raise ProblemError(
            401,
            "invalid_credentials",
            "the API key is not valid or was revoked",
            headers={"WWW-Authenticate": "Bearer"},
        )
    caller = Caller(record.name, record.scopes)
    _cache[presented] = (now + KEY_CACHE_SECS, caller)
    return caller


def require(scope: api_keys.Scope) -> Callable[[Request], Awaitable[Caller]]:
    """A FastAPI dependency: the caller must hold ``scope`` (admin holds every scope)."""

    async def dependency(request: Request) -> Caller:
        app: App = request.app.state.shopbridge
        caller = await authenticate(app, request)
        if not api_keys.has_scope(caller.scopes, scope):
            raise ProblemError(
                403, "insufficient_scope", f"this key lacks the '{scope.value}' scope"
            )
        return caller

    return dependency
