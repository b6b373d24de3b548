"""A webhook subscription Shopify dropped (the subscription keeper found and re-created it).

Shopify deletes a subscription whose deliveries kept failing for hours: events of that
time were never sent. The alert says so, and resolves after ``auto_resolve_secs``
without another drop (the keeper re-created the subscription already).
"""

from __future__ import annotations

from collections.abc import Sequence

from shopbridge.alerts.model import Alert, AlertKind, Member, alert_key
from shopbridge.engine.timers import Schedule
from shopbridge.types import JSONValue

from .base import RuleContext

__all__ = ["SubscriptionRules"]


class SubscriptionRules:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.rule = context.settings.engine.subscription_dropped
        self.shopify_topics: Sequence[str] = []
        self.event_topics: Sequence[str] = []
        self.schedules: Sequence[Schedule] = []

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        return None

    async def dropped(self, shop: str, topic: str) -> None:
        """The hook the subscription keeper calls (``on_dropped(shop_id, topic)``)."""
        if not self.rule.enabled:
            return
        await self.context.manager.raise_(
            Alert(
                kind=AlertKind.ENGINE_FAILURE,
                rule="subscription_dropped",
                key=alert_key("subscription_dropped", shop),
                shop=shop,
                severity=self.rule.severity,
                title="Shopify dropped a webhook subscription",
                summary=f"Shopify had removed the {topic} subscription (its deliveries kept "
                "failing); shopbridge re-created it. Events from that time were not sent: "
                "check the engine was reachable, and reconcile what matters.",
                details={"topic": topic},
                auto_resolve_secs=self.rule.auto_resolve_secs,
            ),
            Member(topic, topic),
        )
