"""The alert processor: runs the rules on the events they take, as ordinary engine jobs.

Registered at import (see :mod:`shopbridge.features`). It runs when a flow takes an
``alerts/*`` event (or ``alerts.enabled: true``), and only the rule families whose kind
some flow takes. It subscribes to the webhooks its rules need, and hooks into the
subscription keeper for dropped subscriptions. A failure to read the store or Shopify
is a retry (the job comes back), anything else a crash the worker retries visibly.
"""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import TYPE_CHECKING, Final

import shopbridge.alerts.topics  # noqa: F401  (registers the alert events)
from shopbridge import errors
from shopbridge.alerts.manager import TICK_TOPIC, AlertManager
from shopbridge.alerts.model import AlertKind
from shopbridge.alerts.rules.base import AlertRule, RuleContext
from shopbridge.alerts.rules.deliveries import DeliveryRules
from shopbridge.alerts.rules.fulfillments import FulfillmentRules
from shopbridge.alerts.rules.inventory import InventoryRules
from shopbridge.alerts.rules.payments import PaymentRules
from shopbridge.alerts.rules.subscriptions import SubscriptionRules
from shopbridge.config.schema import Settings
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Outcome, Reject, Retry
from shopbridge.engine.processors import PROCESSOR_FACTORIES
from shopbridge.engine.timers import Schedule
from shopbridge.types import JSONValue

if TYPE_CHECKING:
    from shopbridge.app import App

__all__ = ["NAME", "AlertsProcessor", "alerts_factory", "routed_kinds"]

NAME: Final = "alerts"
MAX_IN_FLIGHT: Final = 4


def routed_kinds(settings: Settings) -> set[AlertKind]:
    """The alert kinds some enabled flow takes."""
    wanted = {kind.topic: kind for kind in AlertKind}
    return {
        wanted[topic]
        for flow in settings.flows.values()
        if flow.enabled
        for topic in flow.from_.events or ()
        if topic in wanted
    }


class AlertsProcessor:
    """Dispatches each delivery to the rules that take its topic."""

    name = NAME
    max_in_flight = MAX_IN_FLIGHT

    def __init__(self, context: RuleContext, rules: Sequence[AlertRule]) -> None:
        self.context = context
        self.rules = list(rules)
        self._by_topic: dict[str, list[AlertRule]] = {}
        for rule in self.rules:
            for topic in (*rule.shopify_topics, *rule.event_topics):
                self._by_topic.setdefault(topic, []).append(rule)
        self.shopify_topics: Sequence[str] = list(
            dict.fromkeys(t for rule in self.rules for t in rule.shopify_topics)
        )
        self.event_topics: Sequence[str] = [
            TICK_TOPIC,
            *dict.fromkeys(t for rule in self.rules for t in rule.event_topics),
        ]
        self.schedules: Sequence[Schedule] = [s for rule in self.rules for s in rule.schedules]

    async def deliver(self, delivery: Delivery) -> Outcome:
        try:
            payload: JSONValue = json.loads(delivery.body)
        except ValueError as exc:
            return Reject(reason=f"the event body is not JSON: {exc}")
        try:
            key = payload.get("key") if isinstance(payload, Mapping) else None
            if delivery.topic == TICK_TOPIC and isinstance(key, str):
                await self.context.manager.tick(key)
            for rule in self._by_topic.get(delivery.topic, ()):
                await rule.handle(delivery.source, delivery.topic, payload)
        except (errors.StoreError, errors.ShopifyError) as exc:
            return Retry(reason=f"{type(exc).__name__}: {exc}")
        return Delivered(status_code=200)

    async def close(self) -> None:
        return None


def alerts_factory(app: App) -> AlertsProcessor | None:
    """The processor for ``app``, or None when no flow takes alerts (and none are forced)."""
    settings = app.settings
    enabled = settings.alerts.enabled
    kinds = routed_kinds(settings) if enabled is None else set(AlertKind) if enabled else set()
    if not kinds:
        return None
    shop_domains = {name: shop.domain for name, shop in settings.shops.items()}
    manager = AlertManager(
        app.store,
        app.router,
        window_secs=settings.alerts.group_window_secs,
        shop_domains=shop_domains,
        clock=app.clock,
        metrics=app.metrics,
    )
    context = RuleContext(
        manager=manager,
        store=app.store,
        settings=settings.alerts,
        clock=app.clock,
        shop_domains=shop_domains,
        clients=app.shopify_clients,
        public_url=settings.server.public_url,
    )
    rules: list[AlertRule] = []
    if AlertKind.PAYMENT_ISSUE in kinds:
        rules.append(PaymentRules(context))
    if AlertKind.FULFILLMENT_EXCEPTION in kinds:
        rules.append(FulfillmentRules(context))
    if kinds & {AlertKind.ORDER_FAILURE, AlertKind.ENGINE_FAILURE}:
        rules.append(DeliveryRules(context))
    if AlertKind.INVENTORY_MISMATCH in kinds:
        rules.append(InventoryRules(context))
    if AlertKind.ENGINE_FAILURE in kinds:
        dropped = SubscriptionRules(context)
        rules.append(dropped)
        app.subscription_dropped_hooks.append(dropped.dropped)
    return AlertsProcessor(context, rules)


PROCESSOR_FACTORIES.append(alerts_factory)
