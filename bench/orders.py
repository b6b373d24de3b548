"""Orders out under a flash sale: 2,000 orders in a minute from the sandbox to three systems.

    python bench/orders.py                  # 2,000 orders over 60 s
    python bench/orders.py --faults         # the same with duplicated, bursting, shuffled webhooks
    python bench/orders.py --plain          # baseline: no update guard, no reconciliation
    python bench/orders.py --secs 10        # the same 2,000 orders in 10 s (the ceiling)
    python bench/orders.py --quick          # 300 orders over 10 s (a smoke run)

Four processes on loopback: the sandbox store (Admin API, webhooks with HMAC), the engine
(``shopbridge run`` on SQLite, subscribing itself through ``server.public_url``), one
receiver serving the ERP, WMS and fraud-screening endpoints, and this load generator. A
shopper checks out and pays ORDERS times at an even pace over SECS seconds (in the
sandbox process, so each order is one commit); each order fires ``orders/create`` and
``orders/paid``. Two flows with the ``order`` preset fan them out: create to the ERP and
fraud screening, paid to the ERP and the WMS, so every order reaches all three systems
and makes four deliveries. The update guard, the received-version recorder and the
reconciliation schedule (every minute, 30 s settle) run as in production.

Printed, beside targets: deliveries per second (and the offered rate), latency p50/p99
from the order's commit in the store to the system receiving it and from the engine
receiving the webhook to the system receiving the delivery, deliveries lost or
duplicated (every (system, topic, order) must arrive exactly once), the engine's peak
RSS and CPU seconds, and the machine's load average before the run. The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

import aiohttp

SHOP = "flash-sale.myshopify.com"
SECRET = "shpss_bench_orders"
ADMIN_TOKEN = "shpat_bench_orders"
OPERATOR_TOKEN = "bench-orders"
SYSTEMS = ("erp", "wms", "fraud")
# Which deliveries each order makes: (system, topic).
EXPECTED = (
    ("erp", "orders/create"),
    ("fraud", "orders/create"),
    ("erp", "orders/paid"),
    ("wms", "orders/paid"),
)
FAULTS = {
    "seed": 5,
    "duplicate_rate": 0.1,
    "burst_rate": 0.05,
    "burst_size": 2,
    "reorder_window": 8,
    "reorder_hold_secs": 0.2,
}
TARGETS = {
    "drain_after_last_order_secs": 2.0,
    "engine_p50_ms": 50.0,
    "engine_p99_ms": 500.0,
    "store_p99_ms": 1000.0,
    "rss_mb": 250.0,
}
SKUS = [f"SKU-{p:05d}-{v}" for p in range(1, 21) for v in (1, 2)]


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


def proc_stats(pid: int) -> tuple[float, float]:
    """(peak RSS in MB, CPU seconds used) of a live process."""
    rss = float("nan")
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            rss = int(line.split()[1]) / 1024
    fields = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()
    cpu = (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")
    return rss, cpu


# -- the sandbox process ------------------------------------------------------------


def serve_sandbox() -> None:
    """Child: a seeded store; obeys ``faults JSON``, ``burst N SECS PATH`` and ``idle``."""
    import uvloop

    from shopbridge.sandbox import shopper
    from shopbridge.sandbox.config import SandboxConfig
    from shopbridge.sandbox.gid import legacy_id
    from shopbridge.sandbox.merchant import edit_stock
    from shopbridge.sandbox.seed import seed_catalog
    from shopbridge.sandbox.server import Sandbox

    async def burst(sandbox: Sandbox, count: int, secs: float, path: str) -> None:
        created: dict[str, float] = {}
        start = time.perf_counter()
        for n in range(count):
            delay = start + n * secs / count - time.perf_counter()
            if delay > 0:
                await asyncio.sleep(delay)
            checkout = shopper.start_checkout(
                sandbox.state,
                lines=[(SKUS[n % len(SKUS)], 1 + n % 3), (SKUS[(n * 7 + 3) % len(SKUS)], 1)],
                email=f"buyer{n}@example.com",
                shipping_address={"address1": f"{n} Main St", "city": "Ottawa", "zip": "K1A"},
            )
            order = shopper.complete_checkout(sandbox.state, checkout["token"])
            created[str(legacy_id(order["id"]))] = time.time()
        await asyncio.to_thread(Path(path).write_text, json.dumps(created))

    async def main() -> None:
        sandbox = Sandbox(
            SandboxConfig(shop_domain=SHOP, admin_token=ADMIN_TOKEN, app_secret=SECRET, plan="plus")
        )
        seed_catalog(sandbox.state, products=20, variants=2, locations=1)
        for sku in SKUS:
            edit_stock(sandbox.state, sku, set_to=1_000_000)
        url = await sandbox.start("127.0.0.1", 0)
        print(f"READY {url}", flush=True)
        loop = asyncio.get_running_loop()
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            command, _, argument = line.partition(" ")
            if command == "faults":
                sandbox.webhooks.set_faults(json.loads(argument))
            elif command == "burst":
                count, secs, path = argument.split()
                await burst(sandbox, int(count), float(secs), path)
            elif command == "idle":
                await sandbox.webhooks.wait_idle()
            elif command == "subscriptions":
                print(sandbox.state.count("WebhookSubscription"), flush=True)
                continue
            print("OK", flush=True)
        await sandbox.stop()
        sandbox.close()

    uvloop.run(main())


class SandboxProcess:
    def __init__(self, log: Any) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve-sandbox"],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=log,
            text=True,
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise RuntimeError("the sandbox did not start")
        self.url = ready[1]

    def ask(self, line: str) -> str:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        return self.process.stdout.readline().strip()

    def command(self, line: str) -> None:
        if self.ask(line) != "OK":
            raise RuntimeError(f"sandbox command failed: {line}")

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


# -- the receiver process -------------------------------------------------------------


def serve_receiver(port: int) -> None:
    """Child: the ERP, WMS and fraud endpoints; GET /stats tells what arrived when."""
    import uvloop
    from aiohttp import web

    arrivals: list[tuple[str, str, int, float, int]] = []

    async def receive(request: web.Request) -> web.Response:
        body = await request.read()
        now = time.time()
        document = json.loads(body)
        arrivals.append(
            (
                request.match_info["system"],
                request.headers["X-Shopbridge-Topic"],
                int(document["id"]),
                now,
                int(request.headers["X-Shopbridge-Event-Id"]),
            )
        )
        return web.Response(status=204)

    async def stats(_: web.Request) -> web.Response:
        return web.json_response({"count": len(arrivals), "arrivals": arrivals})

    app = web.Application()
    app.router.add_post("/{system}", receive)
    app.router.add_get("/stats", stats)
    uvloop.install()
    web.run_app(app, host="127.0.0.1", port=port, access_log=None, print=None)


# -- the engine -----------------------------------------------------------------------


def engine_config(port: int, sandbox_url: str, receiver_url: str, db: Path, plain: bool) -> str:
    """``plain``: no update guard and no reconciliation (to see what they cost)."""
    every, guard = (0, "false") if plain else (1, "true")
    destinations = "\n".join(
        f"  {name}: {{url: {receiver_url}/{name}, internal: true, max_in_flight: 16}}"
        for name in SYSTEMS
    )
    return f"""
server:
  host: 127.0.0.1
  port: {port}
  operator_token: {OPERATOR_TOKEN}
  public_url: http://127.0.0.1:{port}
store: {{url: "sqlite:///{db}"}}
workers: {{concurrency: 64, lease_secs: 30, poll_interval_secs: 1}}
logging: {{level: warning, format: json}}
shops:
  flash:
    domain: {SHOP}
    webhook_secret: {SECRET}
    access_token: {ADMIN_TOKEN}
    admin_api_url: {sandbox_url}
    reconcile: {{orders_every_mins: {every}, settle_secs: 30}}
destinations:
{destinations}
flows:
  new_orders:
    from: {{shopify: orders/create}}
    preset: order
    drop_stale: {guard}
    to: [erp, fraud]
  paid_orders:
    from: {{shopify: orders/paid}}
    preset: order
    drop_stale: {guard}
    to: [erp, wms]
"""


def start_receiver(port: int, log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, __file__, "--serve-receiver", str(port)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


def start_engine(config: Path, log: Any) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "-m", "shopbridge", "run", "--config", str(config)],
        stdout=log,
        stderr=subprocess.STDOUT,
    )


async def wait_until(what: str, check: Any, timeout: float = 60.0) -> None:
    deadline = time.monotonic() + timeout
    while True:
        try:
            if await check():
                return
        except aiohttp.ClientError:
            pass
        if time.monotonic() > deadline:
            raise RuntimeError(f"timed out waiting for {what}")
        await asyncio.sleep(0.1)


async def receiver_stats(http: aiohttp.ClientSession, url: str) -> dict[str, Any]:
    async with http.get(f"{url}/stats") as response:
        found: dict[str, Any] = await response.json()
        return found


async def metric(http: aiohttp.ClientSession, url: str, name: str) -> float:
    async with http.get(f"{url}/metrics") as response:
        text = await response.text()
    return sum(float(line.rsplit(" ", 1)[1]) for line in text.splitlines() if line.startswith(name))


def received_at(db: Path, event_ids: set[int]) -> dict[int, float]:
    """When the engine stored each event (read from its SQLite file after the run)."""
    with sqlite3.connect(f"file:{db}?mode=ro", uri=True) as conn:
        rows = conn.execute("SELECT id, received_at FROM events").fetchall()
    return {int(i): float(t) for i, t in rows if int(i) in event_ids}


async def run(
    orders: int, secs: float, faults: bool, plain: bool, dump: Path | None
) -> dict[str, Any]:
    result: dict[str, Any] = {
        "orders": orders,
        "secs": secs,
        "faults": faults,
        "plain": plain,
        "load_before": [round(x, 2) for x in os.getloadavg()],
    }
    with tempfile.TemporaryDirectory(prefix="shopbridge-bench-orders-") as tmp:
        workdir = Path(tmp)
        receiver_port, port = free_port(), free_port()
        receiver_url, engine_url = f"http://127.0.0.1:{receiver_port}", f"http://127.0.0.1:{port}"
        receiver_log = (workdir / "receiver.log").open("ab")
        receiver = start_receiver(receiver_port, receiver_log)
        sandbox_log = (workdir / "sandbox.log").open("ab")
        sandbox = SandboxProcess(sandbox_log)
        db = workdir / "bench.db"
        config = workdir / "bench.yaml"
        config.write_text(engine_config(port, sandbox.url, receiver_url, db, plain))
        log = (workdir / "engine.log").open("ab")
        engine = start_engine(config, log)
        try:
            async with aiohttp.ClientSession() as http:

                async def ready() -> bool:
                    async with (
                        http.get(f"{engine_url}/readyz") as r1,
                        http.get(f"{receiver_url}/stats") as r2,
                    ):
                        return r1.status == 200 and r2.status == 200

                await wait_until("the engine and the receiver", ready)

                async def subscribed() -> bool:
                    return int(sandbox.ask("subscriptions")) >= 2

                await wait_until("the engine's webhook subscriptions", subscribed)
                if faults:
                    sandbox.command(f"faults {json.dumps(FAULTS)}")
                print(
                    f"flash sale: {orders} orders over {secs:g} s "
                    f"({'with' if faults else 'without'} webhook faults"
                    f"{'; no guard, no reconciliation' if plain else ''})",
                    flush=True,
                )
                created_path = workdir / "created.json"
                await asyncio.to_thread(sandbox.command, f"burst {orders} {secs} {created_path}")
                created: dict[str, float] = json.loads(created_path.read_text())
                expected = len(EXPECTED) * len(created)
                last_count, last_change = -1, time.monotonic()
                while True:
                    stats = await receiver_stats(http, receiver_url)
                    if stats["count"] >= expected:
                        break
                    if stats["count"] != last_count:
                        last_count, last_change = stats["count"], time.monotonic()
                    elif time.monotonic() - last_change > 30:
                        break  # stalled: what is missing is reported as lost
                    await asyncio.sleep(0.2)
                await asyncio.sleep(1.0)  # anything extra (a duplicate) has time to show
                await asyncio.to_thread(sandbox.command, "idle")
                stats = await receiver_stats(http, receiver_url)
                skipped = await metric(http, engine_url, "shopbridge_updates_skipped_total")
                reconciled = await metric(http, engine_url, "shopbridge_orders_reconciled_total")
                runs = await metric(http, engine_url, "shopbridge_reconciliations_total")
                rss, cpu = proc_stats(engine.pid)
        finally:
            engine.send_signal(signal.SIGTERM)
            engine.wait(60)
            log.close()
            sandbox.stop()
            sandbox_log.close()
            receiver.terminate()
            receiver.wait(10)
            receiver_log.close()
        arrivals = [tuple(a) for a in stats["arrivals"]]
        engine_seen = received_at(db, {a[4] for a in arrivals})

    seen = Counter((system, topic, order_id) for system, topic, order_id, _, _ in arrivals)
    wanted = {(s, t, int(o)) for o in created for s, t in EXPECTED}
    lost = len(wanted - set(seen))
    duplicated = sum(n - 1 for n in seen.values()) + len(set(seen) - wanted)
    first_arrival: dict[tuple[str, str, int], float] = {}
    engine_ms: list[float] = []
    for system, topic, order_id, at, event_id in arrivals:
        key = (system, topic, order_id)
        if key not in first_arrival:
            first_arrival[key] = at
            if event_id in engine_seen:
                engine_ms.append((at - engine_seen[event_id]) * 1000)
    store_ms = [(at - created[str(key[2])]) * 1000 for key, at in first_arrival.items()]
    if dump is not None:  # every delivery's arrival time and engine latency, for a closer look
        rows = [
            (at, (at - engine_seen[e]) * 1000 if e in engine_seen else None, s, t)
            for s, t, _, at, e in arrivals
        ]
        await asyncio.to_thread(dump.write_text, json.dumps(sorted(rows, key=lambda r: r[0])))
    began, last = min(created.values()), max(first_arrival.values())
    result.update(
        deliveries=len(arrivals),
        offered_per_sec=round(expected / secs, 1),
        delivered_per_sec=round(len(first_arrival) / (last - began), 1),
        drain_after_last_order_secs=round(last - max(created.values()), 2),
        store_p50_ms=round(statistics.median(store_ms), 1),
        store_p99_ms=round(percentile(store_ms, 99), 1),
        engine_p50_ms=round(statistics.median(engine_ms), 1),
        engine_p99_ms=round(percentile(engine_ms, 99), 1),
        lost=lost,
        duplicated=duplicated,
        skipped_by_guard=int(skipped),
        reconciled=int(reconciled),
        reconciliation_runs=int(runs),
        rss_mb=round(rss, 1),
        engine_cpu_secs=round(cpu, 1),
    )
    return result


def report(result: dict[str, Any]) -> None:
    def row(label: str, value: Any, target: str = "", ok: bool | None = None) -> None:
        mark = "" if ok is None else (" ✓" if ok else " ✗")
        print(f"  {label:<50} {value!s:>10}{mark}   {target}")

    def under(key: str) -> tuple[str, bool]:
        return f"< {TARGETS[key]:g}", result[key] < TARGETS[key]

    print(f"machine load average before the run: {result['load_before']}")
    offered = f"offered {result['offered_per_sec']}"
    row("deliveries per second", result["delivered_per_sec"], offered)
    row("drain after the last order (s): kept up", result["drain_after_last_order_secs"],
        *under("drain_after_last_order_secs"))  # fmt: skip
    row("store commit -> system, p50 (ms)", result["store_p50_ms"])
    row("store commit -> system, p99 (ms)", result["store_p99_ms"], *under("store_p99_ms"))
    row("webhook received -> system, p50 (ms)", result["engine_p50_ms"], *under("engine_p50_ms"))
    row("webhook received -> system, p99 (ms)", result["engine_p99_ms"], *under("engine_p99_ms"))
    row("lost / duplicated deliveries", f"{result['lost']} / {result['duplicated']}", "0 / 0",
        result["lost"] == 0 and result["duplicated"] == 0)  # fmt: skip
    row("copies skipped by the guard", result["skipped_by_guard"])
    row("reconciliation runs / orders they sent",
        f"{result['reconciliation_runs']} / {result['reconciled']}")  # fmt: skip
    row("engine peak RSS (MB)", result["rss_mb"], *under("rss_mb"))
    row("engine CPU seconds", result["engine_cpu_secs"])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--orders", type=int, default=2000)
    parser.add_argument("--secs", type=float, default=60.0)
    parser.add_argument("--faults", action="store_true", help="Duplicate, burst and shuffle.")
    parser.add_argument("--quick", action="store_true", help="300 orders over 10 s.")
    parser.add_argument(
        "--plain", action="store_true", help="No update guard, no reconciliation (a baseline)."
    )
    parser.add_argument("--dump", type=Path, help="Write every delivery's latency to this file.")
    parser.add_argument("--serve-sandbox", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--serve-receiver", type=int, help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve_sandbox:
        serve_sandbox()
        return
    if args.serve_receiver:
        serve_receiver(args.serve_receiver)
        return
    orders, secs = (300, 10.0) if args.quick else (args.orders, args.secs)
    import uvloop

    result = uvloop.run(run(orders, secs, args.faults, args.plain, args.dump))
    report(result)
    result["targets"] = TARGETS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
