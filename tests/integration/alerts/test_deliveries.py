"""The scheduled check of dead letters on a real store and a fake clock: a storm of dead jobs
is one alert with its count, a dead notice is never alerted again, a replay resolves."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.alerts.processor import AlertsProcessor
from shopbridge.alerts.rules.deliveries import DeliveryRules
from shopbridge.app import App
from shopbridge.config.loader import parse_settings
from shopbridge.store.base import EventFilter, JobFilter, JobStatus, NewEvent, NewJob
from tests.conftest import FakeClock


@pytest.fixture
async def app(sqlite_url: str, clock: FakeClock) -> AsyncIterator[App]:
    settings = parse_settings(
        f"""
store: {{url: "{sqlite_url}"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s}}
destinations:
  erp: {{url: "https://erp.example.com/hooks"}}
  ops: {{url: "https://ops.example.com/alerts"}}
alerts: {{check_interval_secs: 10}}
flows:
  engine_alerts:
    from: {{events: [alerts/engine_failure, alerts/order_failure]}}
    to: [ops, erp]
"""
    )
    built = App.build(settings, clock=clock)
    yield built
    await built.close()


def deliveries(app: App) -> DeliveryRules:
    processor = app.processors["alerts"]
    assert isinstance(processor, AlertsProcessor)
    return next(rule for rule in processor.rules if isinstance(rule, DeliveryRules))


async def dead_job(app: App, topic: str, n: int) -> int:
    event = await app.store.append_event(
        NewEvent("shopify", "acme", topic, b"{}", app.clock(), dedupe_key=f"{topic}-{n}"), []
    )
    job = NewJob(flow="to_erp", destination="erp", idempotency_key=f"k{topic}{n}")
    dead = await app.store.add_dead_job(event.event_id, job, "HTTP 500 from erp", 500, app.clock())
    return dead.id


async def notices(app: App) -> list[dict[str, Any]]:
    found = await app.store.list_events(EventFilter(topic="alerts/engine_failure"))
    bodies = [json.loads(event.body) for event in reversed(found)]
    return [body for body in bodies if "notification" in body]


async def test_a_storm_of_dead_letters_is_one_alert_with_its_count(
    app: App, clock: FakeClock
) -> None:
    check = deliveries(app)
    await check.check()  # the first check sets the watermark
    jobs = [await dead_job(app, "customers/create", n) for n in range(5)]
    clock.advance(5)  # past the allowance for late commits
    await check.check()
    [fired] = await notices(app)
    assert (fired["notification"], fired["count"], fired["title"]) == (
        "triggered",
        5,
        "Dead letters for erp",
    )
    assert fired["members"] == [f"customers/create job {j}: HTTP 500 from erp" for j in jobs]
    [event] = await app.store.list_events(
        EventFilter(source_kind="shopbridge", topic="alerts/engine_failure")
    )
    sent_to = [job.destination for job in await app.store.list_jobs(JobFilter(event_id=event.id))]
    assert sent_to == ["ops"]  # never to the destination it is about
    clock.advance(10)
    await check.check()
    assert len(await notices(app)) == 1  # the same dead letters are not news twice


async def test_a_dead_notice_is_not_alerted_and_a_replay_resolves(
    app: App, clock: FakeClock
) -> None:
    check = deliveries(app)
    await check.check()
    await dead_job(app, "customers/update", 1)
    await dead_job(app, "alerts/engine_failure", 2)  # a notice Slack would not take
    clock.advance(5)
    await check.check()
    [fired] = await notices(app)
    assert fired["count"] == 1
    for job in await app.store.list_jobs(JobFilter(destination="erp", status=JobStatus.DEAD)):
        await app.store.replay_job(job.id, clock())  # the operator replays them
    clock.advance(5)
    await check.check()
    assert [n["notification"] for n in await notices(app)] == ["triggered", "resolved"]
