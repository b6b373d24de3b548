"""The slack, teams and pagerduty destinations against real receivers on loopback."""

from __future__ import annotations

import json
from collections.abc import AsyncIterator

import pytest
from tests.unit.alerts.formatters.notices import notice_body

from shopbridge.config.loader import parse_settings
from shopbridge.demo.receivers import Receiver, ReceiverServer
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Reject, Retry
from shopbridge.sinks import build_sink

KEY = "R0UT1NGKEY0123456789abcdefabcdef"


@pytest.fixture
async def receivers() -> AsyncIterator[tuple[str, dict[str, Receiver]]]:
    found = {name: Receiver(name) for name in ("slack", "teams", "pagerduty")}
    server = ReceiverServer(list(found.values()))
    url = await server.start()
    yield url, found
    await server.stop()


def destinations(url: str) -> dict[str, object]:
    settings = parse_settings(
        f"""
destinations:
  slack: {{type: slack, url: "{url}/slack", internal: true}}
  teams: {{type: teams, url: "{url}/teams", internal: true}}
  pagerduty: {{type: pagerduty, routing_key: {KEY}, url: "{url}/pagerduty", internal: true}}
"""
    )
    return dict(settings.destinations)


def delivery(body: object, topic: str = "alerts/payment_issue") -> Delivery:
    return Delivery(
        job_id=7,
        event_id=3,
        attempt=1,
        idempotency_key="msg_1",
        flow="alerts",
        destination="x",
        topic=topic,
        body=json.dumps(body).encode(),
    )


async def test_each_destination_formats_the_notice_for_its_receiver(
    receivers: tuple[str, dict[str, Receiver]],
) -> None:
    url, seen = receivers
    for name, config in destinations(url).items():
        sink = build_sink(name, config)  # type: ignore[arg-type]
        try:
            outcome = await sink.deliver(delivery(notice_body()))
        finally:
            await sink.close()
        assert isinstance(outcome, Delivered), outcome
    assert seen["slack"].seen[0].json["blocks"][0]["type"] == "header"
    assert seen["teams"].seen[0].json["type"] == "message"
    assert seen["pagerduty"].seen[0].json["event_action"] == "trigger"
    assert seen["pagerduty"].seen[0].json["routing_key"] == KEY


async def test_a_body_already_in_the_receivers_format_is_sent_as_is(
    receivers: tuple[str, dict[str, Receiver]],
) -> None:
    url, seen = receivers
    configs = destinations(url)
    slack = build_sink("slack", configs["slack"])  # type: ignore[arg-type]
    pagerduty = build_sink("pagerduty", configs["pagerduty"])  # type: ignore[arg-type]
    try:
        await slack.deliver(delivery({"text": "hello from a mapped flow"}, "orders/create"))
        event = {"event_action": "trigger", "payload": {"summary": "s", "source": "x"}}
        await pagerduty.deliver(delivery(event, "orders/create"))
    finally:
        await slack.close()
        await pagerduty.close()
    assert seen["slack"].seen[0].json == {"text": "hello from a mapped flow"}
    assert seen["pagerduty"].seen[0].json["routing_key"] == KEY


async def test_anything_else_is_refused_with_a_reason(
    receivers: tuple[str, dict[str, Receiver]],
) -> None:
    url, seen = receivers
    sink = build_sink("teams", destinations(url)["teams"])  # type: ignore[arg-type]
    try:
        outcome = await sink.deliver(delivery({"id": 1, "total_price": "3.00"}, "orders/create"))
    finally:
        await sink.close()
    assert isinstance(outcome, Reject)
    assert "takes alert notices" in outcome.reason
    assert "orders/create" in outcome.reason
    assert seen["teams"].seen == []


async def test_secrets_stay_out_of_the_attempt_record_and_429_is_retried(
    receivers: tuple[str, dict[str, Receiver]],
) -> None:
    url, seen = receivers
    seen["pagerduty"].fail_with, seen["pagerduty"].fail_times = 429, 1
    configs = destinations(url)
    pagerduty = build_sink("pagerduty", configs["pagerduty"])  # type: ignore[arg-type]
    slack = build_sink("slack", configs["slack"])  # type: ignore[arg-type]
    try:
        throttled = await pagerduty.deliver(delivery(notice_body()))
        posted = await slack.deliver(delivery(notice_body()))
    finally:
        await pagerduty.close()
        await slack.close()
    assert isinstance(throttled, Retry)
    assert throttled.status_code == 429
    assert KEY not in json.dumps(throttled.exchange.request)
    assert "/slack" not in json.dumps(posted.exchange.request)
    assert posted.exchange.request["url"].endswith("/***")
