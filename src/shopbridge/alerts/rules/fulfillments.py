"""Fulfillment exceptions: failed deliveries, fulfillment orders on hold, orders unfulfilled.

* ``fulfillment_events/create`` with a failing status (``failure`` by default) adds the
  fulfillment to the shop's alert; a later recovering status of the same fulfillment
  (in transit again, delivered …) takes it out.
* ``fulfillment_orders/placed_on_hold`` adds the fulfillment order;
  ``fulfillment_orders/hold_released`` takes it out.
* ``orders/create`` arms a timer at creation + ``after_secs``; ``orders/fulfilled`` or
  ``orders/cancelled`` cancels it and clears the order. When it fires, Shopify is asked
  first (a lost ``orders/fulfilled`` must not alert).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Final

from shopbridge.alerts.model import Alert, AlertKind, Member, alert_key
from shopbridge.alerts.topics import UNFULFILLED_DUE_TOPIC
from shopbridge.engine.timers import Schedule, set_timer
from shopbridge.types import JSONValue

from .base import RuleContext
from .order_facts import OrderFacts, read_order, read_state

__all__ = ["FulfillmentRules"]

EVENTS: Final = "fulfillment_events/create"
ON_HOLD: Final = "fulfillment_orders/placed_on_hold"
RELEASED: Final = "fulfillment_orders/hold_released"
_CREATED: Final = "orders/create"
_FULFILLED: Final = "orders/fulfilled"
_CANCELLED: Final = "orders/cancelled"
_DONE: Final = frozenset({"fulfilled", "restocked"})


def unfulfilled_timer(shop: str, order_id: str) -> str:
    return f"alert-unfulfilled:{shop}:{order_id}"


class FulfillmentRules:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        rules = context.settings.fulfillments
        self.failed, self.on_hold, self.unfulfilled = (
            rules.failed,
            rules.on_hold,
            rules.unfulfilled_orders,
        )
        wanted: list[str] = []
        if self.failed.enabled:
            wanted.append(EVENTS)
        if self.on_hold.enabled:
            wanted += [ON_HOLD, RELEASED]
        if self.unfulfilled.enabled:
            wanted += [_CREATED, _FULFILLED, _CANCELLED]
        self.shopify_topics: Sequence[str] = wanted
        self.event_topics: Sequence[str] = (
            [UNFULFILLED_DUE_TOPIC] if self.unfulfilled.enabled else []
        )
        self.schedules: Sequence[Schedule] = []

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        if not isinstance(payload, Mapping):
            return
        if topic == EVENTS:
            await self._event(shop, payload)
        elif topic == ON_HOLD:
            await self._on_hold(shop, payload)
        elif topic == RELEASED:
            held = payload.get("fulfillment_order")
            if isinstance(held, Mapping) and held.get("id"):
                await self.context.manager.clear(alert_key("on_hold", shop), str(held["id"]))
        elif topic == _CREATED:
            await self._created(shop, payload)
        elif topic in (_FULFILLED, _CANCELLED):
            order = read_order(payload)
            if order is not None:
                await self.context.store.cancel_timer(unfulfilled_timer(shop, order.id))
                await self.context.manager.clear(alert_key("unfulfilled", shop), order.id)
        elif topic == UNFULFILLED_DUE_TOPIC:
            await self._unfulfilled_due(shop, payload)

    async def _event(self, shop: str, event: Mapping[str, JSONValue]) -> None:
        status = str(event.get("status") or "").lower()
        fulfillment = str(event.get("fulfillment_id") or "")
        if not fulfillment:
            return
        key = alert_key("fulfillment_failed", shop)
        if status in self.failed.recovered_statuses:
            await self.context.manager.clear(key, fulfillment)
            return
        if status not in self.failed.statuses:
            return
        order_id = str(event.get("order_id") or "")
        message = str(event.get("message") or status)
        await self.context.manager.raise_(
            Alert(
                kind=AlertKind.FULFILLMENT_EXCEPTION,
                rule="fulfillment_failed",
                key=key,
                shop=shop,
                severity=self.failed.severity,
                title="Shipments are failing",
                summary=f"Fulfillment {fulfillment} of order {order_id} reported "
                f"{status}: {message}.",
                details={"fulfillment_id": fulfillment, "order_id": order_id, "status": status},
                links=self.context.admin_link(shop, f"orders/{order_id}", "Open the order")
                if order_id
                else (),
                auto_resolve_secs=self.failed.auto_resolve_secs,
            ),
            Member(fulfillment, f"Fulfillment {fulfillment} (order {order_id}): {status}"),
        )

    async def _on_hold(self, shop: str, payload: Mapping[str, JSONValue]) -> None:
        held = payload.get("fulfillment_order")
        if not isinstance(held, Mapping) or not held.get("id"):
            return
        gid = str(held["id"])
        hold = payload.get("created_fulfillment_hold")
        hold = hold if isinstance(hold, Mapping) else {}
        reason = str(hold.get("reason") or "unknown reason").replace("_", " ")
        notes = str(hold.get("reason_notes") or "")
        number = gid.rsplit("/", 1)[-1]
        await self.context.manager.raise_(
            Alert(
                kind=AlertKind.FULFILLMENT_EXCEPTION,
                rule="fulfillment_on_hold",
                key=alert_key("on_hold", shop),
                shop=shop,
                severity=self.on_hold.severity,
                title="Fulfillment orders on hold",
                summary=f"Fulfillment order {number} was placed on hold ({reason})"
                + (f": {notes}" if notes else "."),
                details={"fulfillment_order": gid, "reason": reason, "notes": notes},
            ),
            Member(gid, f"Fulfillment order {number}: {reason}"),
        )

    async def _created(self, shop: str, payload: JSONValue) -> None:
        order = read_order(payload)
        if not self.unfulfilled.enabled or order is None:
            return
        if order.fulfillment_status in _DONE:
            return
        now = self.context.clock()
        due = (order.created_at or now) + self.unfulfilled.after_secs
        await set_timer(
            self.context.store,
            unfulfilled_timer(shop, order.id),
            UNFULFILLED_DUE_TOPIC,
            max(due, now),
            order.as_payload(),
            shop=shop,
            now=now,
        )

    async def _unfulfilled_due(self, shop: str, payload: JSONValue) -> None:
        order = read_order(payload)
        if order is None or not await self._still_unfulfilled(shop, order):
            return
        hours = self.unfulfilled.after_secs / 3600
        await self.context.manager.raise_(
            Alert(
                kind=AlertKind.FULFILLMENT_EXCEPTION,
                rule="unfulfilled_orders",
                key=alert_key("unfulfilled", shop),
                shop=shop,
                severity=self.unfulfilled.severity,
                title=f"Orders unfulfilled after {hours:g} h",
                summary=f"{order.label} is not fulfilled {hours:g} h after it was placed.",
                details={"order_id": order.id, "order": order.name},
                links=self.context.admin_link(shop, f"orders/{order.id}", "Open the order"),
            ),
            Member(order.id, order.label),
        )

    async def _still_unfulfilled(self, shop: str, order: OrderFacts) -> bool:
        client = self.context.clients.get(shop)
        if client is None:
            return True
        state = await read_state(client, order)
        if state is None or state.cancelled:
            return False
        return state.fulfillment_status not in _DONE
