"""The HTTP sink against real HTTP servers on loopback: no mocks between us and the socket."""

from __future__ import annotations

import asyncio
import socket
from collections.abc import AsyncIterator, Callable
from dataclasses import dataclass, field
from typing import Any

import pytest
from aiohttp import web
from aiohttp.test_utils import TestServer
from standardwebhooks.webhooks import Webhook

from shopbridge.config.schema import HttpDestination
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.outcomes import Delivered, Outcome, Reject, Retry
from shopbridge.sinks import HttpSink, Sink, build_sink
from shopbridge.types import JSONObject

SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"
BIG_BODY = b"y" * (200 * 1024)


@dataclass
class Seen:
    path: str
    headers: dict[str, str]
    body: bytes


@dataclass
class Receiver:
    """A real aiohttp server on 127.0.0.1 that records every request it gets."""

    url: str
    port: int
    seen: list[Seen] = field(default_factory=list)
    in_flight: int = 0
    most_in_flight: int = 0

    def paths(self) -> list[str]:
        return [s.path for s in self.seen]


@pytest.fixture
async def receiver() -> AsyncIterator[Receiver]:
    release = asyncio.Event()  # lets slow handlers finish at teardown
    state: dict[str, Receiver] = {}

    async def record(request: web.Request) -> None:
        body = await request.read()
        state["r"].seen.append(Seen(request.path, dict(request.headers), body))

    async def ok(request: web.Request) -> web.Response:
        await record(request)
        return web.json_response({"ok": True})

    async def busy(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(status=503, text="maintenance", headers={"Retry-After": "1.5"})

    async def bad(request: web.Request) -> web.Response:
        await record(request)
        return web.json_response({"error": "missing field sku"}, status=400)

    async def moved(request: web.Request) -> web.Response:
        await record(request)
        raise web.HTTPFound("/ok")

    async def slow(request: web.Request) -> web.Response:
        await record(request)
        await release.wait()
        return web.json_response({"ok": True})

    async def big(request: web.Request) -> web.Response:
        await record(request)
        return web.Response(body=BIG_BODY, content_type="text/plain")

    async def gate(request: web.Request) -> web.Response:
        receiver = state["r"]
        receiver.in_flight += 1
        receiver.most_in_flight = max(receiver.most_in_flight, receiver.in_flight)
        try:
            await record(request)
            await asyncio.sleep(0.05)
        finally:
            receiver.in_flight -= 1
        return web.json_response({"ok": True})

    app = web.Application()
    for path, handler in {
        "/ok": ok,
        "/busy": busy,
        "/bad": bad,
        "/moved": moved,
        "/slow": slow,
        "/big": big,
        "/gate": gate,
    }.items():
        app.router.add_route("*", path, handler)
    server = TestServer(app, host="127.0.0.1")
    await server.start_server()
    assert server.port is not None
    state["r"] = Receiver(url=f"http://127.0.0.1:{server.port}", port=server.port)
    try:
        yield state["r"]
    finally:
        release.set()
        await server.close()


SinkFactory = Callable[..., Sink]


@pytest.fixture
async def make_sink() -> AsyncIterator[SinkFactory]:
    sinks: list[Sink] = []

    def make(url: str, **fields: Any) -> Sink:
        config = HttpDestination.model_validate({"url": url, "internal": True, **fields})
        sink = build_sink("erp", config)
        sinks.append(sink)
        return sink

    yield make
    for sink in sinks:
        await sink.close()


def _delivery(**changes: Any) -> Delivery:
    fields: dict[str, Any] = {
        "job_id": 7,
        "event_id": 42,
        "attempt": 1,
        "idempotency_key": "sb-job-7",
        "flow": "orders_to_erp",
        "destination": "erp",
        "topic": "orders/create",
        "body": b'{"id":5678901234567890123,"name":"#1001"}',
        "shop_domain": "acme.myshopify.com",
    }
    return Delivery(**(fields | changes))


def _response(outcome: Outcome) -> JSONObject:
    response = outcome.exchange.response
    assert response is not None
    return response


async def test_200_is_delivered_with_the_exchange_recorded(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    outcome = await make_sink(f"{receiver.url}/ok").deliver(_delivery())
    assert isinstance(outcome, Delivered)
    assert outcome.status_code == 200
    assert outcome.duration_secs > 0
    assert _response(outcome)["status"] == 200
    assert _response(outcome)["body"] == '{"ok": true}'
    assert outcome.exchange.request["url"] == f"{receiver.url}/ok"
    assert receiver.paths() == ["/ok"]


async def test_503_with_retry_after_is_retried_when_the_receiver_asks(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    outcome = await make_sink(f"{receiver.url}/busy").deliver(_delivery())
    assert isinstance(outcome, Retry)
    assert outcome.status_code == 503
    assert outcome.after_secs == 1.5
    assert outcome.reason == "HTTP 503 from 127.0.0.1: maintenance"


async def test_400_is_rejected_with_the_receivers_words(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    outcome = await make_sink(f"{receiver.url}/bad").deliver(_delivery())
    assert isinstance(outcome, Reject)
    assert outcome.status_code == 400
    assert "missing field sku" in outcome.reason


async def test_302_is_rejected_and_not_followed(receiver: Receiver, make_sink: SinkFactory) -> None:
    outcome = await make_sink(f"{receiver.url}/moved").deliver(_delivery())
    assert isinstance(outcome, Reject)
    assert outcome.status_code == 302
    assert "redirects are not followed" in outcome.reason
    assert receiver.paths() == ["/moved"]  # /ok was never asked


async def test_slow_receiver_times_out_and_is_retried(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    outcome = await make_sink(f"{receiver.url}/slow", timeout_secs=0.3).deliver(_delivery())
    assert isinstance(outcome, Retry)
    assert outcome.reason == "timed out after 0.3 s (127.0.0.1)"
    assert 0.25 < outcome.duration_secs < 5


async def test_connection_refused_is_retried(make_sink: SinkFactory) -> None:
    with socket.socket() as probe:  # a port nobody listens on
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    outcome = await make_sink(f"http://127.0.0.1:{port}/ok").deliver(_delivery())
    assert isinstance(outcome, Retry)
    assert outcome.reason.startswith(f"could not connect to 127.0.0.1:{port}")
    assert outcome.exchange.response is None
    assert outcome.exchange.request["method"] == "POST"


async def test_receiver_sees_idempotency_key_auth_and_a_valid_signature(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    sink = make_sink(
        f"{receiver.url}/ok",
        auth={"type": "bearer", "token": "erp-token-1"},
        signing_secret=SECRET,
        headers={"X-Tenant": "eu-1"},
    )
    first = await sink.deliver(_delivery())
    second = await sink.deliver(_delivery(attempt=2))
    assert isinstance(first, Delivered)
    assert isinstance(second, Delivered)
    for attempt, seen in enumerate(receiver.seen, start=1):
        assert seen.headers["Idempotency-Key"] == "sb-job-7"
        assert seen.headers["webhook-id"] == "sb-job-7"
        assert seen.headers["Authorization"] == "Bearer erp-token-1"
        assert seen.headers["X-Tenant"] == "eu-1"
        assert seen.headers["X-Shopbridge-Attempt"] == str(attempt)
        assert seen.headers["X-Shopbridge-Topic"] == "orders/create"
        assert seen.headers["X-Shopbridge-Shop-Domain"] == "acme.myshopify.com"
        assert seen.headers["Content-Type"] == "application/json"
        assert seen.headers["User-Agent"].startswith("shopbridge/")
        assert seen.body == _delivery().body
        Webhook(SECRET).verify(seen.body, seen.headers)
    recorded = str(first.exchange.request)
    assert "erp-token-1" not in recorded
    assert seen.headers["webhook-signature"] not in recorded


async def test_loopback_literal_is_blocked_for_a_public_destination(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    outcome = await make_sink(f"{receiver.url}/ok", internal=False).deliver(_delivery())
    assert isinstance(outcome, Reject)
    assert outcome.reason.startswith("refused to connect to 127.0.0.1 at 127.0.0.1")
    assert "loopback" in outcome.reason
    assert "internal: true" in outcome.reason
    assert receiver.seen == []


async def test_numeric_spelling_of_loopback_is_blocked_too(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    url = f"http://2130706433:{receiver.port}/ok"
    outcome = await make_sink(url, internal=False).deliver(_delivery())
    assert isinstance(outcome, Reject)
    assert "refused to connect to 2130706433 at 127.0.0.1" in outcome.reason
    assert receiver.seen == []


async def test_name_resolving_to_loopback_is_blocked_at_connect_time(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    url = f"http://localhost:{receiver.port}/ok"
    outcome = await make_sink(url, internal=False).deliver(_delivery())
    assert isinstance(outcome, Reject)
    # The name passes the pre-request check; the guard's resolver refuses what DNS returned.
    assert outcome.reason.startswith("refused to connect to localhost at ")
    assert "loopback" in outcome.reason
    assert receiver.seen == []


async def test_internal_destination_may_use_a_name(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    sink = make_sink(f"http://localhost:{receiver.port}/ok")
    outcome = await sink.deliver(_delivery())
    if isinstance(outcome, Retry) and "could not connect" in outcome.reason:
        pytest.skip("localhost resolves to an address the server is not bound to (::1 only)")
    assert isinstance(outcome, Delivered)


async def test_large_answer_is_read_only_up_to_the_cap(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    sink = make_sink(f"{receiver.url}/big")
    outcome = await sink.deliver(_delivery())
    assert isinstance(outcome, Delivered)
    response = _response(outcome)
    assert response["body_truncated"] is True
    assert response["body"] == "y" * 4096
    assert isinstance(await sink.deliver(_delivery(attempt=2)), Delivered)


async def test_max_in_flight_caps_concurrent_requests(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    sink = make_sink(f"{receiver.url}/gate", max_in_flight=2)
    outcomes = await asyncio.gather(*(sink.deliver(_delivery(job_id=n)) for n in range(6)))
    assert all(isinstance(o, Delivered) for o in outcomes)
    assert receiver.most_in_flight == 2


async def test_closed_sink_retries_instead_of_sending(
    receiver: Receiver, make_sink: SinkFactory
) -> None:
    sink = make_sink(f"{receiver.url}/ok")
    assert isinstance(sink, HttpSink)
    await sink.close()
    outcome = await sink.deliver(_delivery())
    assert isinstance(outcome, Retry)
    assert "closed" in outcome.reason
    assert receiver.seen == []
