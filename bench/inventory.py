"""Shopify inventory writer benchmark against the sandbox at a plan's real rate limit.

    python bench/inventory.py                 # Standard, then Plus
    python bench/inventory.py --plan standard --quick

The sandbox store runs in its own process (Admin GraphQL on the real schema, Shopify's
cost model and leaky bucket), seeded with SKUS products x 1 variant x 3 locations. This
process holds the store (a SQLite file) and the writer. Per plan:

1. SKU resolution with a cold cache: lookups, cost, time (reported apart: it is paid
   once per SKU per cache lifetime, not per update);
2. the bucket is emptied, then UPDATES changes over SKUS x 3 keys (repeats and
   out-of-order versions) are appended as 100-item requests while the writer runs.
   Reported: time to drain, Shopify writes per second beside the physical limit
   ``restore_rate x items_per_call / cost_per_call``, updates per second, calls, cost
   points, THROTTLED, and correctness (every final quantity equals its newest version);
3. one-mutation-per-item through the same client on a sample, from an empty bucket;
   its steady rate is extrapolated to all UPDATES (said so in the output) for the ratio;
4. idle latency: single changes on an idle shop, from append to mutation sent (p50/p95).

The last line is JSON.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import random
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections.abc import Sequence
from pathlib import Path
from typing import Any

SHOP = "bench"
DESTINATION = f"shopify:{SHOP}"
TOKEN = "shpat_bench_inventory"
VERSION = "2026-07"
ITEMS_PER_REQUEST = 100
LOCATIONS = 3
SET_COST = 10
TARGETS = {"of_physical_limit": 0.90, "vs_one_per_item_standard": 100.0, "idle_p95_ms": 250.0}


# -- the sandbox process -----------------------------------------------------------


def serve_sandbox(plan: str, skus: int) -> None:
    """Child process: serve a seeded sandbox; obey ``drain`` and ``dump PATH`` on stdin."""
    from shopbridge.sandbox.config import SandboxConfig
    from shopbridge.sandbox.domains.inventory_store import quantity
    from shopbridge.sandbox.seed import seed_catalog
    from shopbridge.sandbox.server import Sandbox

    async def main() -> None:
        sandbox = Sandbox(SandboxConfig(admin_token=TOKEN, plan=plan))
        seed_catalog(sandbox.state, skus, 1, LOCATIONS)
        url = await sandbox.start("127.0.0.1", 0)
        print(f"READY {url}", flush=True)
        loop = asyncio.get_running_loop()
        state, config = sandbox.state, sandbox.config
        while line := (await loop.run_in_executor(None, sys.stdin.readline)).strip():
            command, _, argument = line.partition(" ")
            if command == "drain":
                bucket = sandbox.admin.buckets.bucket(config.app_name, config.shop_domain)
                bucket.try_spend(int(bucket.available()))
            elif command == "dump":
                names = {loc["id"]: loc["name"] for loc in state.all("Location")}
                skus_of = {item["id"]: item["sku"] for item in state.all("InventoryItem")}
                levels = {
                    f"{skus_of[level['itemId']]}@{names[level['locationId']]}": quantity(
                        level, "available"
                    )
                    for level in state.all("InventoryLevel")
                }
                await asyncio.to_thread(Path(argument).write_text, json.dumps(levels))
            print("OK", flush=True)
        await sandbox.stop()
        sandbox.close()

    asyncio.run(main())


class SandboxProcess:
    def __init__(self, plan: str, skus: int) -> None:
        self.process = subprocess.Popen(
            [sys.executable, __file__, "--serve-sandbox", "--plan", plan, "--skus", str(skus)],
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            text=True,
        )
        assert self.process.stdout is not None
        ready = self.process.stdout.readline().split()
        if not ready or ready[0] != "READY":
            raise RuntimeError("the sandbox did not start")
        self.url = ready[1]

    def command(self, line: str) -> None:
        assert self.process.stdin is not None
        assert self.process.stdout is not None
        self.process.stdin.write(line + "\n")
        self.process.stdin.flush()
        if self.process.stdout.readline().strip() != "OK":
            raise RuntimeError(f"sandbox command failed: {line}")

    def quantities(self, workdir: Path) -> dict[str, int]:
        path = workdir / "levels.json"
        self.command(f"dump {path}")
        found: dict[str, int] = json.loads(path.read_text())
        return found

    def stop(self) -> None:
        assert self.process.stdin is not None
        self.process.stdin.close()
        self.process.wait(30)


# -- the load ------------------------------------------------------------------------


def sku(n: int) -> str:
    return f"SKU-{n:05d}-1"


def location(n: int) -> str:
    return "Shop location" if n == 0 else f"Warehouse {n + 1}"


def make_updates(count: int, skus: int, rng: random.Random) -> list[dict[str, Any]]:
    """``count`` changes over ``skus`` x 3 keys; versions per key rise, arrivals are shuffled
    within a window so that older versions often come after newer ones."""
    keys = [(s, loc) for s in range(1, skus + 1) for loc in range(LOCATIONS)]
    updates: list[dict[str, Any]] = []
    versions: dict[tuple[int, int], int] = {}
    for _ in range(count):
        key = rng.choice(keys) if updates and rng.random() < 0.4 else keys[len(updates) % len(keys)]
        version = versions[key] = versions.get(key, 0) + 1
        updates.append(
            {
                "sku": sku(key[0]),
                "inventory_item_id": None,
                "location": location(key[1]),
                "location_id": None,
                "name": "available",
                "quantity": rng.randrange(0, 1000),
                "version": float(version),
            }
        )
    window = 2_000
    for start in range(0, len(updates), window):
        chunk = updates[start : start + window]
        rng.shuffle(chunk)
        updates[start : start + window] = chunk
    return updates


def newest(updates: Sequence[dict[str, Any]]) -> dict[str, int]:
    best: dict[str, tuple[float, int]] = {}
    for update in updates:
        key = f"{update['sku']}@{update['location']}"
        if key not in best or update["version"] > best[key][0]:
            best[key] = (update["version"], update["quantity"])
    return {key: quantity for key, (_, quantity) in best.items()}


def percentile(values: list[float], pct: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(pct / 100 * (len(ordered) - 1))))]


# -- one plan ------------------------------------------------------------------------


async def run_plan(plan: str, skus: int, count: int, sample: int, idle: int) -> dict[str, Any]:
    from shopbridge.shopify.admin import AdminClient, documents
    from shopbridge.shopify.writer import Entry, InventoryChange, InventoryWriter
    from shopbridge.store import migrate
    from shopbridge.store.base import JobFilter, JobStatus, NewEvent, NewJob
    from shopbridge.store.sql import SqlStore

    workdir = Path(tempfile.mkdtemp(prefix="shopbridge-bench-inventory-"))
    url = f"sqlite:///{workdir / 'bench.db'}"
    migrate.upgrade(url)
    store = SqlStore(url)
    print(f"[{plan}] seeding {skus} SKUs x {LOCATIONS} locations ...", flush=True)
    sandbox = SandboxProcess(plan, skus)
    client = AdminClient(
        "sandbox-shop.myshopify.com",
        access_token=TOKEN,
        api_version=VERSION,
        admin_api_url=sandbox.url,
    )
    sent_at: dict[str, float] = {}

    def on_sent(entries: Sequence[Entry], when: float) -> None:
        for entry in entries:
            sent_at.setdefault(entry.change.key, when)

    writer = InventoryWriter(
        SHOP, store, client, worker_id="bench-writer", on_sent=on_sent, max_buffered=100_000
    )
    result: dict[str, Any] = {"plan": plan, "skus": skus, "updates": count}
    try:
        # 1. SKU resolution, cold cache.
        before = (client.stats.calls, client.stats.cost_used, time.perf_counter())
        changes = [
            InventoryChange(sku(n), None, location(0), None, "available", 0, 0.0)
            for n in range(1, skus + 1)
        ]
        for start in range(0, len(changes), 1_000):
            await writer.resolver.resolve(changes[start : start + 1_000])
        result["resolve_calls"] = client.stats.calls - before[0]
        result["resolve_cost_points"] = client.stats.cost_used - before[1]
        result["resolve_secs"] = round(time.perf_counter() - before[2], 2)
        print(
            f"[{plan}] SKU resolution (cold cache, once): {result['resolve_calls']} calls, "
            f"{result['resolve_cost_points']} points, {result['resolve_secs']} s",
            flush=True,
        )

        # 2. The batched run, from an empty bucket.
        updates = make_updates(count, skus, random.Random(7))
        expected = newest(updates)
        sandbox.command("drain")
        await client.execute(documents.LOCATIONS, {"first": 1})  # the client sees it empty
        restore_rate = client.bucket.restore_rate or 0.0
        stats0 = (client.stats.calls, client.stats.cost_used, client.stats.throttled)
        stop = asyncio.Event()
        started = time.perf_counter()
        task = asyncio.create_task(writer.run(stop))
        for start in range(0, len(updates), ITEMS_PER_REQUEST):
            body = json.dumps({"shop": SHOP, "items": updates[start : start + ITEMS_PER_REQUEST]})
            await store.append_event(
                NewEvent("inbound", "inventory", "inventory/set", body.encode(), time.time()),
                [NewJob("inventory", DESTINATION, uuid.uuid4().hex)],
            )
        fed = time.perf_counter() - started
        resolved = writer.stats
        while resolved.applied + resolved.stale + resolved.rejected < count:  # noqa: ASYNC110
            await asyncio.sleep(0.02)
        while writer.pending_jobs:  # noqa: ASYNC110 - polling the writer's own counters
            await asyncio.sleep(0.02)
        drained = time.perf_counter() - started
        stop.set()
        await task
        calls = client.stats.calls - stats0[0]
        queued = await store.list_jobs(JobFilter(status=JobStatus.QUEUED, limit=10))
        dead = await store.list_jobs(JobFilter(status=JobStatus.DEAD, limit=10))
        delivered = await store.list_jobs(JobFilter(status=JobStatus.DELIVERED, limit=100_000))
        final = sandbox.quantities(workdir)
        wrong = sum(1 for key, quantity in expected.items() if final.get(key) != quantity)
        limit = restore_rate * writer.settings.max_items_per_call / SET_COST
        writes = writer.stats.applied
        result.update(
            restore_rate=restore_rate,
            feed_secs=round(fed, 2),
            drain_secs=round(drained, 2),
            keys_touched=len(expected),
            applied=writes,
            stale=writer.stats.stale,
            rejected=writer.stats.rejected,
            mutations=writer.stats.mutations,
            items_per_call=round(writer.stats.items_sent / max(1, writer.stats.mutations), 1),
            calls=calls,
            cost_points=client.stats.cost_used - stats0[1],
            throttled=client.stats.throttled - stats0[2],
            writes_per_sec=round(writes / drained, 1),
            updates_per_sec=round(count / drained, 1),
            physical_limit_per_sec=limit,
            of_physical_limit=round(writes / drained / limit, 3),
            wrong_final_quantities=wrong,
            lost=count - (writer.stats.applied + writer.stats.stale + writer.stats.rejected),
            jobs_delivered=len(delivered),
            jobs_left_queued_or_dead=len(queued) + len(dead),
        )
        print(
            f"[{plan}] {count} updates over {len(expected)} keys: drained in {drained:.2f} s "
            f"(fed in {fed:.2f} s); {writes} written, {writer.stats.stale} stale, "
            f"{writer.stats.rejected} rejected; {writer.stats.mutations} mutations "
            f"({result['items_per_call']} items each), {calls} calls, "
            f"{result['cost_points']} points, {result['throttled']} THROTTLED",
            flush=True,
        )
        print(
            f"[{plan}] Shopify writes {result['writes_per_sec']}/s vs physical limit "
            f"{limit:.0f}/s ({restore_rate:.0f} pts/s x 250 / {SET_COST}) = "
            f"{result['of_physical_limit']:.1%}; updates {result['updates_per_sec']}/s; "
            f"final state: {wrong} wrong of {len(expected)}; lost {result['lost']}",
            flush=True,
        )

        # 3. One mutation per item, same client, from an empty bucket.
        sandbox.command("drain")
        await client.execute(documents.LOCATIONS, {"first": 1})
        targets = await writer.resolver.resolve(changes[:sample])
        gate = asyncio.Semaphore(8)

        async def one(n: int, target: Any) -> None:
            async with gate:
                await client.execute(
                    documents.INVENTORY_SET_QUANTITIES,
                    {
                        "idempotencyKey": f"one-{plan}-{n}-{uuid.uuid4().hex}",
                        "input": {
                            "name": "available",
                            "reason": "correction",
                            "quantities": [
                                {
                                    "inventoryItemId": target.inventory_item_id,
                                    "locationId": target.location_id,
                                    "quantity": n,
                                    "changeFromQuantity": None,
                                }
                            ],
                        },
                    },
                )

        throttled0, began = client.stats.throttled, time.perf_counter()
        await asyncio.gather(*(one(n, t) for n, t in enumerate(targets)))
        one_secs = time.perf_counter() - began
        one_rate = sample / one_secs
        result.update(
            one_per_item_sample=sample,
            one_per_item_secs=round(one_secs, 2),
            one_per_item_per_sec=round(one_rate, 2),
            one_per_item_throttled=client.stats.throttled - throttled0,
            one_per_item_extrapolated_secs=round(count / one_rate, 1),
            vs_one_per_item=round((count / one_rate) / drained, 1),
        )
        print(
            f"[{plan}] one mutation per item: {sample} items in {one_secs:.2f} s = "
            f"{one_rate:.1f}/s; EXTRAPOLATED to {count} updates: "
            f"{count / one_rate:.0f} s -> batched is {result['vs_one_per_item']}x faster",
            flush=True,
        )

        # 4. Idle latency: a lone change on an idle shop, append -> mutation sent.
        stop = asyncio.Event()
        task = asyncio.create_task(writer.run(stop))
        await asyncio.sleep(max(0.2, 2 * SET_COST / max(restore_rate, 1.0)))
        latencies: list[float] = []
        for n in range(idle):
            change = {**updates[0], "quantity": n, "version": 1e6 + n}
            key = f"inventory:{change['sku']}@{change['location']}:available"
            sent_at.pop(key, None)
            appended = time.time()
            await store.append_event(
                NewEvent(
                    "inbound",
                    "inventory",
                    "inventory/set",
                    json.dumps({"shop": SHOP, "items": [change]}).encode(),
                    appended,
                ),
                [NewJob("inventory", DESTINATION, uuid.uuid4().hex)],
            )
            while key not in sent_at:  # noqa: ASYNC110 - set by the writer's on_sent hook
                await asyncio.sleep(0.001)
            latencies.append((sent_at[key] - appended) * 1000)
            await asyncio.sleep(0.1)
        stop.set()
        await task
        result.update(
            idle_p50_ms=round(statistics.median(latencies), 1),
            idle_p95_ms=round(percentile(latencies, 95), 1),
            idle_samples=idle,
        )
        print(
            f"[{plan}] idle latency append -> mutation sent: p50 {result['idle_p50_ms']} ms, "
            f"p95 {result['idle_p95_ms']} ms ({idle} samples)",
            flush=True,
        )
    finally:
        await client.close()
        await store.close()
        sandbox.stop()
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--plan", choices=["standard", "plus", "both"], default="both")
    parser.add_argument("--quick", action="store_true", help="1,000 SKUs and 5,000 updates.")
    parser.add_argument("--serve-sandbox", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--skus", type=int, default=10_000)
    args = parser.parse_args()
    if args.serve_sandbox:
        serve_sandbox(args.plan, args.skus)
        return
    from shopbridge.observability.logging import configure_logging

    configure_logging("warning", "console")
    skus, count = (1_000, 5_000) if args.quick else (args.skus, 50_000)
    plans = ["standard", "plus"] if args.plan == "both" else [args.plan]
    results = []
    for plan in plans:
        sample = 300 if plan == "standard" else 3_000
        results.append(asyncio.run(run_plan(plan, skus, count, sample, 40)))
    print(json.dumps({"runs": results, "targets": TARGETS}))


if __name__ == "__main__":
    main()
