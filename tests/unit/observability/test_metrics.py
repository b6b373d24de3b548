"""Metrics: every name is exported, counts land on the right labels, gauges read late."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

import pytest
from prometheus_client.parser import text_string_to_metric_families

from shopbridge.observability.metrics import Metrics, QueueStats

NAMES = [
    "shopbridge_events_received_total",
    "shopbridge_events_duplicate_total",
    "shopbridge_webhooks_rejected_total",
    "shopbridge_deliveries_total",
    "shopbridge_delivery_duration_seconds",
    "shopbridge_end_to_end_seconds",
    "shopbridge_jobs_dead_lettered_total",
    "shopbridge_jobs_filtered_total",
    "shopbridge_queue_depth",
    "shopbridge_oldest_pending_age_seconds",
]


@dataclass(frozen=True, slots=True)
class Stats:
    destination: str
    queued: int
    running: int
    dead: int
    oldest_pending_age_secs: float


def _samples(metrics: Metrics) -> dict[tuple[str, tuple[tuple[str, str], ...]], float]:
    body, _ = metrics.render()
    return {
        (sample.name, tuple(sorted(sample.labels.items()))): sample.value
        for family in text_string_to_metric_families(body.decode())
        for sample in family.samples
    }


def _exercise(metrics: Metrics) -> None:
    metrics.event_received("shopify", "orders/create")
    metrics.event_received("shopify", "orders/create")
    metrics.event_duplicate("shopify")
    metrics.webhook_rejected("invalid_hmac")
    metrics.delivery_finished("erp", "delivered", 0.012)
    metrics.delivery_finished("erp", "retry", 31.0)
    metrics.delivered_end_to_end("erp", 2.0)
    metrics.job_dead_lettered("erp")
    metrics.job_filtered("paid_to_wms")


def test_render_names_every_metric() -> None:
    metrics = Metrics(lambda: [Stats("erp", 1, 0, 0, 0.5)])
    _exercise(metrics)
    body, content_type = metrics.render()
    assert content_type.startswith("text/plain")
    text = body.decode()
    for name in NAMES:
        assert f"# TYPE {name.removesuffix('_total')}" in text, name
        assert f"\n{name}" in text, name


def test_counts_land_on_their_labels() -> None:
    metrics = Metrics()
    _exercise(metrics)
    samples = _samples(metrics)
    received = (("source_kind", "shopify"), ("topic", "orders/create"))
    assert samples["shopbridge_events_received_total", received] == 2
    assert samples["shopbridge_events_duplicate_total", (("source_kind", "shopify"),)] == 1
    assert samples["shopbridge_webhooks_rejected_total", (("reason", "invalid_hmac"),)] == 1
    delivered = (("destination", "erp"), ("outcome", "delivered"))
    assert samples["shopbridge_deliveries_total", delivered] == 1
    assert (
        samples["shopbridge_deliveries_total", (("destination", "erp"), ("outcome", "retry"))] == 1
    )
    assert samples["shopbridge_delivery_duration_seconds_count", (("destination", "erp"),)] == 2
    assert samples["shopbridge_end_to_end_seconds_sum", (("destination", "erp"),)] == 2.0
    assert samples["shopbridge_jobs_dead_lettered_total", (("destination", "erp"),)] == 1
    assert samples["shopbridge_jobs_filtered_total", (("flow", "paid_to_wms"),)] == 1


@pytest.mark.parametrize(
    ("metric", "low", "high"),
    [
        ("shopbridge_delivery_duration_seconds", "0.005", "30.0"),
        ("shopbridge_end_to_end_seconds", "0.01", "86400.0"),
    ],
)
def test_histogram_buckets(metric: str, low: str, high: str) -> None:
    metrics = Metrics()
    metrics.delivery_finished("erp", "delivered", 0.004)
    metrics.delivered_end_to_end("erp", 0.004)
    samples = _samples(metrics)
    les = [
        dict(labels)["le"]
        for (name, labels) in samples
        if name == f"{metric}_bucket" and dict(labels)["destination"] == "erp"
    ]
    assert les[0] == low
    assert les[-2:] == [high, "+Inf"]
    assert samples[f"{metric}_bucket", (("destination", "erp"), ("le", low))] == 1


def test_queue_gauges_come_from_the_source_at_scrape_time() -> None:
    calls: list[int] = []
    snapshot = [Stats("erp", 4, 1, 2, 12.5), Stats("wms", 0, 0, 0, 0.0)]

    def source() -> Iterable[QueueStats]:
        calls.append(1)
        return snapshot

    metrics = Metrics()
    metrics.set_stats_source(source)
    assert calls == []  # registering and wiring never calls it
    samples = _samples(metrics)
    assert len(calls) == 1
    depth = "shopbridge_queue_depth"
    assert samples[depth, (("destination", "erp"), ("status", "queued"))] == 4
    assert samples[depth, (("destination", "erp"), ("status", "running"))] == 1
    assert samples[depth, (("destination", "erp"), ("status", "dead"))] == 2
    assert samples[depth, (("destination", "wms"), ("status", "queued"))] == 0
    age = "shopbridge_oldest_pending_age_seconds"
    assert samples[age, (("destination", "erp"),)] == 12.5

    snapshot[0] = Stats("erp", 0, 0, 2, 0.0)
    samples = _samples(metrics)
    assert len(calls) == 2
    assert samples[depth, (("destination", "erp"), ("status", "queued"))] == 0


def test_accepts_the_stores_destination_stats() -> None:
    from shopbridge.store.base import DestinationStats

    stats = [DestinationStats("erp", 3, 0, 0, 1.0)]
    metrics = Metrics()
    metrics.set_stats_source(lambda: stats)
    assert (
        _samples(metrics)["shopbridge_queue_depth", (("destination", "erp"), ("status", "queued"))]
        == 3
    )


def test_without_a_source_the_gauges_are_empty() -> None:
    body, _ = Metrics().render()
    assert b"# TYPE shopbridge_queue_depth gauge" in body
    assert b"shopbridge_queue_depth{" not in body


def test_instances_are_independent() -> None:
    first, second = Metrics(), Metrics()
    first.event_duplicate("shopify")
    assert ("shopbridge_events_duplicate_total", (("source_kind", "shopify"),)) not in _samples(
        second
    )
    assert _samples(first)["shopbridge_events_duplicate_total", (("source_kind", "shopify"),)] == 1


@dataclass(frozen=True, slots=True)
class ApiStats:
    shop: str
    calls: int
    cost_used: int
    throttled: int
    bucket_available: float | None


def test_shopify_writer_metrics_count_items_and_read_the_clients_at_scrape_time() -> None:
    metrics = Metrics()
    clients = [ApiStats("acme", 12, 120, 1, 1_880.0), ApiStats("beta", 0, 0, 0, None)]
    metrics.set_shopify_source(lambda: clients)
    metrics.shopify_items("acme", "applied", 250)
    metrics.shopify_items("acme", "stale", 3)
    metrics.shopify_items("acme", "rejected", 0)
    metrics.shopify_sent("acme", 0.006)
    samples = _samples(metrics)
    acme = (("shop", "acme"),)
    assert samples[("shopbridge_shopify_items_total", (("outcome", "applied"), *acme))] == 250
    assert samples[("shopbridge_shopify_items_total", (("outcome", "stale"), *acme))] == 3
    assert ("shopbridge_shopify_items_total", (("outcome", "rejected"), *acme)) not in samples
    assert samples[("shopbridge_shopify_calls_total", acme)] == 12
    assert samples[("shopbridge_shopify_cost_points_total", acme)] == 120
    assert samples[("shopbridge_shopify_throttled_total", acme)] == 1
    assert samples[("shopbridge_shopify_bucket_available_points", acme)] == 1_880.0
    assert ("shopbridge_shopify_bucket_available_points", (("shop", "beta"),)) not in samples
    assert samples[("shopbridge_shopify_write_latency_seconds_count", acme)] == 1
