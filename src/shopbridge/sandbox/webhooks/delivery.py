"""One webhook delivery: its signed request, and one attempt to POST it.

Headers are those Shopify sends on classic HTTPS deliveries (shopify-api.md §3.1):
``X-Shopify-Topic``, ``X-Shopify-Hmac-Sha256`` (base64 HMAC-SHA256 of the raw body
under the app secret, §3.2), ``X-Shopify-Shop-Domain``, ``X-Shopify-API-Version``,
``X-Shopify-Webhook-Id`` (one per delivery, the same on its retries),
``X-Shopify-Event-Id`` (one per event, shared by every subscription's delivery),
``X-Shopify-Triggered-At`` (when the event fired; retries keep it) and
``X-Shopify-Name`` when the subscription has a name. The body is fixed when the event
fires: retries carry the original payload to the address configured then (§3.3).
An attempt succeeds on any 2xx answered within the timeout (1 s to connect, 5 s in
all), and fails on anything else: another status, a refused connection, a timeout.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
from dataclasses import dataclass, field
from typing import Any, Literal

import aiohttp

__all__ = ["Attempt", "Delivery", "Status", "post", "sign"]

Status = Literal["pending", "retrying", "delivered", "failed", "cancelled", "dropped"]


def sign(body: bytes, secret: str) -> str:
    """``X-Shopify-Hmac-Sha256`` for ``body``."""
    digest = hmac.new(secret.encode(), body, hashlib.sha256).digest()
    return base64.b64encode(digest).decode()


@dataclass(frozen=True, slots=True)
class Attempt:
    """How one POST went: ``status`` is the HTTP status when one came back."""

    ok: bool
    status: int | None = None
    error: str | None = None


@dataclass(slots=True)
class Delivery:
    """A payload on its way to one subscription, with its retry bookkeeping.

    ``copy`` marks an extra send injected by a fault (a duplicate): it is tried
    once and never retried or counted against the subscription.
    """

    webhook_id: str
    event_id: str
    topic: str
    subscription_id: str
    uri: str
    api_version: str
    body: bytes
    triggered_at: str
    name: str | None = None
    copy: bool = False
    status: Status = "pending"
    attempts: int = 0
    history: list[Attempt] = field(default_factory=list)
    first_attempt_at: float | None = None
    dispatched: int | None = None

    def headers(self, shop_domain: str, secret: str) -> dict[str, str]:
        headers = {
            "Content-Type": "application/json",
            "X-Shopify-Topic": self.topic,
            "X-Shopify-Hmac-Sha256": sign(self.body, secret),
            "X-Shopify-Shop-Domain": shop_domain,
            "X-Shopify-API-Version": self.api_version,
            "X-Shopify-Webhook-Id": self.webhook_id,
            "X-Shopify-Event-Id": self.event_id,
            "X-Shopify-Triggered-At": self.triggered_at,
        }
        if self.name:
            headers["X-Shopify-Name"] = self.name
        return headers

    def summary(self) -> dict[str, Any]:
        """What ``/sandbox/state`` shows of this delivery."""
        last = self.history[-1] if self.history else None
        return {
            "webhook_id": self.webhook_id,
            "event_id": self.event_id,
            "topic": self.topic,
            "subscription_id": self.subscription_id,
            "uri": self.uri,
            "status": self.status,
            "attempts": self.attempts,
            "duplicate": self.copy,
            "last_status": last.status if last else None,
            "last_error": last.error if last else None,
        }


async def post(
    session: aiohttp.ClientSession, delivery: Delivery, headers: dict[str, str], timeout_secs: float
) -> Attempt:
    """POST ``delivery`` once; never raises for the receiver's failures."""
    timeout = aiohttp.ClientTimeout(total=timeout_secs, connect=min(1.0, timeout_secs))
    try:
        async with session.post(
            delivery.uri,
            data=delivery.body,
            headers=headers,
            timeout=timeout,
            allow_redirects=False,
        ) as response:
            await response.read()
            return Attempt(200 <= response.status < 300, response.status)
    except TimeoutError:
        return Attempt(False, error="timeout")
    except (aiohttp.ClientError, OSError, ValueError) as exc:
        return Attempt(False, error=f"{type(exc).__name__}: {exc}")
