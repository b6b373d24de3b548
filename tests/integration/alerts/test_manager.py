"""The alert manager on real stores: grouping, resolve, restarts, races, and no loops."""

from __future__ import annotations

import asyncio
import json
from typing import Any

from shopbridge.alerts.manager import TICK_TOPIC, AlertManager, timer_name
from shopbridge.alerts.model import Alert, AlertKind, Member
from shopbridge.config.loader import parse_settings
from shopbridge.engine.flows import compile_flows
from shopbridge.engine.router import Router
from shopbridge.store.base import EventFilter, JobFilter
from shopbridge.store.sql import SqlStore
from tests.conftest import FakeClock

WINDOW = 60.0
SETTINGS = parse_settings(
    """
destinations:
  slack: {type: slack, url: "https://hooks.slack.com/services/T/B/X"}
  ops: {url: "https://ops.example.com/alerts"}
flows:
  alerts:
    from: {events: [alerts/payment_issue, alerts/engine_failure]}
    to: [slack, ops]
"""
)


def manager(store: SqlStore, clock: FakeClock) -> AlertManager:
    return AlertManager(
        store,
        Router(compile_flows(SETTINGS)),
        window_secs=WINDOW,
        shop_domains={"acme": "acme.myshopify.com"},
        clock=clock,
    )


def failing(**changes: Any) -> Alert:
    fields: dict[str, Any] = {
        "kind": AlertKind.PAYMENT_ISSUE,
        "rule": "failed_transactions",
        "key": "payment_failed:acme",
        "shop": "acme",
        "severity": "error",
        "title": "Payments are failing",
        "summary": "A payment failed.",
    }
    fields.update(changes)
    return Alert(**fields)


async def notices(store: SqlStore, topic: str = "alerts/payment_issue") -> list[dict[str, Any]]:
    found = await store.list_events(EventFilter(source_kind="shopbridge", topic=topic))
    return [json.loads(event.body) for event in reversed(found)]


async def test_a_storm_is_one_notice_then_one_update_when_the_window_ends(
    store: SqlStore, clock: FakeClock
) -> None:
    alerts = manager(store, clock)
    for order in range(5):
        await alerts.raise_(failing(), Member(f"order-{order}", f"Order {order}"))
        clock.advance(1)
    sent = await notices(store)
    assert [(n["notification"], n["count"]) for n in sent] == [("triggered", 1)]
    timer = await store.get_timer(timer_name("payment_failed:acme"))
    assert timer is not None
    assert timer.topic == TICK_TOPIC
    assert timer.fire_at == clock.now - 5 + WINDOW  # the end of the first notice's window
    clock.advance(WINDOW)
    await alerts.tick("payment_failed:acme")
    sent = await notices(store)
    assert [(n["notification"], n["count"], n["new_since_last"]) for n in sent] == [
        ("triggered", 1, 1),
        ("updated", 5, 4),
    ]
    assert sent[1]["members"] == [f"Order {n}" for n in range(5)]
    assert await store.get_timer(timer_name("payment_failed:acme")) is None


async def test_resolving_sends_a_resolve_and_the_state_survives_a_restart(
    store_url: str, clock: FakeClock
) -> None:
    first = SqlStore(store_url)
    try:
        await manager(first, clock).raise_(failing(), Member("order-1", "Order 1"))
    finally:
        await first.close()
    again = SqlStore(store_url)  # a restart: a new process reads the same row
    try:
        alerts = manager(again, clock)
        clock.advance(5)
        # the same order failing again after the restart: known, so nothing new to say
        assert await alerts.raise_(failing(), Member("order-1", "Order 1")) is None
        await alerts.clear("payment_failed:acme", "order-1")
        sent = await notices(again)
        assert [n["notification"] for n in sent] == ["triggered", "resolved"]
        assert sent[1]["dedup_key"] == sent[0]["dedup_key"]
        assert sent[1]["count"] == 1
        row = await again.get_alert("payment_failed:acme")
        assert row is not None
        assert row.status == "resolved"
    finally:
        await again.close()


async def test_two_processes_deciding_at_once_notify_once(store_url: str, clock: FakeClock) -> None:
    stores = [SqlStore(store_url), SqlStore(store_url)]
    try:
        managers = [manager(store, clock) for store in stores]
        await asyncio.gather(
            *(
                m.raise_(failing(), Member(f"order-{i}-{n}", "x"))
                for n in range(5)
                for i, m in enumerate(managers)
            )
        )
        sent = await notices(stores[0])
        assert [n["notification"] for n in sent] == ["triggered"]
        row = await stores[0].get_alert("payment_failed:acme")
        assert row is not None
        assert row.count == 10
    finally:
        for store in stores:
            await store.close()


async def test_an_alert_about_a_destination_is_never_sent_to_it(
    store: SqlStore, clock: FakeClock
) -> None:
    alerts = manager(store, clock)
    about_slack = failing(
        kind=AlertKind.ENGINE_FAILURE,
        rule="destination_failing",
        key="destination_failing:slack",
        shop="",
        title="Destination slack is failing",
        excluded_destinations=("slack",),
    )
    await alerts.sync(about_slack, [Member("failing", "every attempt fails")])
    [event] = await store.list_events(EventFilter(topic="alerts/engine_failure"))
    jobs = await store.list_jobs(JobFilter(event_id=event.id))
    assert [job.destination for job in jobs] == ["ops"]
