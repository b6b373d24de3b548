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
    Gauge,
    Histogram,
    generate_latest,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

__all__ = [
    "DELIVERY_BUCKETS_SECS",
    "END_TO_END_BUCKETS_SECS",
    "Metrics",
    "QueueStats",
    "ShopifyApiSource",
    "ShopifyApiStats",
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


class ShopifyApiStats(Protocol):
    """One shop's Admin API client, as metrics read it (totals since start)."""

    @property
    def shop(self) -> str: ...
    @property
    def calls(self) -> int: ...
    @property
    def cost_used(self) -> int: ...
    @property
    def throttled(self) -> int: ...
    @property
    def bucket_available(self) -> float | None: ...


ShopifyApiSource = Callable[[], Iterable[ShopifyApiStats]]


class _ShopifyCollector(Collector):
    """The Admin API clients' own counters, read at scrape time (they count every call)."""

    def __init__(self) -> None:
        self.source: ShopifyApiSource | None = None

    def describe(self) -> Iterator[Metric]:
        yield from self._families()

    def collect(self) -> Iterator[Metric]:
        calls, cost, throttled, bucket = self._families()
        for stats in self.source() if self.source is not None else ():
            calls.add_metric([stats.shop], stats.calls)
            cost.add_metric([stats.shop], stats.cost_used)
            throttled.add_metric([stats.shop], stats.throttled)
            if stats.bucket_available is not None:
                bucket.add_metric([stats.shop], stats.bucket_available)
        yield from (calls, cost, throttled, bucket)

    @staticmethod
    def _families() -> tuple[
        CounterMetricFamily, CounterMetricFamily, CounterMetricFamily, GaugeMetricFamily
    ]:
        return (
            CounterMetricFamily(
                "shopbridge_shopify_calls",
                "Admin GraphQL requests sent, per shop (retries included).",
                labels=["shop"],
            ),
            CounterMetricFamily(
                "shopbridge_shopify_cost_points",
                "Query cost points Shopify charged (actual cost), per shop.",
                labels=["shop"],
            ),
            CounterMetricFamily(
                "shopbridge_shopify_throttled",
                "THROTTLED or HTTP 429 answers from Shopify, per shop.",
                labels=["shop"],
            ),
            GaugeMetricFamily(
                "shopbridge_shopify_bucket_available_points",
                "Cost points the shop's bucket holds now, by our estimate.",
                labels=["shop"],
            ),
        )


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
        self.shopify_items_resolved = Counter(
            "shopbridge_shopify_items",
            "Inventory changes resolved by the Shopify writer: applied, stale or rejected.",
            ["shop", "outcome"],
            registry=registry,
        )
        self.shopify_write_latency = Histogram(
            "shopbridge_shopify_write_latency_seconds",
            "Time from receiving a change to sending the mutation that carries it.",
            ["shop"],
            buckets=END_TO_END_BUCKETS_SECS,
            registry=registry,
        )
        self.webhook_subscription_checks = Counter(
            "shopbridge_webhook_subscription_checks",
            "Checks of a shop's webhook subscriptions: ok, partial (Shopify refused a change) "
            "or failed (Shopify could not be asked).",
            ["shop", "outcome"],
            registry=registry,
        )
        self.webhook_subscription_changes = Counter(
            "shopbridge_webhook_subscription_changes",
            "Webhook subscriptions changed: created, recreated (Shopify had dropped it), "
            "updated, removed, or failed (Shopify refused).",
            ["shop", "action"],
            registry=registry,
        )
        self.webhook_subscription_drift = Gauge(
            "shopbridge_webhook_subscription_drift",
            "Webhook subscriptions out of line with the flows at the last check (missing, "
            "different or unwanted), before they were fixed.",
            ["shop"],
            registry=registry,
        )
        self.alert_notices = Counter(
            "shopbridge_alert_notices",
            "Alert notices sent to flows: triggered, updated (more occurrences) or resolved.",
            ["kind", "notification"],
            registry=registry,
        )
        self.updates_skipped = Counter(
            "shopbridge_updates_skipped",
            "Shopify updates not delivered by a flow: stale (older updated_at than one "
            "delivered), duplicate (same Shopify event) or reconciled (already delivered).",
            ["flow", "reason"],
            registry=registry,
        )
        self.orders_reconciled = Counter(
            "shopbridge_orders_reconciled",
            "Order changes found by reconciliation whose webhook never arrived, sent to flows.",
            ["shop"],
            registry=registry,
        )
        self.reconciliations = Counter(
            "shopbridge_reconciliations",
            "Order reconciliation runs per shop: ok or failed (retried as a job).",
            ["shop", "outcome"],
            registry=registry,
        )
        self.marketing_checkouts = Counter(
            "shopbridge_marketing_checkouts",
            "Checkout webhooks seen by the abandoned-checkout timers: timer_set, completed, "
            "stale (older than one seen), unrecoverable (no contact or lines) or ignored.",
            ["outcome"],
            registry=registry,
        )
        self.marketing_purchases = Counter(
            "shopbridge_marketing_purchases",
            "New orders classified: first, repeat, or unknown (no customer to count).",
            ["classification"],
            registry=registry,
        )
        self.collector_event_counts = Counter(
            "shopbridge_collector_events",
            "Web Pixels events posted to /v1/collect: accepted, duplicate (same pixel event "
            "id) or ignored (not a standard event).",
            ["outcome"],
            registry=registry,
        )
        self.collector_refusals = Counter(
            "shopbridge_collector_refused",
            "Requests to /v1/collect refused, by reason code (rate_limited, "
            "origin_not_allowed, invalid_pixel_events …).",
            ["reason"],
            registry=registry,
        )
        self._queues = _QueueCollector()
        self._queues.source = stats_source
        registry.register(self._queues)
        self._shopify = _ShopifyCollector()
        registry.register(self._shopify)

    def set_stats_source(self, source: StatsSource) -> None:
        """Where queue gauges come from; called at scrape time, so it must be cheap."""
        self._queues.source = source

    def set_shopify_source(self, source: ShopifyApiSource) -> None:
        """Where the Admin API gauges and counters come from (cheap, read at scrape time)."""
        self._shopify.source = source

    def shopify_items(self, shop: str, outcome: str, count: int = 1) -> None:
        """``outcome``: ``applied``, ``stale`` or ``rejected``."""
        if count:
            self.shopify_items_resolved.labels(shop, outcome).inc(count)

    def shopify_sent(self, shop: str, latency_secs: float) -> None:
        self.shopify_write_latency.labels(shop).observe(latency_secs)

    def webhook_subscriptions_checked(self, shop: str, outcome: str, drift: int | None) -> None:
        """``outcome``: ``ok``, ``partial`` or ``failed`` (then ``drift`` is unknown: None)."""
        self.webhook_subscription_checks.labels(shop, outcome).inc()
        if drift is not None:
            self.webhook_subscription_drift.labels(shop).set(drift)

    def webhook_subscription_changed(self, shop: str, action: str) -> None:
        """``action``: ``created``, ``recreated``, ``updated``, ``removed`` or ``failed``."""
        self.webhook_subscription_changes.labels(shop, action).inc()

    def alert_notified(self, kind: str, notification: str) -> None:
        """``notification``: ``triggered``, ``updated`` or ``resolved``."""
        self.alert_notices.labels(kind, notification).inc()

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

    def update_skipped(self, flow: str, reason: str) -> None:
        """``reason``: ``stale``, ``duplicate`` or ``reconciled``."""
        self.updates_skipped.labels(flow, reason).inc()

    def reconciliation_finished(self, shop: str, outcome: str, reconciled: int = 0) -> None:
        """``outcome``: ``ok`` or ``failed``; ``reconciled`` orders were sent to flows."""
        self.reconciliations.labels(shop, outcome).inc()
        if reconciled:
            self.orders_reconciled.labels(shop).inc(reconciled)

    def marketing_checkout(self, outcome: str) -> None:
        self.marketing_checkouts.labels(outcome).inc()

    def marketing_purchase(self, classification: str) -> None:
        """``classification``: ``first``, ``repeat`` or ``unknown``."""
        self.marketing_purchases.labels(classification).inc()

    def collector_events(self, outcome: str, count: int = 1) -> None:
        """``outcome``: ``accepted``, ``duplicate`` or ``ignored``."""
        if count:
            self.collector_event_counts.labels(outcome).inc(count)

    def collector_refused(self, reason: str) -> None:
        self.collector_refusals.labels(reason).inc()

    def render(self) -> tuple[bytes, str]:
        """The exposition body and its content type, for ``GET /metrics``."""
        return generate_latest(self.registry), CONTENT_TYPE_LATEST
