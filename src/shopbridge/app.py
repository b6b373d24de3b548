"""The composition root: the one place that picks concrete implementations."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable, Coroutine
from dataclasses import dataclass, field
from typing import Any

from shopbridge.config.schema import Settings
from shopbridge.engine import processors as engine_processors
from shopbridge.engine.flows import CompiledFlow, compile_flows
from shopbridge.engine.guards import Guard
from shopbridge.engine.retry import RetryPolicy
from shopbridge.engine.router import Router
from shopbridge.engine.timers import TimerService
from shopbridge.engine.worker import Route, Worker, new_worker_id
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.shopify import subscriptions
from shopbridge.shopify.admin import AdminClient
from shopbridge.shopify.writer import InventoryWriter
from shopbridge.sinks import build_sink
from shopbridge.store.base import DestinationStats
from shopbridge.store.sql import SqlStore

STATS_REFRESH_SECS = 5.0
# A processor's job (its work is ours, usually a Shopify lookup) retries for about 7 hours:
# waits of 5 s, 15 s, 45 s … capped at an hour, 12 attempts, then a dead letter.
PROCESSOR_RETRY = RetryPolicy(max_attempts=12, initial_secs=5.0, multiplier=3.0, max_secs=3600.0)

# What makes the writer's cached SKU and inventory item lookups wrong.
WRITER_TOPICS = (
    "products/create",
    "products/update",
    "products/delete",
    "inventory_items/update",
    "inventory_items/delete",
)

Service = Callable[[asyncio.Event], Coroutine[Any, Any, None]]

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class _ShopifyApiStats:
    shop: str
    calls: int
    cost_used: int
    throttled: int
    bucket_available: float | None


@dataclass
class App:
    settings: Settings
    store: SqlStore
    flows: dict[str, CompiledFlow]
    router: Router
    routes: dict[str, Route]
    metrics: Metrics
    clock: Callable[[], float] = time.time
    stats: list[DestinationStats] = field(default_factory=list)
    shopify_clients: dict[str, AdminClient] = field(default_factory=dict)
    inventory_writers: dict[str, InventoryWriter] = field(default_factory=dict)
    processors: dict[str, engine_processors.Processor] = field(default_factory=dict)
    timers: TimerService | None = None
    # Background loops `serve` runs beside the workers (timers, subscription checks …).
    services: list[Service] = field(default_factory=list)
    subscription_keeper: subscriptions.SubscriptionKeeper | None = None
    # Checks the worker runs before each delivery (stale updates, echoes …).
    guards: list[Guard] = field(default_factory=list)
    # Told of each webhook subscription Shopify dropped (features append theirs: alerts).
    subscription_dropped_hooks: list[subscriptions.DroppedHook] = field(default_factory=list)

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        store: SqlStore | None = None,
        clock: Callable[[], float] = time.time,
        on_subscription_dropped: subscriptions.DroppedHook | None = None,
    ) -> App:
        """``on_subscription_dropped(shop_id, topic)``: a webhook subscription Shopify dropped
        was found (and re-created); see :mod:`shopbridge.shopify.subscriptions.keeper`."""
        flows = compile_flows(settings)
        routes = {
            name: Route(
                sink=build_sink(name, destination),
                policy=RetryPolicy.from_settings(destination.retry),
                max_in_flight=destination.max_in_flight,
            )
            for name, destination in settings.destinations.items()
        }
        app = cls(
            settings=settings,
            store=store or SqlStore(settings.store.url),
            flows=flows,
            router=Router(flows),
            routes=routes,
            metrics=Metrics(),
            clock=clock,
        )
        app.metrics.set_stats_source(lambda: app.stats)
        app.shopify_clients = {
            name: AdminClient.from_settings(shop)
            for name, shop in settings.shops.items()
            if shop.admin_api_enabled
        }
        app.metrics.set_shopify_source(app.shopify_api_stats)
        app.inventory_writers = {writer.shop_id: writer for writer in app._writers()}
        if on_subscription_dropped is not None:
            app.subscription_dropped_hooks.append(on_subscription_dropped)
        app._add_processors()
        app.timers = TimerService(
            app.store,
            app.router,
            schedules=[s for p in app.processors.values() for s in p.schedules],
            clock=clock,
        )
        app.services.append(app.timers.run)
        managed = {
            name: client
            for name, client in app.shopify_clients.items()
            if subscriptions.manages(settings, name)
        }
        if managed:
            app.subscription_keeper = subscriptions.SubscriptionKeeper(
                settings,
                managed,
                metrics=app.metrics,
                on_dropped=app.subscription_dropped,
                extra_needs=app.topic_needs,
            )
            app.services.append(app.subscription_keeper.run)
        return app

    async def subscription_dropped(self, shop_id: str, topic: str) -> None:
        """Tell every hook that Shopify dropped ``topic``'s subscription in ``shop_id``."""
        for hook in self.subscription_dropped_hooks:
            outcome = hook(shop_id, topic)
            if outcome is not None:
                await outcome

    def topic_needs(self, shop_id: str) -> list[subscriptions.TopicNeed]:
        """Webhook topics the processors and the shop's writer take (flows' come from flows).

        The writer hears of catalog changes to forget SKU lookups they make wrong.
        """
        needs = [
            subscriptions.TopicNeed(topic, engine_processors.PREFIX + name)
            for name, processor in self.processors.items()
            for topic in processor.shopify_topics
        ]
        if shop_id in self.inventory_writers:
            needs += [subscriptions.TopicNeed(t, "shopify.writer") for t in WRITER_TOPICS]
        return needs

    def _add_processors(self) -> None:
        """Built-in processors get system flows and routes, like configured destinations."""
        import shopbridge.features  # noqa: F401  (registers the built-in processors)

        policy = PROCESSOR_RETRY
        for factory in engine_processors.PROCESSOR_FACTORIES:
            processor = factory(self)
            if processor is None:
                continue
            self.processors[processor.name] = processor
            for flow in engine_processors.system_flows(processor):
                self.flows[flow.name] = flow  # the router reads this same mapping
            self.routes[engine_processors.PREFIX + processor.name] = Route(
                sink=processor, policy=policy, max_in_flight=processor.max_in_flight
            )

    def worker(self) -> Worker:
        return Worker(
            self.store,
            self.flows,
            self.routes,
            self.settings.workers,
            metrics=self.metrics,
            clock=self.clock,
            others=[writer.destination for writer in self.inventory_writers.values()],
            guards=self.guards,
        )

    def _writers(self) -> list[InventoryWriter]:
        """One inventory writer per shop with Admin API access (jobs ``shopify:<shop>``)."""
        return [
            InventoryWriter(
                name,
                self.store,
                client,
                self.settings.shops[name].writer,
                metrics=self.metrics,
                clock=self.clock,
                worker_id=new_worker_id(),
                lease_secs=self.settings.workers.lease_secs,
            )
            for name, client in self.shopify_clients.items()
        ]

    def shopify_webhook_seen(self, shop_id: str, topic: str, payload: object) -> None:
        """Tell the shop's writer, whose SKU cache a product change may make wrong."""
        writer = self.inventory_writers.get(shop_id)
        if writer is not None:
            writer.note_webhook(topic, payload)

    def shopify_api_stats(self) -> list[_ShopifyApiStats]:
        return [
            _ShopifyApiStats(
                name,
                client.stats.calls,
                client.stats.cost_used,
                client.stats.throttled,
                client.bucket.available,
            )
            for name, client in self.shopify_clients.items()
        ]

    async def refresh_stats(self) -> None:
        self.stats = await self.store.destination_stats(self.clock())

    async def keep_stats_fresh(self, stop: asyncio.Event) -> None:
        """Queue depth gauges come from a snapshot, so a scrape never waits on the store."""
        while not stop.is_set():
            try:
                await self.refresh_stats()
            except Exception as exc:
                log.warning("stats_refresh_failed", error=str(exc))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), STATS_REFRESH_SECS)

    async def close(self) -> None:
        for route in self.routes.values():
            await route.sink.close()
        for client in self.shopify_clients.values():
            await client.close()
        await self.store.close()
