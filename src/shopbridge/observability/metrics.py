"""Prometheus metrics, owned by one object rather than the global registry.

Each :class:`Metrics` has its own ``CollectorRegistry``, so an app, a test or a
benchmark can build as many as it likes without "duplicated timeseries" errors.

Queue depth and the age of the oldest pending job come from the store, which is
async and can be slow. They are read at scrape time from a callback that must return
an already-computed snapshot; the scrape never touches the database itself.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from typing import Final, Protocol

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "DELIVERY_BUCKETS_SECS",
    "END_TO_END_BUCKETS_SECS",
    "Metrics",
    "QueueStats",
    "StatsSource",
]

# One HTTP call to a destination: 5 ms to the 30 s a sink may wait.
DELIVERY_BUCKETS_SECS: Final = (0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
# Received → delivered includes queueing and retries, so it runs to hours.
END_TO_END_BUCKETS_SECS: Final = (
    *(0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30),
    *(60, 300, 900, 3600, 4 * 3600, 12 * 3600, 24 * 3600),
)


class QueueStats(Protocol):
    """One destination's queue, as the store reports it (``store.base.DestinationStats``)."""

    @property
    def destination(self) -> str: ...
    @property
    def queued(self) -> int: ...
    @property
    def running(self) -> int: ...
    @property
    def dead(self) -> int: ...
    @property
    def oldest_pending_age_secs(self) -> float: ...


StatsSource = Callable[[], Iterable[QueueStats]]


class _QueueCollector(Collector):
    """Gauges built from the snapshot at each scrape, so they never go stale."""

    def __init__(self) -> None:
        self.source: StatsSource | None = None

    def describe(self) -> Iterator[Metric]:
        # Declared up front so registering does not call ``collect`` (and the source).
        yield from self._families()

    def collect(self) -> Iterator[Metric]:
        depth, age = self._families()
        for stats in self.source() if self.source is not None else ():
            for status, count in (
                ("queued", stats.queued),
                ("running", stats.running),
                ("dead", stats.dead),
            ):
                depth.add_metric([stats.destination, status], count)
            age.add_metric([stats.destination], stats.oldest_pending_age_secs)
        yield depth
        yield age

    @staticmethod
    def _families() -> tuple[GaugeMetricFamily, GaugeMetricFamily]:
        return (
            GaugeMetricFamily(
                "shopbridge_queue_depth",
                "Jobs per destination and status (queued, running, dead).",
                labels=["destination", "status"],
            ),
            GaugeMetricFamily(
                "shopbridge_oldest_pending_age_seconds",
                "Age of the oldest job waiting to be delivered, per destination.",
                labels=["destination"],
            ),
        )


class Metrics:
    """Every metric shopbridge exports, with one method per thing that happened."""

    def __init__(self, stats_source: StatsSource | None = None) -> None:
        self.registry = CollectorRegistry(auto_describe=True)
        registry = self.registry
        self.events_received = Counter(
            "shopbridge_events_received",
            "Events stored, first copies only.",
            ["source_kind", "topic"],
            registry=registry,
        )
        self.events_duplicate = Counter(
            "shopbridge_events_duplicate",
            "Events answered as duplicates of one already stored.",
            ["source_kind"],
            registry=registry,
        )
        self.webhooks_rejected = Counter(
            "shopbridge_webhooks_rejected",
            "Incoming requests refused, by reason code.",
            ["reason"],
            registry=registry,
        )
        self.deliveries = Counter(
            "shopbridge_deliveries",
            "Delivery attempts by outcome: delivered, retry or rejected.",
            ["destination", "outcome"],
            registry=registry,
        )
        self.delivery_duration = Histogram(
            "shopbridge_delivery_duration_seconds",
            "Time one delivery attempt took.",
            ["destination"],
            buckets=DELIVERY_BUCKETS_SECS,
            registry=registry,
        )
        self.end_to_end = Histogram(
            "shopbridge_end_to_end_seconds",
            "Time from receiving an event to delivering it, retries included.",
            ["destination"],
            buckets=END_TO_END_BUCKETS_SECS,
            registry=registry,
        )
        self.jobs_dead_lettered = Counter(
            "shopbridge_jobs_dead_lettered",
            "Jobs given up on and moved to the dead letters.",
            ["destination"],
            registry=registry,
        )
        self.jobs_filtered = Counter(
            "shopbridge_jobs_filtered",
            "Jobs a flow's filter declined.",
            ["flow"],
            registry=registry,
        )
        self._queues = _QueueCollector()
        self._queues.source = stats_source
        registry.register(self._queues)

    def set_stats_source(self, source: StatsSource) -> None:
        """Where queue gauges come from; called at scrape time, so it must be cheap."""
        self._queues.source = source

    def event_received(self, source_kind: str, topic: str) -> None:
        self.events_received.labels(source_kind, topic).inc()

    def event_duplicate(self, source_kind: str) -> None:
        self.events_duplicate.labels(source_kind).inc()

    def webhook_rejected(self, reason: str) -> None:
        self.webhooks_rejected.labels(reason).inc()

    def delivery_finished(self, destination: str, outcome: str, duration_secs: float) -> None:
        """One attempt ended; ``outcome`` is ``delivered``, ``retry`` or ``rejected``."""
        self.deliveries.labels(destination, outcome).inc()
        self.delivery_duration.labels(destination).observe(duration_secs)

    def delivered_end_to_end(self, destination: str, secs: float) -> None:
        self.end_to_end.labels(destination).observe(secs)

    def job_dead_lettered(self, destination: str) -> None:
        self.jobs_dead_lettered.labels(destination).inc()

    def job_filtered(self, flow: str) -> None:
        self.jobs_filtered.labels(flow).inc()

    def render(self) -> tuple[bytes, str]:
        """The exposition body and its content type, for ``GET /metrics``."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
