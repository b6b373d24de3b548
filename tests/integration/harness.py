"""Start a real engine (uvicorn on loopback, real store) and real receivers for a test."""

from __future__ import annotations

import asyncio
import contextlib
import socket
from collections.abc import AsyncIterator
from dataclasses import dataclass
from typing import Any

import aiohttp

from shopbridge import testing
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.demo.receivers import Receiver, ReceiverServer
from shopbridge.runner import run_forever
from shopbridge.server import bind_socket

SHOP = "acme.myshopify.com"
SECRET = "shpss_current_secret"
PREVIOUS_SECRET = "shpss_previous_secret"
TOKEN = "operator-token-for-tests"
SIGNING_SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw"


def settings_for(store_url: str, receivers_url: str, extra: str = "", **overrides: Any) -> Settings:
    retry = overrides.get(
        "retry", "{max_attempts: 3, initial_secs: 0.05, multiplier: 2, jitter: 0}"
    )
    text = f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}, max_body_bytes: 4096}}
store: {{url: "{store_url}"}}
workers: {{concurrency: 16, lease_secs: 5, poll_interval_secs: 0.2, shutdown_grace_secs: 2}}
shops:
  acme: {{domain: {SHOP}, webhook_secret: {SECRET}, previous_webhook_secret: {PREVIOUS_SECRET}}}
sources:
  erp: {{}}
destinations:
  erp:
    url: {receivers_url}/erp
    internal: true
    signing_secret: {SIGNING_SECRET}
    retry: {retry}
  wms:
    url: {receivers_url}/wms
    internal: true
    retry: {retry}
flows:
  orders_to_erp:
    from: {{shopify: [orders/create, orders/updated]}}
    map: '{{"order_id": $string(id), "name": name, "total": $number(total_price)}}'
    to: [erp]
  paid_to_wms:
    from: {{shopify: orders/create}}
    filter: financial_status = "paid"
    to: [wms]
  stock_to_wms:
    from: {{source: erp}}
    ordering_key: sku
    to: [wms]
{extra}
"""
    return parse_settings(text)


@dataclass
class Engine:
    url: str
    settings: Settings
    stop: asyncio.Event
    task: asyncio.Task[None]
    http: aiohttp.ClientSession

    async def webhook(
        self,
        topic: str,
        payload: Any,
        webhook_id: str,
        *,
        secret: str = SECRET,
        shop: str = SHOP,
        raw: bytes | None = None,
        headers: dict[str, str] | None = None,
        prefixed: bool = True,
    ) -> tuple[int, Any]:
        body = raw if raw is not None else testing.encode(payload)
        sent = testing.shopify_webhook_headers(
            secret, topic, shop, body, webhook_id=webhook_id, prefixed=prefixed
        )
        if headers is not None:
            sent = headers
        async with self.http.post(f"{self.url}/webhooks/shopify", data=body, headers=sent) as r:
            return r.status, await r.json(content_type=None)

    async def api(self, method: str, path: str, *, token: str = TOKEN, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {token}", **kwargs.pop("headers", {})}
        async with self.http.request(method, f"{self.url}{path}", headers=headers, **kwargs) as r:
            return r.status, await r.json(content_type=None)

    async def wait_for(self, path: str, check: Any, timeout: float = 10.0) -> Any:
        deadline = asyncio.get_running_loop().time() + timeout
        while True:
            status, body = await self.api("GET", path)
            if status == 200 and check(body):
                return body
            if asyncio.get_running_loop().time() > deadline:
                raise AssertionError(f"timed out waiting on {path}: last {status} {body}")
            await asyncio.sleep(0.05)


async def start_engine(
    settings: Settings, sock: socket.socket, stop: asyncio.Event, **kwargs: Any
) -> asyncio.Task[None]:
    """The engine serving on ``sock`` until ``stop`` is set, once it is ready.

    If it ends before it is ready, what it raised is raised here.
    """
    ready = asyncio.Event()
    task = asyncio.create_task(
        run_forever(
            settings,
            sock=sock,
            stop=stop,
            on_ready=lambda _: ready.set(),
            configure_logs=False,
            **kwargs,
        )
    )
    waiter = asyncio.create_task(ready.wait())
    await asyncio.wait([waiter, task], return_when=asyncio.FIRST_COMPLETED)
    if task.done():
        waiter.cancel()
        await task
    return task


@contextlib.asynccontextmanager
async def running_engine(settings: Settings, **kwargs: Any) -> AsyncIterator[Engine]:
    sock = bind_socket("127.0.0.1", 0)
    stop = asyncio.Event()
    task = await start_engine(settings, sock, stop, **kwargs)
    http = aiohttp.ClientSession()
    engine = Engine(f"http://127.0.0.1:{sock.getsockname()[1]}", settings, stop, task, http)
    try:
        yield engine
    finally:
        stop.set()
        await task
        await http.close()


@contextlib.asynccontextmanager
async def receivers(
    *names: str, signing: dict[str, str] | None = None
) -> AsyncIterator[tuple[str, dict[str, Receiver]]]:
    found = {n: Receiver(n, signing_secret=(signing or {}).get(n)) for n in names}
    server = ReceiverServer(list(found.values()))
    url = await server.start()
    try:
        yield url, found
    finally:
        await server.stop()
