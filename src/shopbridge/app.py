"""The composition root: the one place that picks concrete implementations."""

from __future__ import annotations

import asyncio
import contextlib
import time
from collections.abc import Callable
from dataclasses import dataclass, field

from shopbridge.config.schema import Settings
from shopbridge.engine.flows import CompiledFlow, compile_flows
from shopbridge.engine.retry import RetryPolicy
from shopbridge.engine.router import Router
from shopbridge.engine.worker import Route, Worker
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.sinks import build_sink
from shopbridge.store.base import DestinationStats
from shopbridge.store.sql import SqlStore

STATS_REFRESH_SECS = 5.0

log = get_logger(__name__)


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

    @classmethod
    def build(
        cls,
        settings: Settings,
        *,
        store: SqlStore | None = None,
        clock: Callable[[], float] = time.time,
    ) -> App:
        flows = compile_flows(settings)
        routes = {
            name: Route(
                sink=build_sink(name, destination),
                settings=destination,
                policy=RetryPolicy.from_settings(destination.retry),
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
        return app

    def worker(self) -> Worker:
        return Worker(
            self.store,
            self.flows,
            self.routes,
            self.settings.workers,
            metrics=self.metrics,
            clock=self.clock,
        )

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
        await self.store.close()
