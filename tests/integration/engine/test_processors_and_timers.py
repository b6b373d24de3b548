"""Processors and durable timers in a running engine: derived events reach user flows."""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Sequence
from pathlib import Path

import pytest

from shopbridge.app import App
from shopbridge.engine import events, processors
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Exchange, Outcome
from shopbridge.engine.timers import Schedule, set_timer
from shopbridge.store.sql import SqlStore
from tests.integration.harness import receivers, running_engine, settings_for

FOLLOW_UP = "test/follow_up"
TICK = "test/tick"
EXTRA = f"""
  follow_ups:
    from: {{events: [{FOLLOW_UP}, {TICK}]}}
    to: [erp]
"""


class FollowUps:
    """A processor for the test: each order sets a timer that fires a follow-up event."""

    name = "follow_ups"
    shopify_topics: Sequence[str] = ("orders/create",)
    event_topics: Sequence[str] = ()
    max_in_flight = 4

    def __init__(self, app: App, delay: float, every: float | None) -> None:
        self.app = app
        self.delay = delay
        self.schedules = [Schedule("test-tick", TICK, every, shop="acme")] if every else []
        self.seen: list[str] = []

    async def deliver(self, delivery: Delivery) -> Outcome:
        order = json.loads(delivery.body)
        self.seen.append(delivery.topic)
        now = time.time()
        await set_timer(
            self.app.store,
            f"follow-up:{delivery.source}:{order['id']}",
            FOLLOW_UP,
            now + self.delay,
            {"order_id": order["id"], "shop": delivery.source},
            shop=delivery.source,
            now=now,
        )
        return Delivered(status_code=200, exchange=Exchange(), duration_secs=0.0)

    async def close(self) -> None:
        return None


class Registry:
    """Registers the test processor; ``made`` holds the instances the app built."""

    def __init__(self) -> None:
        self.made: list[FollowUps] = []

    def register(self, delay: float, every: float | None = None) -> None:
        def factory(app: App) -> FollowUps:
            self.made.append(FollowUps(app, delay, every))
            return self.made[-1]

        processors.PROCESSOR_FACTORIES.append(factory)


@pytest.fixture
def follow_ups(monkeypatch: pytest.MonkeyPatch) -> Registry:
    monkeypatch.setitem(events.ENGINE_TOPICS, FOLLOW_UP, "a test follow-up")
    monkeypatch.setitem(events.ENGINE_TOPICS, TICK, "a test tick")
    monkeypatch.setattr(processors, "PROCESSOR_FACTORIES", [])
    return Registry()


async def until(check: object, timeout: float = 10.0) -> None:
    deadline = time.monotonic() + timeout
    while not check():  # type: ignore[operator]
        if time.monotonic() > deadline:
            raise AssertionError("timed out")
        await asyncio.sleep(0.05)


async def test_a_processor_timer_fires_an_engine_event_to_a_user_flow(
    sqlite_url: str, follow_ups: Registry
) -> None:
    follow_ups.register(delay=0.2)
    async with receivers("erp", "wms") as (url, got):
        settings = settings_for(sqlite_url, url, extra=EXTRA)
        async with running_engine(settings) as engine:
            status, _ = await engine.webhook("orders/create", {"id": 42, "total_price": "1"}, "w1")
            assert status == 200
            status, _ = await engine.webhook("orders/create", {"id": 42, "total_price": "1"}, "w1")
            assert status == 200  # a duplicate: processed once, so one timer, one follow-up
            await until(
                lambda: any(
                    r.headers.get("x-shopbridge-topic") == FOLLOW_UP for r in got["erp"].delivered
                )
            )
            await asyncio.sleep(0.5)
    follow = [r for r in got["erp"].delivered if r.headers.get("x-shopbridge-topic") == FOLLOW_UP]
    assert [json.loads(r.body) for r in follow] == [{"order_id": 42, "shop": "acme"}]
    assert follow_ups.made[0].seen == ["orders/create"]


async def test_a_timer_set_before_a_restart_fires_after_it(
    sqlite_url: str, follow_ups: Registry, tmp_path: Path
) -> None:
    follow_ups.register(delay=60.0)
    async with receivers("erp", "wms") as (url, got):
        settings = settings_for(sqlite_url, url, extra=EXTRA)
        async with running_engine(settings) as engine:
            await engine.webhook("orders/create", {"id": 7, "total_price": "1"}, "w7")
            await until(lambda: bool(follow_ups.made and follow_ups.made[0].seen))
        store = SqlStore(sqlite_url)
        try:
            armed = await store.get_timer("follow-up:acme:7")
            assert armed is not None  # survived the stop
            await set_timer(
                store,
                armed.name,
                armed.topic,
                time.time() + 0.3,
                json.loads(armed.payload),
                shop="acme",
                now=time.time(),
            )
        finally:
            await store.close()
        async with running_engine(settings):
            await until(
                lambda: any(
                    r.headers.get("x-shopbridge-topic") == FOLLOW_UP for r in got["erp"].delivered
                )
            )
    follow = [r for r in got["erp"].delivered if r.headers.get("x-shopbridge-topic") == FOLLOW_UP]
    assert [json.loads(r.body)["order_id"] for r in follow] == [7]


async def test_a_schedule_fires_again_and_again(sqlite_url: str, follow_ups: Registry) -> None:
    follow_ups.register(delay=60.0, every=0.2)
    async with receivers("erp", "wms") as (url, got):
        settings = settings_for(sqlite_url, url, extra=EXTRA)
        async with running_engine(settings):
            await until(
                lambda: (
                    sum(r.headers.get("x-shopbridge-topic") == TICK for r in got["erp"].delivered)
                    >= 3
                )
            )


async def test_a_flow_naming_an_unknown_engine_event_is_a_config_error(
    sqlite_url: str,
) -> None:
    from shopbridge import errors
    from shopbridge.engine.flows import compile_flows

    settings = settings_for(
        sqlite_url,
        "http://127.0.0.1:9",
        extra="""
  nope:
    from: {events: [no/such_event]}
    to: [erp]
""",
    )
    with pytest.raises(errors.ConfigError) as caught:
        compile_flows(settings)
    assert "flows.nope.from.events.0" in str(caught.value.problems)
