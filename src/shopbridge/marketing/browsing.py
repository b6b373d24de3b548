"""Browse abandonment (opt-in): a product viewed and not bought within a window.

Each ``marketing/product_viewed`` event (from the collector) sets a timer per shop,
visitor and product, ``window_secs`` after the view was received; a further view of
the same product moves it and counts the views. The visitor is the logged-in customer
when the pixel sent ``customer_id``, else the browser (``clientId``), which by default
starts nothing (``require_customer``). A purchase of the product cancels the timer:
``orders/create`` for the customer's own visitor key, a ``checkout_completed`` pixel
event for the browser's (and the customer's, if known). When the timer fires,
``marketing/browse_abandoned`` is appended with its flows' jobs.

Views older than the newest one seen, or than the visitor's purchase of the product,
are ignored (out-of-order processing); both times are kept in the store per visitor
and product.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Final

from shopbridge.engine.timers import set_timer
from shopbridge.store.base import Store
from shopbridge.types import JSONObject

from .pixels import product_of
from .settings import MarketingSettings
from .shapes import iso_time, lines_of, numeric_id, parse_time
from .topics import BROWSE_ABANDONED

__all__ = ["BrowseAbandonment", "timer_name"]

MAX_TIMER_NAME: Final = 255


def timer_name(shop: str, visitor: str, product_id: str) -> str:
    name = f"marketing:browse:{shop}:{visitor}:{product_id}"
    if len(name) <= MAX_TIMER_NAME:
        return name
    digest = hashlib.sha256(visitor.encode()).hexdigest()[:32]
    return f"marketing:browse:{shop}:{digest}:{product_id}"[:MAX_TIMER_NAME]


def _viewed_scope(shop: str) -> str:
    return f"marketing.viewed:{shop}"


def _bought_scope(shop: str) -> str:
    return f"marketing.bought:{shop}"


class BrowseAbandonment:
    """Keeps one timer per (visitor, product) viewed and not bought."""

    def __init__(
        self,
        store: Store,
        settings_for: Callable[[str], MarketingSettings],
        shop_domains: Mapping[str, str],
        *,
        clock: Callable[[], float],
    ) -> None:
        self.store = store
        self.settings_for = settings_for
        self.shop_domains = dict(shop_domains)
        self.clock = clock

    async def on_view(self, shop: str, viewed: Mapping[str, Any]) -> str:
        """Start or move the timer for a ``marketing/product_viewed`` event; what happened."""
        settings = self.settings_for(shop).browse_abandonment
        event = viewed.get("event")
        if not settings.enabled or not isinstance(event, Mapping):
            return "off"
        product_id, details = product_of(event)
        customer_id = numeric_id(viewed.get("customer_id"))
        client_id = viewed.get("client_id")
        if product_id is None:
            return "no_product"
        if customer_id is None and (settings.require_customer or not isinstance(client_id, str)):
            return "anonymous"
        visitor = f"customer:{customer_id}" if customer_id else f"client:{client_id}"
        now = self.clock()
        viewed_at = parse_time(viewed.get("received_at")) or now
        key = f"{visitor}|{product_id}"
        seen = await self.store.applied_versions(_viewed_scope(shop), [key])
        if key in seen and viewed_at <= seen[key]:
            return "stale"
        if await self._bought_since(shop, key, viewed_at):
            return "bought"
        name = timer_name(shop, visitor, product_id)
        armed = await self.store.get_timer(name)
        before: dict[str, Any] = json.loads(armed.payload) if armed is not None else {}
        body: JSONObject = {
            "shop": shop,
            "shop_domain": self.shop_domains.get(shop),
            "customer_id": customer_id,
            "client_id": client_id if isinstance(client_id, str) else None,
            **details,
            "url": _page_url(event),
            "views": int(before.get("views", 0)) + 1,
            "first_viewed_at": before.get("first_viewed_at") or iso_time(viewed_at),
            "last_viewed_at": iso_time(viewed_at),
            "window_secs": settings.window_secs,
        }
        fire_at = viewed_at + settings.window_secs
        await set_timer(self.store, name, BROWSE_ABANDONED, fire_at, body, shop=shop, now=now)
        await self.store.record_applied(_viewed_scope(shop), {key: viewed_at}, now)
        if await self._bought_since(shop, key, viewed_at):  # bought meanwhile, on another lane
            await self.store.cancel_timer(name)
            return "bought"
        return "timer_set"

    async def on_order(self, shop: str, order: Mapping[str, Any]) -> None:
        """``orders/create``: the customer bought these products."""
        customer = order.get("customer")
        customer_id = numeric_id(customer.get("id")) if isinstance(customer, Mapping) else None
        products = [numeric_id(line.get("product_id")) for line in lines_of(order)]
        if customer_id is not None:
            await self._bought(shop, [f"customer:{customer_id}"], products)

    async def on_checkout_completed(self, shop: str, completed: Mapping[str, Any]) -> None:
        """A ``checkout_completed`` pixel event: this browser (and customer) bought these."""
        event = completed.get("event")
        data = event.get("data") if isinstance(event, Mapping) else None
        checkout = data.get("checkout") if isinstance(data, Mapping) else None
        if not isinstance(checkout, Mapping):
            return
        visitors = []
        if isinstance(completed.get("client_id"), str):
            visitors.append(f"client:{completed['client_id']}")
        order = checkout.get("order")
        buyer = order.get("customer") if isinstance(order, Mapping) else None
        customer_id = numeric_id(completed.get("customer_id")) or (
            numeric_id(buyer.get("id")) if isinstance(buyer, Mapping) else None
        )
        if customer_id is not None:
            visitors.append(f"customer:{customer_id}")
        products = [
            product_of({"data": {"productVariant": line.get("variant")}})[0]
            for line in lines_of(checkout, "lineItems")
        ]
        await self._bought(shop, visitors, products)

    async def _bought(
        self, shop: str, visitors: Iterable[str], products: Iterable[str | None]
    ) -> None:
        if not self.settings_for(shop).browse_abandonment.enabled:
            return
        now = self.clock()
        pairs = [(v, p) for v in visitors for p in dict.fromkeys(products) if p is not None]
        if not pairs:
            return
        await self.store.record_applied(
            _bought_scope(shop), {f"{v}|{p}": now for v, p in pairs}, now
        )
        for visitor, product_id in pairs:
            await self.store.cancel_timer(timer_name(shop, visitor, product_id))

    async def _bought_since(self, shop: str, key: str, viewed_at: float) -> bool:
        bought = await self.store.applied_versions(_bought_scope(shop), [key])
        return key in bought and bought[key] >= viewed_at


def _page_url(event: Mapping[str, Any]) -> str | None:
    context = event.get("context")
    document = context.get("document") if isinstance(context, Mapping) else None
    location = document.get("location") if isinstance(document, Mapping) else None
    href = location.get("href") if isinstance(location, Mapping) else None
    return href if isinstance(href, str) else None
