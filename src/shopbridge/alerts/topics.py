"""The engine events of alerts: notices flows route (``alerts/<kind>``) and internal ones.

Flows take the notices with ``from: {events: [alerts/payment_issue, …]}``. The
``alerting/*`` events are the alert processor's own timers and schedules; a flow has
no reason to take them.
"""

from __future__ import annotations

from typing import Final

from shopbridge.alerts.manager import TICK_TOPIC
from shopbridge.alerts.model import AlertKind
from shopbridge.engine.events import register_topics

__all__ = [
    "CHECK_TOPIC",
    "INVENTORY_CHECK_TOPIC",
    "NOTICE_TOPICS",
    "TICK_TOPIC",
    "UNFULFILLED_DUE_TOPIC",
    "UNPAID_DUE_TOPIC",
]

UNPAID_DUE_TOPIC: Final = "alerting/order_unpaid_due"
UNFULFILLED_DUE_TOPIC: Final = "alerting/order_unfulfilled_due"
CHECK_TOPIC: Final = "alerting/check"
INVENTORY_CHECK_TOPIC: Final = "alerting/inventory_check"

NOTICE_TOPICS: Final = {
    AlertKind.PAYMENT_ISSUE.topic: "alert: failed or voided transactions, orders left unpaid",
    AlertKind.ORDER_FAILURE.topic: "alert: Shopify refused a write, order events dead or stuck",
    AlertKind.FULFILLMENT_EXCEPTION.topic: "alert: fulfillment failures, holds, orders left "
    "unfulfilled",
    AlertKind.INVENTORY_MISMATCH.topic: "alert: Shopify's stock differs from what a system sent",
    AlertKind.ENGINE_FAILURE.topic: "alert: dead letters, a dropped webhook subscription, a "
    "failing destination",
}

register_topics(
    {
        **NOTICE_TOPICS,
        TICK_TOPIC: "internal: an alert's grouping window, grace or quiet period ended",
        UNPAID_DUE_TOPIC: "internal: an order's time to be paid ran out",
        UNFULFILLED_DUE_TOPIC: "internal: an order's time to be fulfilled ran out",
        CHECK_TOPIC: "internal: check dead letters, stuck order events and destinations",
        INVENTORY_CHECK_TOPIC: "internal: compare sent stock levels with Shopify's",
    }
)
