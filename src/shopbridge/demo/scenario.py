"""The demo scenario: a Shopify webhook travels to an ERP and a WMS, signed and verified;
a duplicate is ignored, a forged one refused; a broken ERP is retried, dead-lettered and
replayed. Everything runs locally; a summary says what travelled where.
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import secrets
import socket
import time
from collections.abc import Awaitable, Callable
from pathlib import Path
from typing import Any

import aiohttp
from rich.console import Console
from rich.table import Table

from shopbridge import testing
from shopbridge.config.loader import parse_settings
from shopbridge.demo.receivers import Receiver, ReceiverServer
from shopbridge.observability.logging import configure_logging
from shopbridge.runner import run_forever
from shopbridge.server import bind_socket

SHOP_DOMAIN = "demo-shop.myshopify.com"
STEP_TIMEOUT_SECS = 20.0

CONFIG = """\
# Written by `shopbridge demo`. Run it yourself with: shopbridge run --config {path}
version: 1
server:
  host: 127.0.0.1
  port: {port}
  operator_token: "{operator_token}"
store:
  url: sqlite:///{db}
logging:
  level: warning
  format: console
shops:
  demo:
    domain: {shop}
    webhook_secret: "{webhook_secret}"
destinations:
  erp:
    url: {receivers}/erp
    internal: true
    signing_secret: "{signing_secret}"
    retry: {{max_attempts: 3, initial_secs: 0.5, multiplier: 2}}
  wms:
    url: {receivers}/wms
    internal: true
    retry: {{max_attempts: 5, initial_secs: 0.5, multiplier: 2}}
flows:
  orders_to_erp:
    from: {{shopify: [orders/create, orders/updated]}}
    map: |
      {{
        "order_id": id,
        "name": name,
        "customer_email": email,
        "total": $number(total_price),
        "currency": currency,
        "lines": [line_items.{{"sku": sku, "quantity": quantity, "unit_price": $number(price)}}]
      }}
    to: [erp]
  paid_orders_to_wms:
    from: {{shopify: orders/create}}
    filter: financial_status = "paid"
    to: [wms]
"""


class Demo:
    def __init__(self, console: Console, engine_url: str, token: str, secret: str) -> None:
        self.console = console
        self.engine_url = engine_url
        self.token = token
        self.secret = secret
        self.http = aiohttp.ClientSession()

    async def send_webhook(
        self, topic: str, payload: dict[str, Any], webhook_id: str, secret: str | None = None
    ) -> tuple[int, dict[str, Any]]:
        body = testing.encode(payload)
        headers = testing.shopify_webhook_headers(
            secret or self.secret, topic, SHOP_DOMAIN, body, webhook_id=webhook_id
        )
        async with self.http.post(
            f"{self.engine_url}/webhooks/shopify", data=body, headers=headers
        ) as response:
            return response.status, await response.json(content_type=None)

    async def api(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {"Authorization": f"Bearer {self.token}"}
        async with self.http.request(
            method, f"{self.engine_url}{path}", headers=headers, **kwargs
        ) as response:
            response.raise_for_status()
            return await response.json()

    async def close(self) -> None:
        await self.http.close()


async def _until(check: Callable[[], Awaitable[bool]], what: str) -> None:
    deadline = time.monotonic() + STEP_TIMEOUT_SECS
    while time.monotonic() < deadline:
        if await check():
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"demo step timed out: {what}")


def _free(port: int) -> bool:
    with socket.socket() as probe:
        return probe.connect_ex(("127.0.0.1", port)) != 0


def _fresh_folder(data: Path) -> None:
    data.mkdir(parents=True, exist_ok=True)
    for leftover in data.glob("shopbridge.db*"):
        leftover.unlink()


async def run_demo(data: Path, *, port: int = 8080, once: bool = False, console: Console) -> None:
    _fresh_folder(data)
    erp = Receiver(
        "erp", signing_secret="whsec_" + base64.b64encode(secrets.token_bytes(24)).decode()
    )
    wms = Receiver("wms")
    receivers = ReceiverServer([erp, wms])
    receivers_url = await receivers.start()
    if port and not _free(port):
        console.print(f"[yellow]port {port} is busy; using a free port instead[/]")
        port = 0
    sock = bind_socket("127.0.0.1", port)
    port = sock.getsockname()[1]
    webhook_secret = secrets.token_hex(16)
    operator_token = secrets.token_urlsafe(18)
    config_path = data / "shopbridge.yaml"
    config_path.write_text(
        CONFIG.format(
            path=config_path,
            port=port,
            operator_token=operator_token,
            db=(data / "shopbridge.db").resolve(),
            shop=SHOP_DOMAIN,
            webhook_secret=webhook_secret,
            receivers=receivers_url,
            signing_secret=erp.signing_secret,
        ),
        encoding="utf-8",
    )
    settings = parse_settings(config_path.read_text(), source=str(config_path))
    # The engine's own log goes to a file so the story on screen stays readable.
    log_path = data / "engine.log"
    log_file = log_path.open("a", encoding="utf-8")
    configure_logging("info", "json", stream=log_file)
    stop = asyncio.Event()
    ready = asyncio.Event()
    engine = asyncio.create_task(
        run_forever(
            settings, sock=sock, stop=stop, on_ready=lambda _: ready.set(), configure_logs=False
        )
    )
    await asyncio.wait(
        [asyncio.create_task(ready.wait()), engine], return_when=asyncio.FIRST_COMPLETED
    )
    if engine.done():
        await engine  # raises the start-up error
    engine_url = f"http://127.0.0.1:{port}"
    console.rule("[bold]shopbridge demo")
    console.print(
        f"engine   {engine_url}  (API docs {engine_url}/docs, metrics {engine_url}/metrics)"
    )
    console.print(f"receivers {receivers_url}/erp and /wms (sample ERP and WMS)")
    console.print(f"config   {config_path}")
    console.print(f"log      {log_path} (JSON lines)")
    demo = Demo(console, engine_url, operator_token, webhook_secret)
    try:
        await _scenario(demo, erp, wms)
        if not once:
            console.print(
                f"\n[bold]Still serving.[/] Try: curl -H 'Authorization: Bearer {operator_token}' "
                f"{engine_url}/v1/jobs   — Ctrl-C to stop."
            )
            await engine
    finally:
        stop.set()
        with contextlib.suppress(Exception):
            await engine
        await demo.close()
        await receivers.stop()
        log_file.close()


async def _scenario(demo: Demo, erp: Receiver, wms: Receiver) -> None:
    say = demo.console.print
    order = testing.sample_order()

    say("\n[bold]1.[/] Shopify sends orders/create (signed with the app secret)")
    status, body = await demo.send_webhook("orders/create", order, "wh-0001")
    say(
        f"   engine answered {status} {body['status']}: event {body['event_id']}, "
        f"{body['jobs']} deliveries queued"
    )
    await _until(
        lambda: _ready(len(erp.delivered) == 1 and len(wms.delivered) == 1), "first delivery"
    )
    erp_got = erp.delivered[0]
    say(
        f"   ERP received the mapped order {erp_got.json['name']} "
        f"(total {erp_got.json['total']} {erp_got.json['currency']}, "
        f"{len(erp_got.json['lines'])} lines), signature valid: {erp_got.signature_valid}"
    )
    say(f"   WMS received Shopify's payload as is ({len(wms.delivered[0].body)} bytes)")

    say("\n[bold]2.[/] Shopify retries the same delivery (same webhook id)")
    status, body = await demo.send_webhook("orders/create", order, "wh-0001")
    say(f"   engine answered {status} {body['status']}: nothing new is delivered")

    say("\n[bold]3.[/] Someone forges a webhook with the wrong secret")
    status, body = await demo.send_webhook("orders/create", order, "wh-forged", secret="wrong")  # noqa: S106 - a forged webhook on purpose
    say(f"   engine answered {status}: {body['detail']}")

    say("\n[bold]4.[/] The ERP goes down (answers 503) and the order is updated")
    erp.fail_with, erp.fail_times = 503, -1
    updated = testing.sample_order(updated_at="2026-11-28T10:00:00-05:00")
    updated["note"] = "gift wrap"
    status, body = await demo.send_webhook("orders/updated", updated, "wh-0002")
    event = await demo.api("GET", f"/v1/events/{body['event_id']}")
    job_id = event["jobs"][0]["id"]

    async def dead() -> bool:
        job = await demo.api("GET", f"/v1/jobs/{job_id}")
        return bool(job["status"] == "dead")

    await _until(dead, "dead letter")
    job = await demo.api("GET", f"/v1/jobs/{job_id}")
    for attempt in job["attempts"]:
        say(f"   attempt {attempt['attempt']}: {attempt['outcome']} — {attempt['reason']}")
    letters = await demo.api("GET", "/v1/dead-letters")
    say(
        f"   dead-letter list now holds {len(letters['items'])} job: #{job_id} "
        f"({job['last_reason']})"
    )

    say("\n[bold]5.[/] The ERP is fixed; the operator replays the dead letter")
    erp.fail_with, erp.fail_times = None, 0
    replayed = await demo.api("POST", f"/v1/jobs/{job_id}/replay")

    async def delivered() -> bool:
        job = await demo.api("GET", f"/v1/jobs/{replayed['id']}")
        return bool(job["status"] == "delivered")

    await _until(delivered, "replayed delivery")
    same_key = [r for r in erp.seen if r.headers.get("idempotency-key") == job["idempotency_key"]]
    say(
        f"   replay job #{replayed['id']} delivered; the ERP saw this update {len(same_key)} "
        f"times, always with idempotency key {job['idempotency_key']}, so it can drop repeats"
    )

    table = Table(title="What travelled where", show_lines=False)
    table.add_column("receiver")
    table.add_column("requests", justify="right")
    table.add_column("accepted", justify="right")
    table.add_column("signatures valid")
    for receiver in (erp, wms):
        valid = {r.signature_valid for r in receiver.seen}
        table.add_row(
            receiver.name,
            str(len(receiver.seen)),
            str(len(receiver.delivered)),
            "n/a (unsigned)" if valid == {None} else str(all(valid)),
        )
    demo.console.print()
    demo.console.print(table)
    metrics_text = await _metrics(demo)
    say("[bold]metrics[/] (excerpt of /metrics):")
    for line in metrics_text:
        say(f"   {line}")


async def _ready(value: bool) -> bool:
    return value


async def _metrics(demo: Demo) -> list[str]:
    async with demo.http.get(f"{demo.engine_url}/metrics") as response:
        text = await response.text()
    wanted = (
        "shopbridge_events_received_total{",
        "shopbridge_deliveries_total{",
        "shopbridge_events_duplicate_total{",
        "shopbridge_webhooks_rejected_total{",
    )
    return [line for line in text.splitlines() if line.startswith(wanted)]
