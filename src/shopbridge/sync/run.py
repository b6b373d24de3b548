"""One sync run of any kind: plan, choose the path, send, and measure what it cost.

Below ``bulk_threshold`` planned changes the direct path sends them (:mod:`.send`); at
or above it one bulk mutation does (:mod:`.bulk`); a dry run stops after the plan.
Each kind brings its planner and its :class:`~.send.Calls` (or, for prices, its own
pair of senders); the run counts the client's calls, cost points and THROTTLED
answers spent on it, so the report shows what the whole sync cost, reading included.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, Generic, TypeVar

from shopbridge.shopify.admin import AdminClient, Document

from . import bulk, send
from .outcome import Change, Hooks, Path, Plan, Report, Sent

__all__ = [
    "DEFAULT_BULK_THRESHOLD",
    "Options",
    "Send",
    "Senders",
    "choose_path",
    "read_in_bulk",
    "run_calls",
    "run_sync",
    "senders",
]

DEFAULT_BULK_THRESHOLD: Final = 2_000

P = TypeVar("P", bound=Change)
Send = Callable[[Sequence[P]], Awaitable[Sent[P]]]


@dataclass(frozen=True, slots=True)
class Options:
    """How a sync runs: where the bulk path starts, dry run, polling, progress hooks."""

    bulk_threshold: int = DEFAULT_BULK_THRESHOLD
    dry_run: bool = False
    poll_secs: float = bulk.DEFAULT_POLL_SECS
    sleep: bulk.Sleep = asyncio.sleep
    hooks: Hooks = field(default_factory=Hooks)

    def reads_in_bulk(self, rows: int) -> bool:
        """Whether reading Shopify's current values for ``rows`` rows uses a bulk query."""
        return rows >= self.bulk_threshold


@dataclass(frozen=True, slots=True)
class Senders(Generic[P]):
    direct: Send[P]
    bulk: Send[P]


async def read_in_bulk(
    client: AdminClient, query: Document, options: Options
) -> list[dict[str, Any]]:
    """Every object of a bulk ``query``, polled and reported as the options say."""
    return await bulk.run_bulk_query(
        client,
        query,
        poll_secs=options.poll_secs,
        sleep=options.sleep,
        on_status=options.hooks.bulk_status,
    )


def senders(client: AdminClient, calls: send.Calls[P], name: str, options: Options) -> Senders[P]:
    """The direct and bulk senders of ``calls`` (``name`` names the bulk file)."""
    hooks = options.hooks

    async def direct(changes: Sequence[P]) -> Sent[P]:
        return await send.send_direct(client, calls, changes, hooks.done)

    async def in_bulk(changes: Sequence[P]) -> Sent[P]:
        return await bulk.send_bulk(
            client, calls, changes, name=name, poll_secs=options.poll_secs, sleep=options.sleep,
            on_done=hooks.done, on_status=hooks.bulk_status,
        )  # fmt: skip

    return Senders(direct, in_bulk)


def choose_path(changes: int, bulk_threshold: int, dry_run: bool) -> Path:
    if dry_run:
        return "dry-run"
    return "bulk" if changes >= bulk_threshold else "direct"


async def run_calls(
    client: AdminClient,
    make_plan: Callable[[], Awaitable[Plan[P]]],
    calls: send.Calls[P],
    name: str,
    options: Options,
) -> Report[P]:
    """:func:`run_sync` with the senders of ``calls``."""
    return await run_sync(client, make_plan, senders(client, calls, name, options), options)


async def run_sync(
    client: AdminClient,
    make_plan: Callable[[], Awaitable[Plan[P]]],
    chosen: Senders[P],
    options: Options,
    *,
    bulk_size: Callable[[Sequence[P]], int] = len,
) -> Report[P]:
    """Plan, then (unless a dry run) send what differs on the path its size calls for.

    ``bulk_size`` counts the changes that could go in bulk (all, by default).
    """
    started = time.monotonic()
    before = (client.stats.calls, client.stats.cost_used, client.stats.throttled)
    plan = await make_plan()
    plan.skipped.sort(key=lambda skipped: skipped.line)
    path = choose_path(bulk_size(plan.changes), options.bulk_threshold, options.dry_run)
    if options.hooks.planned is not None:
        options.hooks.planned(plan, path)
    report = Report(plan, path)
    if path == "direct" and plan.changes:
        report.sent = await chosen.direct(plan.changes)
    elif path == "bulk":
        report.sent = await chosen.bulk(plan.changes)
    report.calls = client.stats.calls - before[0]
    report.cost_points = client.stats.cost_used - before[1]
    report.throttled = client.stats.throttled - before[2]
    report.seconds = time.monotonic() - started
    return report
