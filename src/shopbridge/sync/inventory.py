"""``sync_inventory``: plan a file's rows against Shopify, then send what differs.

Below ``bulk_threshold`` changes the direct path sends them (:mod:`.direct`); at or
above it one bulk mutation does (:mod:`.bulk`). A dry run stops after the plan.
The :class:`Report` counts every row once: unchanged, skipped, applied or refused.
"""

from __future__ import annotations

import time
import uuid
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Final, Literal

from shopbridge.shopify.admin import AdminClient

from .bulk import DEFAULT_POLL_SECS, send_bulk
from .direct import Refusal, Sent, send_direct
from .plan import Plan, make_plan
from .rows import Row

__all__ = ["DEFAULT_BULK_THRESHOLD", "Hooks", "Report", "sync_inventory"]

DEFAULT_BULK_THRESHOLD: Final = 2_000


@dataclass(slots=True)
class Hooks:
    """Progress callbacks (the CLI draws bars with them); all optional."""

    planned: Callable[[Plan, str], None] | None = None
    read: Callable[[int], None] | None = None
    done: Callable[[int], None] | None = None
    bulk_status: Callable[[str], None] | None = None


@dataclass(slots=True)
class Report:
    """The end report of one sync."""

    plan: Plan
    path: Literal["direct", "bulk", "dry-run"]
    sent: Sent = field(default_factory=Sent)
    calls: int = 0
    cost_points: int = 0
    throttled: int = 0
    seconds: float = 0.0

    @property
    def refused(self) -> list[Refusal]:
        return self.sent.refused

    @property
    def ok(self) -> bool:
        """Every row is unchanged or applied (nothing skipped or refused)."""
        return not self.plan.skipped and not self.sent.refused


async def sync_inventory(
    client: AdminClient,
    rows: Sequence[Row],
    *,
    bulk_threshold: int = DEFAULT_BULK_THRESHOLD,
    dry_run: bool = False,
    poll_secs: float = DEFAULT_POLL_SECS,
    hooks: Hooks | None = None,
) -> Report:
    """Plan ``rows`` against the shop and, unless ``dry_run``, send what differs."""
    hooks = hooks or Hooks()
    started = time.monotonic()
    before = (client.stats.calls, client.stats.cost_used, client.stats.throttled)
    plan = await make_plan(client, rows, on_read=hooks.read)
    path: Literal["direct", "bulk", "dry-run"] = "bulk"
    if dry_run:
        path = "dry-run"
    elif len(plan.changes) < bulk_threshold:
        path = "direct"
    if hooks.planned is not None:
        hooks.planned(plan, path)
    report = Report(plan, path)
    reference = f"gid://shopbridge/InventorySync/{uuid.uuid4()}"
    if path == "direct" and plan.changes:
        report.sent = await send_direct(client, plan.changes, reference, hooks.done)
    elif path == "bulk":
        report.sent = await send_bulk(
            client,
            plan.changes,
            reference,
            poll_secs=poll_secs,
            on_done=hooks.done,
            on_status=hooks.bulk_status,
        )
    report.calls = client.stats.calls - before[0]
    report.cost_points = client.stats.cost_used - before[1]
    report.throttled = client.stats.throttled - before[2]
    report.seconds = time.monotonic() - started
    return report
