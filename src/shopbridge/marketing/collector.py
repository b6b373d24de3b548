"""The Web Pixels collector: admits a browser's events and appends them as engine events.

Pixels run in shoppers' browsers, so no secret can authenticate them. The collector
URL carries the shop's public key (``/v1/collect/{key}``), which only names the shop;
what guards the endpoint is, in order of the checks:

1. the ``Origin`` header, when the browser sends one, must be one the shop allows
   (its myshopify domain, ``allowed_origins``, ``null`` from sandboxed frames): 403;
2. a token bucket per client IP (requests): 429 with ``Retry-After``;
3. a JSON (or ``text/plain``, what ``fetch``/``sendBeacon`` send without a header)
   body no larger than ``max_body_bytes``: 415, 413, 400;
4. the events themselves (:mod:`.pixels`): 422 listing every problem, nothing stored;
5. a token bucket per browser (``clientId``, events): 429 with ``Retry-After``.

Each standard event becomes one ``marketing/<name>`` engine event, deduplicated on
the pixel event's ``id`` (a pixel that resends a batch stores nothing twice); other
events (custom, DOM) are counted as ignored. Answers carry the CORS headers the
browser needs to read them when the origin is allowed.
"""

from __future__ import annotations

import asyncio
import json
import math
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass, field
from typing import Final

from shopbridge import errors
from shopbridge.engine import events
from shopbridge.engine.router import Router
from shopbridge.observability.metrics import Metrics
from shopbridge.sources.verdict import FieldError
from shopbridge.store.base import Store
from shopbridge.types import JSONObject

from .pixels import PixelBatch, PixelEvent, read_batch
from .rate_limit import TokenBuckets
from .settings import CollectorSettings, MarketingSettings, allowed_origins
from .shapes import iso_time
from .topics import STANDARD_EVENTS, pixel_topic

__all__ = ["BodyTooLargeError", "Collected", "Collector", "ShopCollector", "Turned"]

PREFLIGHT_MAX_AGE_SECS: Final = 86_400
ACCEPTED_MEDIA_TYPES: Final = ("application/json", "text/plain")

ReadBody = Callable[[int], Awaitable[bytes]]


class BodyTooLargeError(Exception):
    """Raised by a body reader when the body passes the limit it was given."""


@dataclass(frozen=True, slots=True)
class Collected:
    """The events were stored (or were already): how many of each."""

    accepted: int
    duplicates: int
    ignored: list[JSONObject]
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class Turned:
    """The request was refused: the status, a code, why, and field problems if any."""

    status: int
    code: str
    detail: str
    errors: tuple[FieldError, ...] = ()
    headers: dict[str, str] = field(default_factory=dict)


class ShopCollector:
    """One shop's collector: its settings, allowed origins and rate-limit buckets."""

    def __init__(
        self, shop: str, domain: str, settings: CollectorSettings, clock: Callable[[], float]
    ) -> None:
        self.shop = shop
        self.domain = domain
        self.settings = settings
        self.origins = allowed_origins(settings, domain)
        limit = settings.rate_limit
        self.by_ip = TokenBuckets(limit.ip_requests_per_sec, limit.ip_burst, clock=clock)
        self.by_client = TokenBuckets(limit.client_events_per_sec, limit.client_burst, clock=clock)

    def allows(self, origin: str | None) -> bool:
        """A request without Origin is not a cross-origin browser request, so CORS has no say."""
        return origin is None or "*" in self.origins or origin.lower() in self.origins

    def cors_headers(self, origin: str | None) -> dict[str, str]:
        if origin is None or not self.allows(origin):
            return {}
        return {"Access-Control-Allow-Origin": origin, "Vary": "Origin"}

    def preflight_headers(self, origin: str | None) -> dict[str, str]:
        return {
            **self.cors_headers(origin),
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
            "Access-Control-Max-Age": str(PREFLIGHT_MAX_AGE_SECS),
        }


class Collector:
    """Every shop's collector, found by key; appends admitted events with their jobs."""

    def __init__(
        self,
        shops: Mapping[str, tuple[str, MarketingSettings]],
        store: Store,
        router: Router,
        *,
        clock: Callable[[], float],
        monotonic: Callable[[], float],
        metrics: Metrics | None = None,
    ) -> None:
        """``shops``: shop id → (its myshopify domain, its effective marketing settings)."""
        self.store = store
        self.router = router
        self.clock = clock
        self.metrics = metrics
        self.by_key = {
            settings.collector.key: ShopCollector(shop, domain, settings.collector, monotonic)
            for shop, (domain, settings) in shops.items()
            if settings.collector.key is not None
        }

    def shop_for(self, key: str) -> ShopCollector | None:
        return self.by_key.get(key)

    def unknown_key(self) -> Turned:
        detail = "no shop has this collector key (shops.<id>.marketing.collector.key)"
        return self._turned(404, "unknown_collector_key", detail)

    async def collect(
        self,
        shop: ShopCollector,
        *,
        origin: str | None,
        client_ip: str,
        content_type: str | None,
        read_body: ReadBody,
    ) -> Collected | Turned:
        """Judge one request and store its events.

        ``read_body(limit)`` reads the raw body, raising :class:`BodyTooLargeError` (or
        returning more than ``limit`` bytes) when it is too large.
        """
        cors = shop.cors_headers(origin)
        if not shop.allows(origin):
            return self._turned(403, "origin_not_allowed", f"origin {origin} may not post here")
        wait = shop.by_ip.take(client_ip)
        if wait:
            return self._rate_limited("client IP", wait, cors)
        media_type = (content_type or "text/plain").split(";", 1)[0].strip().lower()
        if media_type not in ACCEPTED_MEDIA_TYPES:
            detail = "send JSON as application/json or text/plain"
            return self._turned(415, "unsupported_media_type", detail, cors)
        limit = shop.settings.max_body_bytes
        raw = await _read_at_most(read_body, limit)
        if raw is None:
            detail = f"the body is larger than the {limit}-byte limit (collector.max_body_bytes)"
            return self._turned(413, "body_too_large", detail, cors)
        try:
            payload = json.loads(raw)
        except (ValueError, RecursionError) as exc:
            return self._turned(400, "malformed_json", f"the body is not valid JSON: {exc}", cors)
        batch = read_batch(payload, shop.settings.max_events_per_request)
        if isinstance(batch, list):
            summary = "; ".join(f"{e.field}: {e.message}" for e in batch[:5])
            return self._turned(
                422, "invalid_pixel_events", f"nothing was stored: {summary}", cors, batch
            )
        for client_id, count in _per_client(batch).items():
            wait = shop.by_client.take(client_id, count)
            if wait:
                return self._rate_limited("browser (clientId)", wait, cors)
        try:
            return await self._append(shop, batch, cors)
        except errors.StoreUnavailableError as exc:
            return self._turned(503, "store_unavailable", str(exc), {**cors, "Retry-After": "5"})

    async def _append(
        self, shop: ShopCollector, batch: PixelBatch, cors: dict[str, str]
    ) -> Collected:
        received_at = self.clock()
        wanted = [event for event in batch.events if event.name in STANDARD_EVENTS]
        ignored: list[JSONObject] = [
            {"id": event.id, "name": event.name, "reason": "not a Web Pixels standard event"}
            for event in batch.events
            if event.name not in STANDARD_EVENTS
        ]
        results = await asyncio.gather(
            *(
                events.emit(
                    self.store,
                    self.router,
                    shop.shop,
                    pixel_topic(event.name),
                    _body(shop, event, batch.customer_id, received_at),
                    dedupe_key=f"pixel:{event.id}",
                    now=received_at,
                    shop_domain=shop.domain,
                )
                for event in wanted
            )
        )
        duplicates = sum(result.duplicate for result in results)
        if self.metrics is not None:
            self.metrics.collector_events("accepted", len(results) - duplicates)
            self.metrics.collector_events("duplicate", duplicates)
            self.metrics.collector_events("ignored", len(ignored))
        return Collected(len(results) - duplicates, duplicates, ignored, cors)

    def _rate_limited(self, bucket: str, wait: float, cors: dict[str, str]) -> Turned:
        seconds = max(1, math.ceil(wait))
        return self._turned(
            429,
            "rate_limited",
            f"too many events from this {bucket}; retry in {seconds} s",
            {**cors, "Retry-After": str(seconds)},
        )

    def _turned(
        self,
        status: int,
        code: str,
        detail: str,
        headers: dict[str, str] | None = None,
        problems: list[FieldError] | None = None,
    ) -> Turned:
        if self.metrics is not None:
            self.metrics.collector_refused(code)
        return Turned(status, code, detail, tuple(problems or ()), dict(headers or {}))


async def _read_at_most(read_body: ReadBody, limit: int) -> bytes | None:
    """The body, or None when it is larger than ``limit`` bytes."""
    try:
        raw = await read_body(limit)
    except BodyTooLargeError:
        return None
    return raw if len(raw) <= limit else None


def _per_client(batch: PixelBatch) -> dict[str, int]:
    counts: dict[str, int] = {}
    for event in batch.events:
        counts[event.client_id] = counts.get(event.client_id, 0) + 1
    return counts


def _body(
    shop: ShopCollector, event: PixelEvent, customer_id: str | None, received_at: float
) -> JSONObject:
    """The engine event: who and when as shopbridge saw it, and the pixel event as sent."""
    return {
        "shop": shop.shop,
        "shop_domain": shop.domain,
        "received_at": iso_time(received_at),
        "client_id": event.client_id,
        "customer_id": customer_id,
        "event": event.raw,
    }
