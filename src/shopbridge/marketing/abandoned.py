"""Abandoned checkouts: a durable timer per checkout, reset by updates, cancelled by its order.

``checkouts/create`` and ``checkouts/update`` set the checkout's timer (named by shop and
checkout token) to fire ``delay_secs`` after the checkout's ``updated_at``, carrying the
event as it will be sent: recovery URL, lines, customer, contact. A later update moves
the timer (a new revision) and refreshes what it carries; an older one, arriving out of
order, is ignored (the newest ``updated_at`` per checkout is kept in the store). When
the timer fires, the timer service appends ``marketing/checkout_abandoned`` with its
flows' jobs, once per timer revision.

The checkout's order (``orders/create`` whose ``checkout_token`` is the checkout's
token), or an update with ``completed_at`` set, cancels the timer and marks the
checkout completed, so an update arriving after the order does not arm it again.

A checkout without an email or phone cannot be recovered: by default it starts no
timer (``require_contact``), and one that loses its lines cancels it.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any, Final

from shopbridge.engine.timers import set_timer
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.store.base import Store
from shopbridge.types import JSONObject

from .settings import MarketingSettings
from .shapes import contact_of, customer_summary, iso_time, line_summary, lines_of, parse_time
from .topics import CHECKOUT_ABANDONED

__all__ = ["CHECKOUT_TOPICS", "AbandonedCheckouts", "timer_name"]

CHECKOUT_TOPICS: Final = ("checkouts/create", "checkouts/update")

log = get_logger(__name__)


def timer_name(shop: str, token: str) -> str:
    return f"marketing:checkout:{shop}:{token}"[:255]


def _seen_scope(shop: str) -> str:
    return f"marketing.checkouts:{shop}"


def _done_scope(shop: str) -> str:
    return f"marketing.checkouts_completed:{shop}"


class AbandonedCheckouts:
    """Keeps one timer per unfinished checkout."""

    def __init__(
        self,
        store: Store,
        settings_for: Callable[[str], MarketingSettings],
        shop_domains: Mapping[str, str],
        *,
        clock: Callable[[], float],
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.settings_for = settings_for
        self.shop_domains = dict(shop_domains)
        self.clock = clock
        self.metrics = metrics

    async def on_checkout(self, shop: str, checkout: Mapping[str, Any]) -> str:
        """Set, move or cancel the checkout's timer; what happened (for logs and metrics)."""
        settings = self.settings_for(shop).abandoned_checkout
        token = checkout.get("token")
        if not settings.enabled or not isinstance(token, str) or not token:
            return self._count("ignored")
        if checkout.get("completed_at"):
            await self.completed(shop, token)
            return self._count("completed")
        name = timer_name(shop, token)
        version = parse_time(checkout.get("updated_at"))
        if version is not None and await self._is_stale(shop, token, version, name):
            return self._count("stale")
        if await self._is_completed(shop, token):
            return self._count("completed")
        now = self.clock()
        event = self.event(shop, checkout, settings.delay_secs)
        recoverable = bool(event["lines"]) and (
            bool(event["email"] or event["phone"]) or not settings.require_contact
        )
        if recoverable:
            fire_at = (version if version is not None else now) + settings.delay_secs
            await set_timer(
                self.store, name, CHECKOUT_ABANDONED, fire_at, event, shop=shop, now=now
            )
        else:
            await self.store.cancel_timer(name)
        if version is not None:
            await self.store.record_applied(_seen_scope(shop), {token: version}, now)
        if recoverable and await self._is_completed(shop, token):
            # Its order was processed meanwhile (another lane): the order wins.
            await self.store.cancel_timer(name)
            return self._count("completed")
        return self._count("timer_set" if recoverable else "unrecoverable")

    async def on_order(self, shop: str, order: Mapping[str, Any]) -> None:
        """An order was placed: its checkout is no longer abandoned."""
        token = order.get("checkout_token")
        if isinstance(token, str) and token:
            await self.completed(shop, token)

    async def completed(self, shop: str, token: str) -> None:
        """Mark the checkout completed (for good) and cancel its timer."""
        await self.store.record_applied(_done_scope(shop), {token: self.clock()}, self.clock())
        if await self.store.cancel_timer(timer_name(shop, token)):
            log.info("abandoned_checkout_cancelled", shop=shop, checkout=token)

    async def _is_stale(self, shop: str, token: str, version: float, name: str) -> bool:
        """Older than the newest update seen; or as old, once its timer fired or was cancelled.

        ``updated_at`` has whole seconds, so two changes in one second look alike: the
        second still refreshes a timer that is armed, but cannot re-arm a spent one.
        """
        seen = (await self.store.applied_versions(_seen_scope(shop), [token])).get(token)
        if seen is None or version > seen:
            return False
        return version < seen or await self.store.get_timer(name) is None

    async def _is_completed(self, shop: str, token: str) -> bool:
        return bool(await self.store.applied_versions(_done_scope(shop), [token]))

    def event(self, shop: str, checkout: Mapping[str, Any], delay_secs: float) -> JSONObject:
        """The body of ``marketing/checkout_abandoned`` for this checkout."""
        email, phone = contact_of(checkout)
        updated = parse_time(checkout.get("updated_at"))
        return {
            "shop": shop,
            "shop_domain": self.shop_domains.get(shop),
            "checkout_token": checkout.get("token"),
            "cart_token": checkout.get("cart_token"),
            "name": checkout.get("name"),
            "recovery_url": checkout.get("abandoned_checkout_url"),
            "email": email,
            "phone": phone,
            "accepts_marketing": bool(checkout.get("buyer_accepts_marketing")),
            "customer": customer_summary(checkout.get("customer")),
            "currency": checkout.get("presentment_currency") or checkout.get("currency"),
            "subtotal_price": checkout.get("subtotal_price"),
            "total_price": checkout.get("total_price"),
            "lines": [line_summary(line) for line in lines_of(checkout)],
            "created_at": checkout.get("created_at"),
            "updated_at": checkout.get("updated_at"),
            "abandoned_at": iso_time((updated or self.clock()) + delay_secs),
            "delay_secs": delay_secs,
        }

    def _count(self, outcome: str) -> str:
        if self.metrics is not None:
            self.metrics.marketing_checkout(outcome)
        return outcome
