"""The delivery guard that keeps each destination's view of an entity moving forward.

Shopify promises neither order nor exactly-once delivery, and reconciliation may find
a change before its late webhook arrives. For every configured flow with
``drop_stale`` (the default) and every Shopify event, before delivering, the guard
skips the job when:

* **duplicate**: this flow already delivered the same Shopify event (same
  ``X-Shopify-Event-Id``) to this destination: a second subscription's copy, a burst;
* **stale**: the event's ``updated_at`` is strictly older than the newest this flow
  delivered to this destination for the same entity. Equal is not stale:
  ``orders/paid`` and ``orders/updated`` for one change share their ``updated_at``;
* **already reconciled**: a webhook whose ``updated_at`` reconciliation already
  delivered, or a reconciled event whose ``updated_at`` was already delivered.

The memory is per (flow, destination, entity): two flows feeding one destination send
different documents, and one must not silence the other. It lives in the store's
versions table (scope ``delivered:<flow>``), written after each successful delivery,
so it survives restarts and is shared by every worker process. Jobs for one entity
run one at a time per destination (ordering lanes), so check and record never race.
System flows (built-in processors) are not guarded: they keep their own versions.
"""

from __future__ import annotations

import json
from collections import OrderedDict
from collections.abc import Callable, Collection, Mapping
from dataclasses import dataclass
from typing import Final

from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.guards import Skip
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.store.base import ClaimedJob, Store

from .version_reads import VersionReads
from .versions import Seen, format_time, seen_in

__all__ = ["DeliveredVersions", "UpdateGuard", "decide"]

SHOPIFY: Final = "shopify"
# Jobs checked but not yet delivered whose keys are kept for ``delivered`` (a bound: a
# job that retries or fails is forgotten once this many newer ones were checked).
PENDING_LIMIT: Final = 8192

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class DeliveredVersions:
    """What this flow already delivered to this destination about one event's entity."""

    newest: float | None = None
    reconciled: float | None = None
    same_event: bool = False


def decide(seen: Seen, delivered: DeliveredVersions) -> tuple[str, str] | None:
    """Why to skip (a metric label and a reason for people), or None to deliver. Pure."""
    if seen.shopify_event is not None and delivered.same_event:
        return "duplicate", f"duplicate: Shopify event {seen.shopify_event} was already delivered"
    if seen.updated_at is None:
        return None
    shown = seen.updated_at_text or format_time(seen.updated_at)
    newest = delivered.newest
    if newest is not None and seen.updated_at < newest:
        return (
            "stale",
            f"stale: updated_at {shown} older than {format_time(newest)} already delivered",
        )
    if seen.reconciled and newest is not None and seen.updated_at <= newest:
        return "reconciled", f"already delivered: updated_at {shown} arrived before reconciliation"
    reconciled = delivered.reconciled
    if not seen.reconciled and reconciled is not None and seen.updated_at <= reconciled:
        return "reconciled", f"already delivered by reconciliation: updated_at {shown}"
    return None


@dataclass(frozen=True, slots=True)
class _Keys:
    newest: str | None
    reconciled: str | None
    event: str | None


class UpdateGuard:
    """Skips duplicate, stale and already-reconciled Shopify updates (see the module)."""

    def __init__(
        self,
        store: Store,
        flows: Collection[str],
        *,
        metrics: Metrics | None = None,
        clock: Callable[[], float],
    ) -> None:
        self.store = store
        self.flows = frozenset(flows)
        self.metrics = metrics
        self.clock = clock
        self.reads = VersionReads(store)
        self._pending: OrderedDict[int, tuple[_Keys, Seen]] = OrderedDict()

    async def check(self, item: ClaimedJob, flow: CompiledFlow) -> Skip | None:
        event = item.event
        if flow.name not in self.flows or event.source_kind != SHOPIFY:
            return None
        try:
            payload = json.loads(event.body)
        except ValueError:
            return None  # the worker rejects a body that is not JSON
        seen = seen_in(event.topic, payload, event.headers)
        keys = _keys_for(event.source, item.job.destination, seen)
        wanted = [key for key in (keys.newest, keys.reconciled, keys.event) if key is not None]
        if not wanted:
            return None
        found = await self.reads.get(_scope(flow.name), wanted)
        verdict = decide(seen, _delivered(keys, found))
        if verdict is not None:
            label, reason = verdict
            if self.metrics is not None:
                self.metrics.update_skipped(flow.name, label)
            log.info(
                "update_skipped",
                flow=flow.name,
                destination=item.job.destination,
                job_id=item.job.id,
                event_id=event.id,
                reason=reason,
            )
            return Skip(reason)
        self._pending[item.job.id] = (keys, seen)
        while len(self._pending) > PENDING_LIMIT:
            self._pending.popitem(last=False)
        return None

    async def delivered(self, item: ClaimedJob, flow: CompiledFlow) -> None:
        pending = self._pending.pop(item.job.id, None)
        if pending is None:
            return
        keys, seen = pending
        versions: dict[str, float] = {}
        if keys.newest is not None and seen.updated_at is not None:
            versions[keys.newest] = seen.updated_at
        if keys.reconciled is not None and seen.updated_at is not None and seen.reconciled:
            versions[keys.reconciled] = seen.updated_at
        now = self.clock()
        if keys.event is not None:
            versions[keys.event] = now
        await self.store.record_applied(_scope(flow.name), versions, now)


def _scope(flow: str) -> str:
    return f"delivered:{flow}"


def _keys_for(shop: str, destination: str, seen: Seen) -> _Keys:
    base = f"{shop}|{destination}|"
    entity = base + seen.entity if seen.entity is not None else None
    return _Keys(
        newest=entity,
        reconciled=f"{entity}|reconciled" if entity is not None else None,
        event=f"{base}event:{seen.shopify_event}" if seen.shopify_event else None,
    )


def _delivered(keys: _Keys, found: Mapping[str, float]) -> DeliveredVersions:
    return DeliveredVersions(
        newest=found.get(keys.newest) if keys.newest else None,
        reconciled=found.get(keys.reconciled) if keys.reconciled else None,
        same_event=bool(keys.event and keys.event in found),
    )
