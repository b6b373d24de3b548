"""The HTTP sender: one destination, one connection pool, one outcome per attempt.

Reading order: the URL and secret are checked once, at startup; each attempt
builds its request (:mod:`.request`), passes the guard (:mod:`.guard`), sends
with a hard deadline for the whole exchange, reads at most 64 KiB back, and
lets :mod:`.classify` say what happened. Problems are outcomes, never
exceptions: a surprise becomes a retry that carries its text, because
at-least-once delivery prefers a visible retry to a silent drop.

Hardening: no proxies from the environment (``trust_env=False``), no redirects
(a redirect is reported, not followed), a total deadline (a receiver dripping
one byte a second cannot hold a worker), and a capped response read.
"""

from __future__ import annotations

import dataclasses
import time
from collections.abc import Callable, Mapping

import aiohttp
from aiohttp.abc import AbstractResolver
from aiohttp.resolver import DefaultResolver
from yarl import URL

from shopbridge.config.schema import BasicAuth, HttpDestination
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Exchange, Outcome, Retry
from shopbridge.errors import ConfigError, DestinationBlockedError
from shopbridge.types import JSONObject

from . import classify, guard
from .request import REDACTED, auth_header, build_request, summarize_request, text_excerpt
from .signing import WebhookSigner

__all__ = ["MAX_RESPONSE_READ_BYTES", "HttpSink"]

MAX_RESPONSE_READ_BYTES = 64 * 1024
RESPONSE_EXCERPT_BYTES = 4096
DNS_CACHE_SECS = 10
_SECRET_RESPONSE_HEADERS = frozenset({"set-cookie", "www-authenticate", "proxy-authenticate"})
_FORBIDDEN_IN_HEADERS = ("\r", "\n", "\x00")

Clock = Callable[[], float]


class HttpSink:
    """Delivers to one configured HTTP destination.

    The aiohttp session is created on first use, inside the running event loop,
    so that building sinks at startup needs no loop. Raises :class:`ConfigError`
    at construction for a URL or secret that could never work.
    """

    def __init__(self, name: str, config: HttpDestination, *, clock: Clock = time.time) -> None:
        self.name = name
        self.config = config
        self._clock = clock
        self._url = _checked_url(name, config)
        self._signer = _signer(name, config)
        _check_header_values(name, config)
        self._session: aiohttp.ClientSession | None = None
        self._closed = False

    @property
    def host(self) -> str:
        return self._url.host or self._url.raw_host or ""

    async def deliver(self, delivery: Delivery) -> Outcome:
        """One attempt. Never raises for delivery problems; returns the outcome."""
        started = time.perf_counter()
        if self._closed:  # shutting down: hand the job back for a later attempt
            return Retry(reason=f"the sink for destination '{self.name}' is closed")
        summary: JSONObject = {}
        response: JSONObject | None = None
        try:
            request = build_request(
                self.config,
                delivery,
                timestamp=int(self._clock()),
                signer=self._signer,
                url=self._url,
            )
            summary = summarize_request(request)
            if not self.config.internal:
                guard.check_host(self.host)
            session = self._ensure_session()
            async with session.request(
                request.method,
                request.url,
                headers=request.headers,
                data=request.body,
                allow_redirects=False,
            ) as answer:
                body, truncated = await _read_capped(answer.content, MAX_RESPONSE_READ_BYTES)
                if truncated:  # the rest is unread: this connection cannot be reused
                    answer.close()
                excerpt, cut = text_excerpt(body, RESPONSE_EXCERPT_BYTES)
                response = _summarize_response(answer.status, answer.headers, excerpt)
                response["body_truncated"] = truncated or cut
                outcome = classify.classify_response(
                    answer.status,
                    answer.headers,
                    excerpt,
                    host=self.host,
                    retry_on_status=self.config.retry_on_status,
                    now=self._clock(),
                )
        except Exception as exc:  # the edge of the sink: every failure becomes an outcome
            outcome = classify.classify_exception(
                exc, host=self.host, timeout_secs=self.config.timeout_secs
            )
        return dataclasses.replace(
            outcome,
            exchange=Exchange(request=summary, response=response),
            duration_secs=time.perf_counter() - started,
        )

    async def close(self) -> None:
        """Close the connection pool; later deliveries are retried, not sent."""
        self._closed = True
        if self._session is not None:
            await self._session.close()
            self._session = None

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            resolver: AbstractResolver = (
                DefaultResolver() if self.config.internal else guard.GuardedResolver()
            )
            connector = aiohttp.TCPConnector(
                limit=self.config.max_in_flight,
                resolver=resolver,
                ttl_dns_cache=DNS_CACHE_SECS,
            )
            self._session = aiohttp.ClientSession(
                connector=connector,
                timeout=aiohttp.ClientTimeout(total=self.config.timeout_secs),
                trust_env=False,
            )
        return self._session


async def _read_capped(stream: aiohttp.StreamReader, limit: int) -> tuple[bytes, bool]:
    """Up to ``limit`` bytes of the body, and whether more was left unread."""
    chunks: list[bytes] = []
    size = 0
    while size < limit:
        chunk = await stream.read(limit - size)
        if not chunk:
            return b"".join(chunks), False
        chunks.append(chunk)
        size += len(chunk)
    return b"".join(chunks), not stream.at_eof()


def _summarize_response(status: int, headers: Mapping[str, str], excerpt: str) -> JSONObject:
    return {
        "status": status,
        "headers": {
            name: REDACTED if name.lower() in _SECRET_RESPONSE_HEADERS else value
            for name, value in headers.items()
        },
        "body": excerpt,
    }


def _checked_url(name: str, config: HttpDestination) -> URL:
    try:
        return guard.check_url(config.url)
    except DestinationBlockedError as exc:
        raise ConfigError([(f"destinations.{name}.url", str(exc))]) from exc


def _signer(name: str, config: HttpDestination) -> WebhookSigner | None:
    if config.signing_secret is None:
        return None
    try:
        return WebhookSigner(config.signing_secret)
    except ValueError as exc:
        raise ConfigError([(f"destinations.{name}.signing_secret", str(exc))]) from exc


def _check_header_values(name: str, config: HttpDestination) -> None:
    """Refuse header text that would split or corrupt the request (a config typo or worse)."""
    texts = {f"destinations.{name}.headers.{k}": k + v for k, v in config.headers.items()}
    if config.auth is not None:
        texts[f"destinations.{name}.auth"] = "".join(auth_header(config.auth))
    problems = [
        (path, "must not contain line breaks or NUL characters")
        for path, text in texts.items()
        if any(bad in text for bad in _FORBIDDEN_IN_HEADERS)
    ]
    auth = config.auth
    if isinstance(auth, BasicAuth) and ":" in auth.username:
        problems.append((f"destinations.{name}.auth.username", "must not contain ':'"))
    if problems:
        raise ConfigError(problems)
