"""The ``orders`` processor: remembers what arrived, reconciles on a schedule.

Registered at import (with the presets and the delivery guard), through
:data:`shopbridge.engine.processors.PROCESSOR_FACTORIES`:

* the guard (:mod:`.guard`) goes to ``app.guards`` for every configured flow that takes
  Shopify topics with ``drop_stale`` on;
* the processor exists when some shop is reconciled (:mod:`.plan`). Its system flow
  takes that shop's full-order webhooks and records, per order, the newest
  ``updated_at`` received (store scope ``orders.received:<shop>``), so that
  reconciliation can tell a missed change from one merely not delivered yet. Each
  reconciled shop has a schedule, ``orders-reconcile:<shop>``, whose engine event
  ``orders/reconciliation_due`` runs :class:`~.reconcile.OrderReconciler` as a job:
  a failed run (Shopify down, throttled beyond patience) is retried like any job.
"""

from __future__ import annotations

import asyncio
import json
from collections.abc import Callable, Mapping, Sequence
from typing import TYPE_CHECKING, Final

from shopbridge import errors
from shopbridge.engine import events, processors
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Outcome, Retry
from shopbridge.engine.timers import Schedule
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.store.base import Store

from . import presets  # noqa: F401  (registers the order and refund presets)
from .guard import UpdateGuard
from .plan import reconciliation_plan
from .reconcile import OrderReconciler, received_scope
from .versions import parse_time

if TYPE_CHECKING:
    from shopbridge.app import App

__all__ = ["NAME", "RECONCILE_TOPIC", "OrdersProcessor", "build"]

NAME: Final = "orders"
RECONCILE_TOPIC: Final = "orders/reconciliation_due"
MAX_IN_FLIGHT: Final = 16

events.register_topics(
    {
        RECONCILE_TOPIC: "a shop's order reconciliation is due (taken by shopbridge itself; "
        "reconciled orders reach flows as orders/create or orders/updated)"
    }
)

log = get_logger(__name__)


class OrdersProcessor:
    """Records received order versions; runs each shop's reconciliation when it is due."""

    name = NAME
    max_in_flight = MAX_IN_FLIGHT
    event_topics: Sequence[str] = (RECONCILE_TOPIC,)

    def __init__(
        self,
        *,
        store: Store,
        reconcilers: Mapping[str, OrderReconciler],
        recorded_topics: Sequence[str],
        clock: Callable[[], float],
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.reconcilers = dict(reconcilers)
        self.shopify_topics: Sequence[str] = tuple(sorted(recorded_topics))
        self.clock = clock
        self.metrics = metrics
        self.schedules: Sequence[Schedule] = [
            Schedule(
                f"orders-reconcile:{shop}",
                RECONCILE_TOPIC,
                reconciler.every_secs,
                shop=shop,
                payload={"shop": shop},
            )
            for shop, reconciler in self.reconcilers.items()
        ]
        self._running = {shop: asyncio.Lock() for shop in self.reconcilers}

    async def deliver(self, delivery: Delivery) -> Outcome:
        if delivery.topic == RECONCILE_TOPIC:
            return await self._reconcile(delivery.source)
        return await self._record(delivery)

    async def close(self) -> None:
        return None

    async def _record(self, delivery: Delivery) -> Outcome:
        """Remember the newest ``updated_at`` received for this order (kept if newer)."""
        if delivery.source in self.reconcilers:
            try:
                payload = json.loads(delivery.body)
            except ValueError:
                payload = None
            order_id = payload.get("id") if isinstance(payload, dict) else None
            updated_at = (
                parse_time(payload.get("updated_at")) if isinstance(payload, dict) else None
            )
            if isinstance(order_id, int) and updated_at is not None:
                await self.store.record_applied(
                    received_scope(delivery.source), {str(order_id): updated_at}, self.clock()
                )
        return Delivered(status_code=200)

    async def _reconcile(self, shop: str) -> Outcome:
        reconciler = self.reconcilers.get(shop)
        if reconciler is None:  # the shop left the config, or lost its reconciliation
            return Delivered(status_code=200)
        async with self._running[shop]:
            try:
                done = await reconciler.run()
            except (errors.ShopifyError, errors.StoreError) as exc:
                if self.metrics is not None:
                    self.metrics.reconciliation_finished(shop, "failed")
                return Retry(reason=f"order reconciliation of {shop} failed: {exc}")
        if self.metrics is not None:
            self.metrics.reconciliation_finished(shop, "ok", done.appended)
        return Delivered(status_code=200)


def build(app: App) -> OrdersProcessor | None:
    """The factory: adds the delivery guard, and the processor when a shop is reconciled."""
    guarded = [
        name for name, flow in app.settings.flows.items() if flow.drop_stale and flow.from_.shopify
    ]
    if guarded:
        app.guards.append(UpdateGuard(app.store, guarded, metrics=app.metrics, clock=app.clock))
    plan = reconciliation_plan(app.settings, app.shopify_clients)
    if plan.off_because is not None:
        log.warning("orders_reconciliation_off", reason=plan.off_because)
    if not plan.shops:
        return None
    reconcilers = {
        shop: OrderReconciler(
            shop=shop,
            shop_domain=app.settings.shops[shop].domain,
            client=app.shopify_clients[shop],
            store=app.store,
            router=app.router,
            every_secs=app.settings.shops[shop].reconcile.orders_every_mins * 60,
            settle_secs=app.settings.shops[shop].reconcile.settle_secs,
            clock=app.clock,
        )
        for shop in plan.shops
    }
    return OrdersProcessor(
        store=app.store,
        reconcilers=reconcilers,
        recorded_topics=sorted(plan.recorded_topics),
        clock=app.clock,
        metrics=app.metrics,
    )


processors.PROCESSOR_FACTORIES.append(build)
