"""First and repeat purchases: each ``orders/create`` classified by the customer's order count.

The count comes from the payload when it carries one, else from the Admin API
(:mod:`.order_count`). It is remembered per order in the store before the event is
appended, so a retried or redelivered ``orders/create`` classifies the order the same
way even if the customer ordered again meanwhile; the event's dedupe key is the
order id, so it is appended once. An order that cannot be classified (a guest whose
email belongs to no customer, or no email at all) derives no event; it is counted
(``shopbridge_marketing_purchases_total{classification="unknown"}``) and logged.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shopbridge.engine import events
from shopbridge.engine.router import Router
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.shopify.admin import AdminClient
from shopbridge.store.base import Store
from shopbridge.types import JSONObject

from .order_count import OrderCount, count_from_payload, look_up_count
from .settings import MarketingSettings
from .shapes import contact_of, customer_summary, line_summary, lines_of, numeric_id
from .topics import FIRST_PURCHASE, REPEAT_PURCHASE

__all__ = ["MissingAdminApiError", "PurchaseClassifier"]

log = get_logger(__name__)


class MissingAdminApiError(Exception):
    """The shop has no Admin API credentials, and the order carries no count."""


def _scope(shop: str) -> str:
    return f"marketing.purchases:{shop}"


class PurchaseClassifier:
    """Derives ``marketing/first_purchase`` or ``marketing/repeat_purchase`` per new order."""

    def __init__(
        self,
        store: Store,
        router: Router,
        clients: Mapping[str, AdminClient],
        settings_for: Callable[[str], MarketingSettings],
        shop_domains: Mapping[str, str],
        *,
        clock: Callable[[], float],
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.router = router
        self.clients = clients
        self.settings_for = settings_for
        self.shop_domains = dict(shop_domains)
        self.clock = clock
        self.metrics = metrics

    async def on_order(self, shop: str, order: Mapping[str, Any]) -> str | None:
        """Classify the order and append its event; the topic, or None if unclassified."""
        order_id = numeric_id(order.get("id"))
        if not self.settings_for(shop).purchases.enabled or order_id is None:
            return None
        remembered = await self.store.applied_versions(_scope(shop), [order_id])
        if order_id in remembered:
            count = OrderCount(int(remembered[order_id]), "admin_api", None)
        else:
            found = count_from_payload(order) or await self._look_up(shop, order)
            if found is None:
                self._count("unknown")
                log.info("purchase_unclassified", shop=shop, order=order_id)
                return None
            count = found
            await self.store.record_applied(
                _scope(shop), {order_id: float(count.number)}, self.clock()
            )
            # Two copies classified at once keep the greater count; both send that one.
            again = await self.store.applied_versions(_scope(shop), [order_id])
            count = OrderCount(int(again.get(order_id, count.number)), count.source, None)
        topic = FIRST_PURCHASE if count.number <= 1 else REPEAT_PURCHASE
        await events.emit(
            self.store,
            self.router,
            shop,
            topic,
            self.event(shop, order, count),
            dedupe_key=f"order:{order_id}",
            now=self.clock(),
            shop_domain=self.shop_domains.get(shop),
        )
        self._count("first" if topic == FIRST_PURCHASE else "repeat")
        return topic

    async def _look_up(self, shop: str, order: Mapping[str, Any]) -> OrderCount | None:
        client = self.clients.get(shop)
        if client is None:
            raise MissingAdminApiError(
                f"shop {shop} has no Admin API credentials to look up the customer's order "
                "count (set access_token, or marketing.purchases.enabled: false for it)"
            )
        return await look_up_count(client, order)

    def event(self, shop: str, order: Mapping[str, Any], count: OrderCount) -> JSONObject:
        """The body of the purchase event: the order in short, the customer, the count."""
        email, phone = contact_of(order)
        order_id = numeric_id(order.get("id"))
        return {
            "shop": shop,
            "shop_domain": self.shop_domains.get(shop),
            "order": {
                "id": order_id,
                "admin_graphql_api_id": f"gid://shopify/Order/{order_id}",
                "name": order.get("name"),
                "created_at": order.get("created_at"),
                "currency": order.get("currency"),
                "total_price": order.get("total_price"),
                "subtotal_price": order.get("subtotal_price"),
                "financial_status": order.get("financial_status"),
                "source_name": order.get("source_name"),
                "checkout_token": order.get("checkout_token"),
                "lines": [line_summary(line) for line in lines_of(order)],
            },
            "customer": customer_summary(order.get("customer")),
            "email": email,
            "phone": phone,
            "accepts_marketing": bool(order.get("buyer_accepts_marketing")),
            "order_count": count.number,
        }

    def _count(self, classification: str) -> None:
        if self.metrics is not None:
            self.metrics.marketing_purchase(classification)
