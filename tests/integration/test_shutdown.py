"""Graceful shutdown: in-flight deliveries finish or go back to the queue, never vanish."""

from __future__ import annotations

import asyncio
from collections.abc import AsyncIterator

import pytest
from aiohttp import web

from shopbridge import testing
from shopbridge.store.base import JobFilter, JobStatus
from shopbridge.store.sql import SqlStore
from tests.integration.harness import running_engine, settings_for


@pytest.fixture
async def hanging_receiver() -> AsyncIterator[tuple[str, asyncio.Event]]:
    arrived = asyncio.Event()

    async def hang(request: web.Request) -> web.Response:
        await request.read()
        arrived.set()
        await asyncio.sleep(3600)
        return web.Response()

    app = web.Application()
    app.router.add_post("/{name}", hang)
    runner = web.AppRunner(app, handler_cancellation=True)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    yield f"http://127.0.0.1:{port}", arrived
    await runner.cleanup()


async def test_stop_releases_deliveries_that_did_not_finish(
    sqlite_url: str, hanging_receiver: tuple[str, asyncio.Event]
) -> None:
    url, arrived = hanging_receiver
    settings = settings_for(sqlite_url, url, retry="{max_attempts: 3, initial_secs: 60}")
    async with running_engine(settings) as engine:
        status, _ = await engine.webhook("orders/updated", testing.sample_order(), "w-stop")
        assert status == 200
        await asyncio.wait_for(arrived.wait(), 10)
        # leaving the block sends the stop; grace is 2 s, the receiver never answers
    store = SqlStore(sqlite_url)
    try:
        (job,) = await store.list_jobs(JobFilter())
    finally:
        await store.close()
    assert job.status is JobStatus.QUEUED
    assert job.attempt == 0  # the interrupted attempt is given back, not spent
    assert job.lease_owner is None
