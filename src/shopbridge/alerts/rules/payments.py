"""Payment issues: failed and voided transactions, orders left unpaid past a limit.

* ``order_transactions/create`` with a failed status adds the order to the shop's
  "payments failing" alert; a later successful sale, capture or authorization of that
  order (or ``orders/paid``) takes it out, and the alert resolves when none is left
  (or after ``auto_resolve_secs`` without a new failure).
* A successful ``void`` adds the order to the shop's "payments voided" alert.
* ``orders/create`` with an unpaid financial status arms a timer at creation +
  ``after_secs``; ``orders/paid`` or ``orders/cancelled`` cancels it and clears the order.
  When it fires, Shopify is asked first (a lost ``orders/paid`` must not alert).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from shopbridge.alerts.model import Alert, AlertKind, Member, alert_key
from shopbridge.alerts.topics import UNPAID_DUE_TOPIC
from shopbridge.engine.timers import Schedule, set_timer
from shopbridge.types import JSONValue

from .base import RuleContext
from .order_facts import OrderFacts, read_order, read_state

__all__ = ["PaymentRules"]

TRANSACTIONS: Final = "order_transactions/create"
SETTLED_KINDS: Final = frozenset({"sale", "capture", "authorization"})
_PAID: Final = "orders/paid"
_CANCELLED: Final = "orders/cancelled"
_CREATED: Final = "orders/create"


def unpaid_timer(shop: str, order_id: str) -> str:
    return f"alert-unpaid:{shop}:{order_id}"


class PaymentRules:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        rules = context.settings.payments
        self.failed, self.voided, self.unpaid = (
            rules.failed_transactions,
            rules.voided_transactions,
            rules.unpaid_orders,
        )
        wanted: list[str] = []
        if self.failed.enabled or self.voided.enabled:
            wanted += [TRANSACTIONS, _PAID]
        if self.unpaid.enabled:
            wanted += [_CREATED, _PAID, _CANCELLED]
        self.shopify_topics: Sequence[str] = list(dict.fromkeys(wanted))
        self.event_topics: Sequence[str] = [UNPAID_DUE_TOPIC] if self.unpaid.enabled else []
        self.schedules: Sequence[Schedule] = []

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        if topic == TRANSACTIONS and isinstance(payload, Mapping):
            await self._transaction(shop, payload)
        elif topic == _CREATED:
            await self._created(shop, payload)
        elif topic in (_PAID, _CANCELLED):
            await self._settled(shop, topic, payload)
        elif topic == UNPAID_DUE_TOPIC:
            await self._unpaid_due(shop, payload)

    async def _transaction(self, shop: str, txn: Mapping[str, JSONValue]) -> None:
        status = str(txn.get("status") or "").lower()
        kind = str(txn.get("kind") or "").lower()
        order_id = str(txn.get("order_id") or "")
        if not order_id:
            return
        money = f"{txn.get('amount') or '?'} {txn.get('currency') or ''}".strip()
        gateway = str(txn.get("gateway") or "unknown gateway")
        if self.failed.enabled and status in self.failed.statuses:
            why = str(txn.get("error_code") or txn.get("message") or status)
            await self.context.manager.raise_(
                Alert(
                    kind=AlertKind.PAYMENT_ISSUE,
                    rule="failed_transactions",
                    key=alert_key("payment_failed", shop),
                    shop=shop,
                    severity=self.failed.severity,
                    title="Payments are failing",
                    summary=f"A {kind or 'payment'} of {money} on order {order_id} failed "
                    f"at {gateway}: {why}.",
                    details={"order_id": order_id, "gateway": gateway, "error": why},
                    links=self.context.admin_link(shop, f"orders/{order_id}", "Open the order"),
                    auto_resolve_secs=self.failed.auto_resolve_secs,
                ),
                Member(order_id, f"Order {order_id}: {money} via {gateway} ({why})"),
            )
        elif self.failed.enabled and status == "success" and kind in SETTLED_KINDS:
            await self.context.manager.clear(alert_key("payment_failed", shop), order_id)
        if self.voided.enabled and kind == "void" and status == "success":
            await self.context.manager.raise_(
                Alert(
                    kind=AlertKind.PAYMENT_ISSUE,
                    rule="voided_transactions",
                    key=alert_key("payment_voided", shop),
                    shop=shop,
                    severity=self.voided.severity,
                    title="Payments were voided",
                    summary=f"A payment of {money} on order {order_id} was voided ({gateway}).",
                    details={"order_id": order_id, "gateway": gateway},
                    links=self.context.admin_link(shop, f"orders/{order_id}", "Open the order"),
                    auto_resolve_secs=self.voided.auto_resolve_secs,
                ),
                Member(order_id, f"Order {order_id}: {money} voided"),
            )

    async def _created(self, shop: str, payload: JSONValue) -> None:
        order = read_order(payload)
        if not self.unpaid.enabled or order is None:
            return
        if order.financial_status not in self.unpaid.financial_statuses:
            return
        now = self.context.clock()
        due = (order.created_at or now) + self.unpaid.after_secs
        await set_timer(
            self.context.store,
            unpaid_timer(shop, order.id),
            UNPAID_DUE_TOPIC,
            max(due, now),
            order.as_payload(),
            shop=shop,
            now=now,
        )

    async def _settled(self, shop: str, topic: str, payload: JSONValue) -> None:
        order = read_order(payload)
        if order is None:
            return
        manager = self.context.manager
        if self.unpaid.enabled:
            await self.context.store.cancel_timer(unpaid_timer(shop, order.id))
            await manager.clear(alert_key("order_unpaid", shop), order.id)
        if topic == _PAID and self.failed.enabled:
            await manager.clear(alert_key("payment_failed", shop), order.id)

    async def _unpaid_due(self, shop: str, payload: JSONValue) -> None:
        order = read_order(payload)
        if order is None or not await self._still_unpaid(shop, order):
            return
        hours = self.unpaid.after_secs / 3600
        await self.context.manager.raise_(
            Alert(
                kind=AlertKind.PAYMENT_ISSUE,
                rule="unpaid_orders",
                key=alert_key("order_unpaid", shop),
                shop=shop,
                severity=self.unpaid.severity,
                title=f"Orders unpaid after {hours:g} h",
                summary=f"{order.label} is still {order.financial_status or 'unpaid'} "
                f"{hours:g} h after it was placed.",
                details={"order_id": order.id, "order": order.name},
                links=self.context.admin_link(shop, f"orders/{order.id}", "Open the order"),
            ),
            Member(order.id, order.label),
        )

    async def _still_unpaid(self, shop: str, order: OrderFacts) -> bool:
        client = self.context.clients.get(shop)
        if client is None:  # no Admin API access: trust the webhooks
            return True
        state = await read_state(client, order)
        if state is None or state.cancelled:
            return False
        return state.financial_status in self.unpaid.financial_statuses
