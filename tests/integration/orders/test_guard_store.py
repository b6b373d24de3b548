"""The update guard on a real store (SQLite and PostgreSQL): what it remembers, for whom."""

from __future__ import annotations

import itertools
import json
from typing import Any

from shopbridge.config.schema import FlowSettings
from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.guards import Skip
from shopbridge.orders.guard import UpdateGuard
from shopbridge.store.base import AttemptRecord, ClaimedJob, NewEvent, NewJob
from shopbridge.store.sql import SqlStore

NOW = 1_800_000_000.0
ORDER_ID = 5678901234567890123
_ids = itertools.count(1)


def flow(name: str) -> CompiledFlow:
    settings = FlowSettings.model_validate({"from": {"shopify": ["orders/updated"]}, "to": ["erp"]})
    return CompiledFlow(name=name, settings=settings)


async def arrive(
    store: SqlStore,
    updated_at: str,
    *,
    shopify_event: str,
    flow_name: str = "orders",
    headers: dict[str, str] | None = None,
) -> ClaimedJob:
    """A webhook for the order at ``updated_at``, claimed for delivery to the ERP."""
    n = next(_ids)
    payload: dict[str, Any] = {"id": ORDER_ID, "updated_at": updated_at, "tags": str(n)}
    await store.append_event(
        NewEvent(
            source_kind="shopify",
            source="acme",
            topic="orders/updated",
            body=json.dumps(payload).encode(),
            received_at=NOW,
            dedupe_key=f"webhook-{n}",
            headers={"x-shopify-event-id": shopify_event, **(headers or {})},
        ),
        [NewJob(flow=flow_name, destination="erp", idempotency_key=f"msg-{n}")],
    )
    [item] = await store.claim_jobs("worker", 1, NOW, 30.0)
    return item


async def deliver(store: SqlStore, guard: UpdateGuard, item: ClaimedJob) -> Skip | None:
    """What the worker does: ask, and on a go, deliver and tell."""
    chosen = flow(item.job.flow)
    verdict = await guard.check(item, chosen)
    outcome = "filtered" if verdict else "delivered"
    record = AttemptRecord(item.job.id, item.job.attempt, "worker", NOW, NOW, outcome)
    if verdict is None:
        await guard.delivered(item, chosen)
        await store.complete_job(item.job, "worker", record)
    else:
        await store.filter_job(item.job, "worker", record)
    return verdict


async def test_older_duplicate_and_reconciled_updates_are_skipped_across_restarts(
    store: SqlStore,
) -> None:
    guard = UpdateGuard(store, ["orders", "audit"], clock=lambda: NOW)
    newer = await arrive(store, "2026-07-01T12:31:00Z", shopify_event="e2")
    assert await deliver(store, guard, newer) is None
    same_time = await arrive(store, "2026-07-01T08:31:00-04:00", shopify_event="e3")
    assert await deliver(store, guard, same_time) is None  # equal is not stale

    restarted = UpdateGuard(store, ["orders", "audit"], clock=lambda: NOW)
    older = await deliver(
        store, restarted, await arrive(store, "2026-07-01T12:30:00Z", shopify_event="e1")
    )
    assert older is not None
    assert older.reason.startswith("stale: updated_at 2026-07-01T12:30:00Z older than")
    copy = await deliver(
        store, restarted, await arrive(store, "2026-07-01T12:31:00Z", shopify_event="e2")
    )
    assert copy is not None
    assert copy.reason == "duplicate: Shopify event e2 was already delivered"

    # Another flow to the same destination keeps its own memory.
    other = await arrive(store, "2026-07-01T12:30:00Z", shopify_event="e1", flow_name="audit")
    assert await deliver(store, restarted, other) is None

    # Reconciliation delivered 12:32; its webhook, arriving late, is not sent again.
    reconciled = await arrive(
        store,
        "2026-07-01T12:32:00Z",
        shopify_event="",
        headers={"x-shopbridge-reconciled": "true"},
    )
    assert await deliver(store, restarted, reconciled) is None
    late = await deliver(
        store, restarted, await arrive(store, "2026-07-01T12:32:00Z", shopify_event="e4")
    )
    assert late is not None
    assert late.reason.startswith("already delivered by reconciliation")


async def test_flows_the_guard_does_not_watch_and_other_sources_pass(store: SqlStore) -> None:
    guard = UpdateGuard(store, ["orders"], clock=lambda: NOW)
    first = await arrive(store, "2026-07-01T12:31:00Z", shopify_event="e", flow_name="raw")
    assert await deliver(store, guard, first) is None
    again = await arrive(store, "2026-07-01T12:31:00Z", shopify_event="e", flow_name="raw")
    assert await deliver(store, guard, again) is None  # a flow with drop_stale: false
