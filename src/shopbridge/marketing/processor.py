"""The ``marketing`` processor: checkouts, orders and product views in, marketing events out.

Registered at import (see :mod:`shopbridge.features`). It exists when an enabled flow
takes a marketing event it derives, and runs only those parts:

============================  ===========================================  =====================
flows take                    it takes                                     part
============================  ===========================================  =====================
marketing/checkout_abandoned  checkouts/create, checkouts/update,          :mod:`.abandoned`
                              orders/create
marketing/first_purchase,     orders/create                                :mod:`.purchases`
marketing/repeat_purchase
marketing/browse_abandoned    marketing/product_viewed,                    :mod:`.browsing`
                              marketing/checkout_completed, orders/create
============================  ===========================================  =====================

The pixel events themselves need no processor: the collector appends them.
A store or Shopify failure is a retry (the job comes back with backoff); a shop
without the Admin API access a lookup needs is a rejection (dead letter, with why).
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

from shopbridge import errors
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Outcome, Reject, Retry
from shopbridge.engine.processors import PROCESSOR_FACTORIES
from shopbridge.engine.timers import Schedule
from shopbridge.observability.logging import get_logger

from . import topics
from .abandoned import CHECKOUT_TOPICS, AbandonedCheckouts
from .browsing import BrowseAbandonment
from .purchases import MissingAdminApiError, PurchaseClassifier
from .settings import (
    ABANDONED_CHECKOUT_EVENTS,
    BROWSE_EVENTS,
    PURCHASE_EVENTS,
    MarketingSettings,
    effective,
)

if TYPE_CHECKING:
    from shopbridge.app import App
    from shopbridge.config.schema import Settings

__all__ = ["NAME", "MarketingProcessor", "marketing_factory", "shop_settings"]

NAME: Final = "marketing"
MAX_IN_FLIGHT: Final = 16
ORDER_TOPIC: Final = "orders/create"

log = get_logger(__name__)


def shop_settings(settings: Settings) -> dict[str, MarketingSettings]:
    """Each shop's effective marketing settings (global ones overlaid with the shop's)."""
    return {
        name: effective(settings.marketing, shop.marketing) for name, shop in settings.shops.items()
    }


class MarketingProcessor:
    """Hands each delivery to the parts that take its topic."""

    name = NAME
    max_in_flight = MAX_IN_FLIGHT
    schedules: Sequence[Schedule] = ()

    def __init__(
        self,
        *,
        checkouts: AbandonedCheckouts | None = None,
        purchases: PurchaseClassifier | None = None,
        browsing: BrowseAbandonment | None = None,
    ) -> None:
        self.checkouts = checkouts
        self.purchases = purchases
        self.browsing = browsing
        shopify: list[str] = []
        if checkouts is not None:
            shopify += [*CHECKOUT_TOPICS, ORDER_TOPIC]
        if purchases is not None or browsing is not None:
            shopify.append(ORDER_TOPIC)
        self.shopify_topics: Sequence[str] = tuple(dict.fromkeys(shopify))
        self.event_topics: Sequence[str] = (
            (topics.PRODUCT_VIEWED, topics.PIXEL_CHECKOUT_COMPLETED) if browsing else ()
        )

    async def deliver(self, delivery: Delivery) -> Outcome:
        try:
            payload = json.loads(delivery.body)
        except ValueError as exc:
            return Reject(reason=f"the event body is not JSON: {exc}")
        if not isinstance(payload, Mapping):
            return Reject(reason="the event body is not a JSON object")
        shop = delivery.source
        try:
            await self._handle(shop, delivery.topic, payload)
        except MissingAdminApiError as exc:
            return Reject(reason=str(exc))
        except (errors.StoreError, errors.ShopifyError) as exc:
            return Retry(reason=f"{type(exc).__name__}: {exc}")
        return Delivered(status_code=200)

    async def _handle(self, shop: str, topic: str, payload: Mapping[str, object]) -> None:
        if topic in CHECKOUT_TOPICS and self.checkouts is not None:
            outcome = await self.checkouts.on_checkout(shop, payload)
            log.debug("checkout_seen", shop=shop, outcome=outcome)
        elif topic == ORDER_TOPIC:
            if self.checkouts is not None:
                await self.checkouts.on_order(shop, payload)
            if self.browsing is not None:
                await self.browsing.on_order(shop, payload)
            if self.purchases is not None:
                await self.purchases.on_order(shop, payload)
        elif topic == topics.PRODUCT_VIEWED and self.browsing is not None:
            await self.browsing.on_view(shop, payload)
        elif topic == topics.PIXEL_CHECKOUT_COMPLETED and self.browsing is not None:
            await self.browsing.on_checkout_completed(shop, payload)

    async def close(self) -> None:
        return None


def marketing_factory(app: App) -> MarketingProcessor | None:
    """The processor for ``app``, or None when no enabled flow takes what it derives."""
    settings = app.settings
    wanted = {
        topic
        for flow in settings.flows.values()
        if flow.enabled
        for topic in flow.from_.events or ()
    }
    per_shop = shop_settings(settings)
    domains = {name: shop.domain for name, shop in settings.shops.items()}

    def settings_for(shop: str) -> MarketingSettings:
        return per_shop.get(shop) or settings.marketing

    checkouts = purchases = browsing = None
    if wanted & ABANDONED_CHECKOUT_EVENTS and any(
        s.abandoned_checkout.enabled for s in per_shop.values()
    ):
        checkouts = AbandonedCheckouts(
            app.store, settings_for, domains, clock=app.clock, metrics=app.metrics
        )
    if wanted & PURCHASE_EVENTS and any(s.purchases.enabled for s in per_shop.values()):
        purchases = PurchaseClassifier(
            app.store,
            app.router,
            app.shopify_clients,
            settings_for,
            domains,
            clock=app.clock,
            metrics=app.metrics,
        )
    if wanted & BROWSE_EVENTS and any(s.browse_abandonment.enabled for s in per_shop.values()):
        browsing = BrowseAbandonment(app.store, settings_for, domains, clock=app.clock)
    if checkouts is None and purchases is None and browsing is None:
        return None
    return MarketingProcessor(checkouts=checkouts, purchases=purchases, browsing=browsing)


PROCESSOR_FACTORIES.append(marketing_factory)
