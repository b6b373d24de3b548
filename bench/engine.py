"""Engine benchmarks on this machine: webhook ingest, end-to-end delivery, memory.

    python bench/engine.py --store sqlite           # or --store postgres
    python bench/engine.py --store sqlite --quick   # a smaller run

The engine, the receiver and this load generator each run in their own process
on loopback. Printed: (a) signed webhooks accepted per second and ack latency
p50/p99 (engine with workers off, so only ingest is measured); (b) webhook-in to
HTTP-delivered per second, and end-to-end latency p50/p99 at a steady rate below
saturation; (c) the engine's peak RSS. The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from pathlib import Path
from typing import Any

import aiohttp
import psycopg
import uvloop

from shopbridge import testing

SECRET = "bench-secret"
SHOP = "bench.myshopify.com"
TOKEN = "bench-token"
PG_ADMIN = os.environ.get("SHOPBRIDGE_TEST_PG", "postgresql://postgres@127.0.0.1:5432/postgres")
TARGETS = {
    "ingest_per_sec": 1500,
    "ingest_p99_ms": 50,
    "delivered_per_sec": 800,
    "e2e_p50_ms": 20,
    "rss_mb": 200,
}


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))
    return ordered[index]


def peak_rss_mb(pid: int) -> float:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) / 1024
    return float("nan")


class Stack:
    """Engine + receiver processes for one run."""

    def __init__(self, store: str, workdir: Path) -> None:
        self.store = store
        self.workdir = workdir
        self.port = free_port()
        self.receiver_port = free_port()
        self.url = f"http://127.0.0.1:{self.port}"
        self.receiver_url = f"http://127.0.0.1:{self.receiver_port}"
        self.pg_db: str | None = None
        self.engine: subprocess.Popen[bytes] | None = None
        self.receiver: subprocess.Popen[bytes] | None = None

    def store_url(self) -> str:
        if self.store == "sqlite":
            return f"sqlite:///{self.workdir / 'bench.db'}"
        self.pg_db = f"shopbridge_bench_{uuid.uuid4().hex[:8]}"
        with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
            conn.execute(f'CREATE DATABASE "{self.pg_db}"')
        return f"{PG_ADMIN.rsplit('/', 1)[0]}/{self.pg_db}"

    def start(self, workers: bool) -> None:
        config = self.workdir / "bench.yaml"
        config.write_text(
            f"""
server: {{host: 127.0.0.1, port: {self.port}, operator_token: {TOKEN}}}
store: {{url: "{self.store_url()}"}}
workers: {{concurrency: 128, lease_secs: 30, poll_interval_secs: 1}}
logging: {{level: warning, format: json}}
shops: {{bench: {{domain: {SHOP}, webhook_secret: {SECRET}}}}}
destinations:
  receiver: {{url: "{self.receiver_url}/in", internal: true, max_in_flight: 64}}
flows:
  orders: {{from: {{shopify: orders/create}}, to: [receiver], map: '{{"seq": note, "id": id}}'}}
"""
        )
        self.receiver = subprocess.Popen(
            [
                sys.executable,
                str(Path(__file__).with_name("receiver.py")),
                "--port",
                str(self.receiver_port),
            ]
        )
        args = [sys.executable, "-m", "shopbridge", "run", "--config", str(config)]
        if not workers:
            args.append("--api-only")
        with (self.workdir / "engine.log").open("ab") as log:
            self.engine = subprocess.Popen(args, stdout=log, stderr=subprocess.STDOUT)

    async def wait_ready(self, http: aiohttp.ClientSession) -> None:
        for _ in range(600):
            try:
                async with (
                    http.get(f"{self.url}/readyz") as r1,
                    http.get(f"{self.receiver_url}/stats") as r2,
                ):
                    if r1.status == 200 and r2.status == 200:
                        return
            except aiohttp.ClientError:
                pass
            await asyncio.sleep(0.05)
        raise RuntimeError("engine did not start; see " + str(self.workdir / "engine.log"))

    def stop(self) -> float:
        rss = float("nan")
        if self.engine is not None:
            rss = peak_rss_mb(self.engine.pid)
            self.engine.send_signal(signal.SIGTERM)
            self.engine.wait(30)
        if self.receiver is not None:
            self.receiver.terminate()
            self.receiver.wait(10)
        if self.pg_db is not None:
            with psycopg.connect(PG_ADMIN, autocommit=True) as conn:
                conn.execute(f'DROP DATABASE IF EXISTS "{self.pg_db}" WITH (FORCE)')
        return rss


def signed(seq: int, run: str) -> tuple[bytes, dict[str, str]]:
    order = testing.sample_order(order_id=10_000_000 + seq, number=seq)
    order["note"] = seq
    body = testing.encode(order)
    headers = testing.shopify_webhook_headers(
        SECRET, "orders/create", SHOP, body, webhook_id=f"{run}-{seq}"
    )
    return body, headers


async def blast(
    http: aiohttp.ClientSession,
    url: str,
    requests: list[tuple[bytes, dict[str, str]]],
    concurrency: int,
    rate: float | None = None,
) -> tuple[float, list[float], dict[int, float]]:
    """Send every request; returns (elapsed, ack latencies, send time by seq)."""
    latencies: list[float] = []
    sent_at: dict[int, float] = {}
    queue: asyncio.Queue[int] = asyncio.Queue()
    for index in range(len(requests)):
        queue.put_nowait(index)
    start = time.perf_counter()

    async def sender() -> None:
        while True:
            try:
                index = queue.get_nowait()
            except asyncio.QueueEmpty:
                return
            if rate is not None:
                due = start + index / rate
                delay = due - time.perf_counter()
                if delay > 0:
                    await asyncio.sleep(delay)
            body, headers = requests[index]
            began = time.perf_counter()
            sent_at[index] = time.time()
            async with http.post(f"{url}/webhooks/shopify", data=body, headers=headers) as r:
                await r.read()
                if r.status != 200:
                    raise RuntimeError(f"webhook answered {r.status}")
            latencies.append((time.perf_counter() - began) * 1000)

    await asyncio.gather(*[sender() for _ in range(concurrency)])
    return time.perf_counter() - start, latencies, sent_at


async def wait_delivered(
    http: aiohttp.ClientSession, receiver_url: str, count: int, timeout: float = 300
) -> dict[str, Any]:
    deadline = time.monotonic() + timeout
    while True:
        async with http.get(f"{receiver_url}/stats") as r:
            stats: dict[str, Any] = await r.json()
        if stats["count"] >= count or time.monotonic() > deadline:
            return stats
        await asyncio.sleep(0.1)


async def run(store: str, n_ingest: int, n_delivery: int, rates: list[float]) -> dict[str, Any]:
    result: dict[str, Any] = {"store": store}
    connector = lambda: aiohttp.TCPConnector(limit=64)  # noqa: E731
    with tempfile.TemporaryDirectory(prefix="shopbridge-bench-") as tmp:
        # (a) ingest only
        stack = Stack(store, Path(tmp))
        stack.start(workers=False)
        try:
            async with aiohttp.ClientSession(connector=connector()) as http:
                await stack.wait_ready(http)
                warm = [signed(i, "warm") for i in range(200)]
                await blast(http, stack.url, warm, 32)
                requests = [signed(i, "ingest") for i in range(n_ingest)]
                elapsed, acks, _ = await blast(http, stack.url, requests, 32)
        finally:
            stack.stop()
        result["ingest_per_sec"] = round(n_ingest / elapsed)
        result["ingest_p50_ms"] = round(statistics.median(acks), 2)
        result["ingest_p99_ms"] = round(percentile(acks, 99), 2)
        print(
            f"[{store}] (a) ingest: {result['ingest_per_sec']}/s accepted, ack p50 "
            f"{result['ingest_p50_ms']} ms, p99 {result['ingest_p99_ms']} ms "
            f"({n_ingest} signed webhooks, 32 connections)",
            flush=True,
        )

    with tempfile.TemporaryDirectory(prefix="shopbridge-bench-") as tmp:
        stack = Stack(store, Path(tmp))
        stack.start(workers=True)
        try:
            async with aiohttp.ClientSession(connector=connector()) as http:
                await stack.wait_ready(http)
                # (b1) throughput: as fast as the engine takes them
                requests = [signed(i, "tput") for i in range(n_delivery)]
                started_wall = time.time()
                await blast(http, stack.url, requests, 32)
                stats = await wait_delivered(http, stack.receiver_url, n_delivery)
                elapsed = max(stats["arrivals"].values()) - started_wall
                result["delivered_per_sec"] = round(stats["count"] / elapsed)
                result["delivery_lost"] = n_delivery - stats["count"]
                result["delivery_duplicates"] = stats["duplicates"]
                print(
                    f"[{store}] (b) delivery: {result['delivered_per_sec']}/s webhook-in to "
                    f"HTTP-delivered ({stats['count']}/{n_delivery} delivered, "
                    f"{stats['duplicates']} duplicates)",
                    flush=True,
                )
                # (b2) latency at steady rates, below and near saturation
                for steady in rates:
                    async with http.post(f"{stack.receiver_url}/reset"):
                        pass
                    n_steady = int(steady * 10)
                    requests = [signed(i, f"steady{steady:g}") for i in range(n_steady)]
                    _, _, sent_at = await blast(http, stack.url, requests, 16, rate=steady)
                    stats = await wait_delivered(http, stack.receiver_url, n_steady)
                    e2e = [
                        (stats["arrivals"][str(seq)] - sent_at[seq]) * 1000
                        for seq in sent_at
                        if str(seq) in stats["arrivals"]
                    ]
                    label = f"{steady:g}"
                    result[f"e2e_p50_ms_at_{label}"] = round(statistics.median(e2e), 2)
                    result[f"e2e_p99_ms_at_{label}"] = round(percentile(e2e, 99), 2)
                    print(
                        f"[{store}] (b) end-to-end at {label}/s: p50 "
                        f"{result[f'e2e_p50_ms_at_{label}']} ms, p99 "
                        f"{result[f'e2e_p99_ms_at_{label}']} ms ({len(e2e)} deliveries)",
                        flush=True,
                    )
        finally:
            result["rss_mb"] = round(stack.stop(), 1)
        print(f"[{store}] (c) engine peak RSS: {result['rss_mb']} MB", flush=True)
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--store", choices=["sqlite", "postgres"], default="sqlite")
    parser.add_argument("--quick", action="store_true", help="A short run (smoke test).")
    args = parser.parse_args()
    n_ingest, n_delivery, rates = (
        (2000, 2000, [200.0]) if args.quick else (20_000, 10_000, [200.0, 400.0])
    )
    # uvloop keeps the load generator's own CPU share small on a 2-core machine.
    result = uvloop.run(run(args.store, n_ingest, n_delivery, rates))
    result["targets"] = TARGETS
    print(json.dumps(result))


if __name__ == "__main__":
    main()
