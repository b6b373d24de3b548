"""The delivery guard that keeps a system's own customer changes from coming back to it.

When the CRM writes a customer through ``POST /v1/customers``, Shopify answers with a
``customers/update`` (or ``customers/create``) webhook. Delivered to the CRM, that
echo could make it write again: a loop. Before a ``customers/create|update`` job is
delivered to a destination that belongs to a system (``systems.<id>.destinations``),
the guard asks the echo memory (:mod:`.echo`) whether that system wrote exactly this
customer, no later than this ``updated_at``; if so the job is skipped (``filtered``,
with the reason). Other destinations get the webhook as usual, and a later edit (a
newer ``updated_at``, or other content) reaches the system too.

The webhook can arrive before the write that caused it is remembered (Shopify may
send it before answering the mutation). So when the memory knows nothing and a
``customers`` writer job created before the webhook is still running, the guard waits
for that write (up to ``customers.echo_wait_secs``) before it lets the delivery go.
"""

from __future__ import annotations

import asyncio
import json
import time
from collections.abc import Mapping
from typing import Final

from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.guards import Skip
from shopbridge.observability.logging import get_logger
from shopbridge.store.base import ClaimedJob, JobFilter, JobStatus, Store

from . import view
from .echo import EchoMemory

__all__ = ["TOPICS", "EchoGuard"]

TOPICS: Final = frozenset({"customers/create", "customers/update"})
WRITER_FLOW: Final = "customers"
POLL_SECS: Final = 0.2

log = get_logger(__name__)


class EchoGuard:
    """Skips customer webhooks that echo a system's own write back to that system."""

    def __init__(
        self,
        store: Store,
        memory: EchoMemory,
        systems_by_destination: Mapping[str, str],
        *,
        wait_secs: float,
    ) -> None:
        self.store = store
        self.memory = memory
        self.systems_by_destination = dict(systems_by_destination)
        self.wait_secs = wait_secs

    async def check(self, item: ClaimedJob, flow: CompiledFlow) -> Skip | None:
        event, job = item.event, item.job
        system = self.systems_by_destination.get(job.destination)
        if system is None or event.source_kind != "shopify" or event.topic not in TOPICS:
            return None
        try:
            seen = view.from_webhook(json.loads(event.body))
        except ValueError:
            return None  # the worker rejects a body that is not JSON
        if seen is None:
            return None
        shop = event.source
        deadline = time.monotonic() + self.wait_secs
        while True:
            if await self.memory.wrote(shop, system, seen):
                reason = (
                    f"echo: {system} wrote customer {seen.gid} as it is in this {event.topic} "
                    "through shopbridge"
                )
                log.info("customer_echo_skipped", job_id=job.id, flow=flow.name, reason=reason)
                return Skip(reason)
            if time.monotonic() >= deadline or not await self._writing(shop, event.received_at):
                return None
            await asyncio.sleep(POLL_SECS)

    async def delivered(self, item: ClaimedJob, flow: CompiledFlow) -> None:
        """Nothing to remember: the memory is the writer's."""

    async def _writing(self, shop: str, before: float) -> bool:
        """Whether a customers write created before ``before`` is still running."""
        running = await self.store.list_jobs(
            JobFilter(
                status=JobStatus.RUNNING,
                flow=WRITER_FLOW,
                destination=f"shopify:{shop}",
                created_before=before,
                limit=1,
            )
        )
        return bool(running)
