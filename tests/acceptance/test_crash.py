"""Kill the engine with SIGKILL mid-delivery: nothing is lost, nothing is recorded twice."""

from __future__ import annotations

import asyncio
import json
import signal
import socket
import subprocess
import sys
from collections.abc import AsyncIterator
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from shopbridge import testing

pytestmark = pytest.mark.slow

SECRET = "crash-secret"
TOKEN = "crash-token"
SHOP = "crash.myshopify.com"


class FlakyReceiver:
    """Answers 503 first, then hangs (so the engine dies mid-delivery), then 200."""

    def __init__(self) -> None:
        self.keys: list[str] = []
        self.answers: list[int] = []
        self.hanging = asyncio.Event()

    async def handle(self, request: web.Request) -> web.Response:
        await request.read()
        self.keys.append(request.headers["Idempotency-Key"])
        n = len(self.keys)
        if n == 1:
            self.answers.append(503)
            return web.Response(status=503, headers={"Retry-After": "0"})
        if n == 2:
            self.hanging.set()
            await asyncio.sleep(3600)
        self.answers.append(200)
        return web.json_response({"ok": True})


@pytest.fixture
async def receiver() -> AsyncIterator[tuple[str, FlakyReceiver]]:
    flaky = FlakyReceiver()
    app = web.Application()
    app.router.add_post("/erp", flaky.handle)
    runner = web.AppRunner(app, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}/erp", flaky
    await runner.cleanup()


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def _write_config(tmp_path: Path, receiver_url: str, port: int, store_url: str) -> Path:
    config = tmp_path / "shopbridge.yaml"
    config.write_text(
        f"""
server: {{host: 127.0.0.1, port: {port}, operator_token: {TOKEN}}}
store: {{url: "{store_url}"}}
workers: {{lease_secs: 2, poll_interval_secs: 0.2, shutdown_grace_secs: 1}}
logging: {{level: info, format: json}}
shops: {{crash: {{domain: {SHOP}, webhook_secret: {SECRET}}}}}
destinations:
  erp:
    url: {receiver_url}
    internal: true
    timeout_secs: 60
    retry: {{max_attempts: 5, initial_secs: 0.1, multiplier: 1, jitter: 0}}
flows:
  orders: {{from: {{shopify: orders/create}}, to: [erp]}}
"""
    )
    return config


def _start(config: Path, log: Path) -> subprocess.Popen[bytes]:
    with log.open("ab") as sink:  # the child keeps its own copy of the descriptor
        return subprocess.Popen(
            [sys.executable, "-m", "shopbridge", "run", "--config", str(config)],
            stdout=sink,
            stderr=subprocess.STDOUT,
            cwd=config.parent,
        )


async def _wait_ready(http: aiohttp.ClientSession, url: str, proc: subprocess.Popen[bytes]) -> None:
    for _ in range(300):
        if proc.poll() is not None:
            raise AssertionError(f"engine exited with {proc.returncode}")
        try:
            async with http.get(f"{url}/readyz") as response:
                if response.status == 200:
                    return
        except aiohttp.ClientError:
            pass
        await asyncio.sleep(0.05)
    raise AssertionError("engine did not become ready")


@pytest.mark.parametrize("store", ["sqlite", pytest.param("postgres", marks=pytest.mark.postgres)])
async def test_sigkill_mid_delivery_loses_nothing(
    store: str,
    tmp_path: Path,
    receiver: tuple[str, FlakyReceiver],
    request: pytest.FixtureRequest,
) -> None:
    receiver_url, flaky = receiver
    if store == "sqlite":
        store_url = f"sqlite:///{tmp_path / 'crash.db'}"
    else:
        store_url = request.getfixturevalue("pg_database")
        from tests.conftest import _truncate

        _truncate(store_url)
    port = _free_port()
    config = _write_config(tmp_path, receiver_url, port, store_url)
    log = tmp_path / "engine.log"
    url = f"http://127.0.0.1:{port}"
    auth = {"Authorization": f"Bearer {TOKEN}"}
    async with aiohttp.ClientSession() as http:
        proc = _start(config, log)
        try:
            await _wait_ready(http, url, proc)
            body = testing.encode(testing.sample_order())
            headers = testing.shopify_webhook_headers(SECRET, "orders/create", SHOP, body)
            async with http.post(f"{url}/webhooks/shopify", data=body, headers=headers) as r:
                assert r.status == 200
                event_id = (await r.json())["event_id"]
            await asyncio.wait_for(flaky.hanging.wait(), 20)
            proc.send_signal(signal.SIGKILL)  # mid-delivery: the second attempt is in flight
            proc.wait(10)
        finally:
            if proc.poll() is None:
                proc.kill()
        proc = _start(config, log)
        try:
            await _wait_ready(http, url, proc)
            for _ in range(400):
                async with http.get(f"{url}/v1/jobs?event_id={event_id}", headers=auth) as r:
                    jobs = (await r.json())["items"]
                if jobs and jobs[0]["status"] == "delivered":
                    break
                await asyncio.sleep(0.05)
            else:
                raise AssertionError(f"not delivered after restart: {jobs}\n{log.read_text()}")
            async with http.get(f"{url}/v1/jobs/{jobs[0]['id']}", headers=auth) as r:
                job = await r.json()
            # Shopify retrying the webhook after the crash changes nothing.
            async with http.post(f"{url}/webhooks/shopify", data=body, headers=headers) as r:
                assert (await r.json())["status"] == "duplicate"
        finally:
            proc.send_signal(signal.SIGTERM)
            assert proc.wait(15) == 0, log.read_text()
    assert len(jobs) == 1
    assert flaky.answers.count(200) == 1
    assert len(set(flaky.keys)) == 1, flaky.keys
    assert len(flaky.keys) == 3
    outcomes = [a["outcome"] for a in job["attempts"]]
    assert outcomes == ["retry", "delivered"], outcomes  # the killed attempt left no record
    assert job["attempt"] == 3
    lines = [json.loads(line) for line in log.read_text().splitlines() if line.startswith("{")]
    assert any(line.get("action") == "jobs_reaped" for line in lines), "the reaper said nothing"
