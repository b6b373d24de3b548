"""Which shops are reconciled, and which order topics the processor records. Pure.

A shop is reconciled when it has Admin API credentials, ``reconcile.orders_every_mins``
is above 0, and an enabled flow takes its ``orders/create`` or ``orders/updated``
(reconciled events are those two topics). The processor records the newest
``updated_at`` of every full-order topic those flows take, for every shop.

Reconciliation needs every order event to know what was never received, and its
processor's topics are subscribed without a filter. So if any flow taking an order
topic sets ``from.webhook_filter`` or ``from.include_fields``, nothing is reconciled
(the recorder would widen those subscriptions, or miss the orders filtered out and
send them all); the reason is returned to be logged.
"""

from __future__ import annotations

from collections.abc import Collection
from dataclasses import dataclass, field
from typing import Final

from shopbridge.config.schema import FlowSettings, Settings

from .order_document import ORDER_TOPICS

__all__ = ["RECONCILED_TOPICS", "ReconciliationPlan", "reconciliation_plan"]

RECONCILED_TOPICS: Final = frozenset({"orders/create", "orders/updated"})


@dataclass(frozen=True, slots=True)
class ReconciliationPlan:
    shops: tuple[str, ...] = ()
    recorded_topics: frozenset[str] = frozenset()
    off_because: str | None = None
    skipped: dict[str, str] = field(default_factory=dict)  # shop → why not reconciled


def reconciliation_plan(settings: Settings, with_admin_api: Collection[str]) -> ReconciliationPlan:
    """The plan for ``settings``; ``with_admin_api`` are the shops the app has clients for."""
    order_flows = {
        name: flow
        for name, flow in settings.flows.items()
        if flow.enabled and ORDER_TOPICS & set(flow.from_.shopify or ())
    }
    for name, flow in order_flows.items():
        if flow.from_.webhook_filter or flow.from_.include_fields:
            return ReconciliationPlan(
                off_because=f"flows.{name}.from sets webhook_filter or include_fields: order "
                "reconciliation needs every order event, so it is off"
            )
    shops: list[str] = []
    topics: set[str] = set()
    skipped: dict[str, str] = {}
    for shop_id, shop in settings.shops.items():
        taken = {
            topic
            for flow in order_flows.values()
            if _takes_shop(flow, shop_id)
            for topic in flow.from_.shopify or ()
            if topic in ORDER_TOPICS
        }
        if not taken & RECONCILED_TOPICS:
            skipped[shop_id] = "no flow takes orders/create or orders/updated"
        elif shop.reconcile.orders_every_mins <= 0:
            skipped[shop_id] = "reconcile.orders_every_mins is 0"
        elif shop_id not in with_admin_api:
            skipped[shop_id] = "no Admin API credentials"
        else:
            shops.append(shop_id)
            topics |= taken
    return ReconciliationPlan(tuple(shops), frozenset(topics), None, skipped)


def _takes_shop(flow: FlowSettings, shop_id: str) -> bool:
    return flow.from_.shops is None or shop_id in flow.from_.shops
