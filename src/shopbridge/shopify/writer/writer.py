"""``InventoryWriter``: one shop's jobs in (inventory, prices, products, …), mutations out.

Inventory goes out with ``inventorySetQuantities``; every other kind through the
sender its :class:`~.kinds.Kind` names (:mod:`.registry`: prices, products, …).

Three loops share one buffer (:mod:`.buffer`):

* **claim**: lease the jobs of destination ``shopify:<shop>``, read their items, drop
  those whose version is not newer than the one already applied (stale) and put the
  rest in the buffer, where the newest version per key wins;
* **flush**: as soon as the cost bucket covers a mutation, take up to
  ``max_items_per_call`` entries and send them; no fixed wait, so an idle shop gets a
  lone change at once, and a busy one gets full calls because entries gather while
  the bucket refills;
* **heartbeat**: extend the leases of every job whose items are still unresolved.

A job completes once each of its items is applied (its version recorded first), stale
or dead-lettered as a replayable one-item job. Until then it stays leased: if this
process dies, the lease runs out, the job is claimed again, and the items applied in
the meantime are found stale, so nothing is lost and nothing is applied twice.
"""

from __future__ import annotations

import asyncio
import contextlib
import hashlib
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge import errors
from shopbridge.config.schema import WriterSettings
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.shopify.admin import AdminClient, documents
from shopbridge.store.base import AttemptRecord, ClaimedJob, NewJob, Store

from .batch import DEFAULT_REASON, Planned, batch_key, judge, set_variables
from .buffer import CoalescingBuffer, Entry, JobTicket, Resolution
from .changes import BadItem, InventoryChange, one_item_document, read_document
from .kinds import Change, Kind, Sender, SenderContext
from .price_resolve import PriceResolver
from .registry import KINDS
from .resolve import Resolver, Target

__all__ = ["InventoryWriter", "OnSent", "WriterStats"]

FLOW: Final = "inventory"
SET_COST: Final = 10  # a mutation's requested cost
CLAIM_JOBS: Final = 50
DEFAULT_MAX_BUFFERED: Final = 50_000
DEFAULT_CALLS_IN_FLIGHT: Final = 4
DEFAULT_LEASE_SECS: Final = 30.0
IDLE_POLL_SECS: Final = 1.0
FULL_POLL_SECS: Final = 0.05
REAP_INTERVAL_SECS: Final = 5.0
FAILURE_PAUSE_SECS: Final = 1.0
MAX_RESENDS: Final = 5
_NEVER: Final = float("-inf")

log = get_logger(__name__)

Clock = Callable[[], float]
OnSent = Callable[[Sequence[Entry[Any]], float], None]


@dataclass(slots=True)
class WriterStats:
    """Totals since start: items by outcome, mutations sent and the entries they carried."""

    applied: int = 0
    stale: int = 0
    rejected: int = 0
    mutations: int = 0
    items_sent: int = 0
    jobs_completed: int = 0


class InventoryWriter:
    """Writes one shop's inventory jobs to Shopify; run it with :meth:`run`."""

    def __init__(
        self,
        shop_id: str,
        store: Store,
        client: AdminClient,
        settings: WriterSettings | None = None,
        *,
        metrics: Metrics | None = None,
        clock: Clock = time.time,
        worker_id: str,
        lease_secs: float = DEFAULT_LEASE_SECS,
        max_buffered: int = DEFAULT_MAX_BUFFERED,
        calls_in_flight: int = DEFAULT_CALLS_IN_FLIGHT,
        resolver: Resolver | None = None,
        price_resolver: PriceResolver | None = None,
        on_sent: OnSent | None = None,
        reason: str = DEFAULT_REASON,
        kinds: Sequence[Kind] = KINDS,
    ) -> None:
        self.shop_id = shop_id
        self.destination = f"shopify:{shop_id}"
        self.scope = self.destination
        self.store = store
        self.client = client
        self.settings = settings or WriterSettings()
        self.metrics = metrics
        self.clock = clock
        self.id = worker_id
        self.stats = WriterStats()
        self.resolver = resolver or Resolver(client)
        self.price_resolver = price_resolver or PriceResolver(client)
        context = SenderContext(shop_id, client, self.settings, self.price_resolver)
        self._readers = {FLOW: read_document, **{kind.flow: kind.read for kind in kinds}}
        self._senders: dict[type, Sender] = {kind.change: kind.sender(context) for kind in kinds}
        self._lease_secs = lease_secs
        self._max_buffered = max_buffered
        self._calls_limit = calls_in_flight
        self._on_sent = on_sent
        self._reason = reason
        self._buffer = CoalescingBuffer()
        self._tickets: dict[int, JobTicket] = {}
        self._in_flight: dict[str, Entry[Any]] = {}  # key -> the entry being sent
        self._calls: set[asyncio.Task[None]] = set()
        self._changed = asyncio.Event()
        self._last_set: dict[tuple[str, str, str], int] = {}  # compare-and-set memory
        self._log = log.bind(shop=shop_id, worker=worker_id)

    @property
    def pending_jobs(self) -> int:
        return len(self._tickets)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set; then finish the calls in flight and give back the rest.

        Cancelling instead (a crash, in effect) leaves the leases to run out.
        """
        self._log.info("shopify_writer_started", destination=self.destination)
        helpers = [
            asyncio.create_task(self._claim_loop(stop), name=f"{self.destination}-claim"),
            asyncio.create_task(self._heartbeat(stop), name=f"{self.destination}-heartbeat"),
        ]
        try:
            await self._flush_loop(stop)
            await self._drain()
        finally:
            for task in (*helpers, *self._calls):
                task.cancel()
            await asyncio.gather(*helpers, *self._calls, return_exceptions=True)
            self._log.info("shopify_writer_stopped", destination=self.destination)

    def note_webhook(self, topic: str, payload: object) -> None:
        """Forget cached SKUs a ``products/*`` or ``inventory_items/*`` webhook touches."""
        if not topic.startswith(("products/", "inventory_items/")):
            return
        skus, items = _mentioned(payload)
        if topic.endswith("/delete") or not (skus or items):
            self.resolver.forget_all()
            self.price_resolver.forget_all()
        else:
            self.resolver.forget(skus, items)
            self.price_resolver.forget(skus)

    # -- claiming -----------------------------------------------------------------

    async def _claim_loop(self, stop: asyncio.Event) -> None:
        last_reap = 0.0
        while not stop.is_set():
            timeout = IDLE_POLL_SECS
            try:
                now = self.clock()
                if now - last_reap >= REAP_INTERVAL_SECS:
                    last_reap = now
                    await self.store.reap_expired(now)
                if len(self._buffer) + len(self._in_flight) >= self._max_buffered:
                    timeout = FULL_POLL_SECS
                else:
                    claimed = await self.store.claim_jobs(
                        self.id, CLAIM_JOBS, now, self._lease_secs, [self.destination]
                    )
                    if claimed:
                        await self._admit(claimed)
                    if len(claimed) == CLAIM_JOBS:
                        continue
            except errors.StoreError as exc:
                self._log.error("store_failed", error=str(exc))
                timeout = FAILURE_PAUSE_SECS
            await _first(stop, self.store.wait_for_work(timeout, self.destination), timeout)

    async def _admit(self, claimed: Sequence[ClaimedJob]) -> None:
        now = self.clock()
        fresh: list[Entry[Any]] = []
        bad: list[tuple[Entry[Any] | JobTicket, Change | BadItem, str]] = []
        tickets: list[JobTicket] = []
        for item in claimed:
            job = item.job
            ticket = JobTicket(item, now)
            body = job.payload if job.payload is not None else item.event.body
            try:
                reader = self._readers.get(job.flow)
                if reader is None:
                    raise ValueError(f"flow '{job.flow}' is not one this writer applies")
                document = reader(body)
            except ValueError as exc:
                await self._dead_letter_job(ticket, str(exc))
                continue
            self._tickets[job.id] = ticket
            tickets.append(ticket)
            ticket.outstanding = len(document.items)
            for read in document.items:
                if isinstance(read, BadItem):
                    bad.append((ticket, read, f"invalid item: {read.reason}"))
                else:
                    fresh.append(Entry(read, ticket, item.event.received_at))
        applied = await self.store.applied_versions(
            self.scope, list({entry.change.key for entry in fresh})
        )
        stale: list[Entry[Any]] = []
        for entry in fresh:
            key, version = entry.change.key, entry.change.version
            sending = self._in_flight.get(key)
            newest = max(applied.get(key, _NEVER), sending.change.version if sending else _NEVER)
            if version <= newest:
                stale.append(entry)
                continue
            loser = self._buffer.offer(entry)
            if loser is not None:
                stale.append(loser)
        for ticket_or_entry, read, reason in bad:
            await self._add_dead(ticket_or_entry, read, reason)
        await self._settle([(entry, Resolution.STALE) for entry in stale])
        await self._complete([t for t in tickets if t.done and t.job_id in self._tickets])
        self._changed.set()

    # -- flushing -----------------------------------------------------------------

    async def _flush_loop(self, stop: asyncio.Event) -> None:
        busy = self._in_flight.__contains__
        while not stop.is_set():
            self._changed.clear()
            if len(self._calls) >= self._calls_limit or not self._buffer.ready(busy):
                await _first(stop, self._changed.wait(), None)
                continue
            wait = self._bucket_wait()
            if wait > 0:
                await _first(stop, asyncio.sleep(wait), wait)
                continue
            entries = self._buffer.take(self.settings.max_items_per_call, busy)
            for entry in entries:
                self._in_flight[entry.change.key] = entry
            task = asyncio.create_task(self._send(entries))
            self._calls.add(task)
            task.add_done_callback(self._calls.discard)

    def _bucket_wait(self) -> float:
        """Seconds until the bucket covers one mutation (0 when unknown: the client probes)."""
        estimate = self.client.bucket
        if estimate.available is None or not estimate.restore_rate:
            return 0.0
        deficit = SET_COST - estimate.available
        return deficit / estimate.restore_rate if deficit > 0 else 0.0

    async def _send(self, entries: list[Entry[Any]]) -> None:
        try:
            await self._write(entries)
        except asyncio.CancelledError:
            raise
        except Exception as exc:  # nothing is dropped: the entries wait for the next call
            unresolved = [e for e in entries if self._in_flight.get(e.change.key) is e]
            self._log.warning(
                "shopify_write_deferred",
                error=f"{type(exc).__name__}: {exc}",
                items=len(unresolved),
            )
            await asyncio.sleep(FAILURE_PAUSE_SECS)
            await self._requeue(unresolved)
        finally:
            for entry in entries:
                if self._in_flight.get(entry.change.key) is entry:
                    del self._in_flight[entry.change.key]
            self._changed.set()

    async def _write(self, entries: list[Entry[Any]]) -> None:
        keys = [entry.change.key for entry in entries]
        applied = await self.store.applied_versions(self.scope, keys)
        stale = [e for e in entries if e.change.version <= applied.get(e.change.key, _NEVER)]
        if stale:  # another writer applied a newer version meanwhile
            await self._settle([(entry, Resolution.STALE) for entry in stale])
            entries = [e for e in entries if e not in stale]
        by_kind: dict[type, list[Entry[Any]]] = {}
        for entry in entries:
            by_kind.setdefault(type(entry.change), []).append(entry)
        for change_type, group in by_kind.items():
            sender = self._senders.get(change_type)
            if sender is not None:
                await self._write_kind(sender, group)
        await self._write_inventory(by_kind.get(InventoryChange, []))

    async def _write_kind(self, sender: Sender, entries: list[Entry[Any]]) -> None:
        self._noted_sent(entries, self.clock())
        outcome = await sender.write(entries)
        if outcome.skus:  # SKUs a write touched: their cached ids may be wrong now
            self.resolver.forget(outcome.skus)
            self.price_resolver.forget(outcome.skus)
        self.stats.mutations += outcome.mutations
        self.stats.items_sent += len(entries)
        if outcome.applied:
            await self._record(outcome.applied)
        await self._reject(outcome.rejected)
        await self._requeue(outcome.later)

    async def _write_inventory(self, entries: list[Entry[InventoryChange]]) -> None:
        if not entries:
            return
        targets = await self.resolver.resolve([entry.change for entry in entries])
        by_name: dict[str, list[Planned]] = {}
        pairs: set[tuple[str, str, str]] = set()
        later: list[Entry[Any]] = []
        unknown: list[tuple[Entry[Any], str]] = []
        for entry, target in zip(entries, targets, strict=True):
            if isinstance(target, str):
                unknown.append((entry, target))
                continue
            pair = _pair(target, entry.change.name)
            if pair in pairs:  # one item twice (by SKU and by id): Shopify refuses that
                later.append(entry)
                continue
            pairs.add(pair)
            change_from = self._last_set.get(pair) if self.settings.compare_and_set else None
            by_name.setdefault(entry.change.name, []).append(Planned(entry, target, change_from))
        await self._reject(unknown)
        self._noted_sent([p.entry for group in by_name.values() for p in group], self.clock())
        for name, planned in by_name.items():
            await self._set(name, planned)
        await self._requeue(later)

    async def _set(
        self, name: str, planned: list[Planned], salt: int = 0, resends: int = 0
    ) -> None:
        key = batch_key(name, planned, salt)
        self.stats.mutations += 1
        self.stats.items_sent += len(planned)
        try:
            result = await self.client.execute(
                documents.INVENTORY_SET_QUANTITIES, set_variables(name, planned, key, self._reason)
            )
        except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
            # Refused as a whole (a malformed id, say): halve until the culprit is alone.
            if len(planned) == 1:
                await self._reject([(planned[0].entry, f"Shopify refused the item: {exc}")])
                return
            half = len(planned) // 2
            await self._set(name, planned[:half], salt, resends)
            await self._set(name, planned[half:], salt, resends)
            return
        verdicts = judge(result.payload, planned)
        if verdicts.applied:
            await self._applied(verdicts.applied)
        if verdicts.rejected:
            for item, _ in verdicts.rejected:
                self._last_set.pop(_pair(item.target, name), None)
            await self._reject([(item.entry, why) for item, why in verdicts.rejected])
        if verdicts.resend:
            if resends >= MAX_RESENDS:
                raise errors.ShopifyError(f"{name}: Shopify kept refusing the batch's key")
            if verdicts.retry_later:
                await asyncio.sleep(FAILURE_PAUSE_SECS)
            await self._set(name, list(verdicts.resend), salt + int(verdicts.new_key), resends + 1)

    def _noted_sent(self, entries: Sequence[Entry[Any]], sent_at: float) -> None:
        if not entries:
            return
        if self.metrics is not None:
            for entry in entries:
                self.metrics.shopify_sent(self.shop_id, max(0.0, sent_at - entry.received_at))
        if self._on_sent is not None:
            self._on_sent(entries, sent_at)

    # -- outcomes -----------------------------------------------------------------

    async def _applied(self, planned: Sequence[Planned]) -> None:
        for p in planned:
            self._last_set[_pair(p.target, p.entry.change.name)] = p.entry.change.quantity
        await self._record([p.entry for p in planned])

    async def _record(self, entries: Sequence[Entry[Any]]) -> None:
        """Record the applied versions first, then let the entries resolve."""
        versions = {entry.change.key: entry.change.version for entry in entries}
        await self.store.record_applied(self.scope, versions, self.clock())
        await self._settle([(entry, Resolution.APPLIED) for entry in entries])

    async def _reject(self, rejected: Sequence[tuple[Entry[Any], str]]) -> None:
        for entry, reason in rejected:
            await self._add_dead(entry, entry.change, reason)

    async def _add_dead(
        self,
        owner: Entry[Any] | JobTicket,
        item: Change | BadItem,
        reason: str,
    ) -> None:
        """A replayable one-item dead job; then the item counts as resolved."""
        ticket = owner.ticket if isinstance(owner, Entry) else owner
        job = ticket.claimed.job
        digest = hashlib.sha256(one_item_document(self.shop_id, item)).hexdigest()[:24]
        await self.store.add_dead_job(
            ticket.claimed.event.id,
            NewJob(
                flow=job.flow,
                destination=self.destination,
                idempotency_key=f"{job.id}-{digest}",
                payload=one_item_document(self.shop_id, item),
            ),
            reason,
            None,
            self.clock(),
        )
        self._log.warning(f"{job.flow}_item_dead_lettered", job_id=job.id, reason=reason)
        if self.metrics is not None:
            self.metrics.job_dead_lettered(self.destination)
        if isinstance(owner, Entry):
            await self._settle([(owner, Resolution.REJECTED)])
        else:
            owner.resolve(Resolution.REJECTED)
            self._count(Resolution.REJECTED, 1)

    async def _requeue(self, entries: Iterable[Entry[Any]]) -> None:
        stale = [loser for entry in entries if (loser := self._buffer.offer(entry)) is not None]
        await self._settle([(entry, Resolution.STALE) for entry in stale])
        self._changed.set()

    async def _settle(self, resolved: Sequence[tuple[Entry[Any], Resolution]]) -> None:
        done: list[JobTicket] = []
        for entry, resolution in resolved:
            if self._in_flight.get(entry.change.key) is entry:  # the key may be sent again
                del self._in_flight[entry.change.key]
            entry.ticket.resolve(resolution)
            self._count(resolution, 1)
            if entry.ticket.done:
                done.append(entry.ticket)
        await self._complete(done)

    def _count(self, resolution: Resolution, count: int) -> None:
        setattr(self.stats, resolution.value, getattr(self.stats, resolution.value) + count)
        if self.metrics is not None:
            self.metrics.shopify_items(self.shop_id, resolution.value, count)

    async def _complete(self, tickets: Sequence[JobTicket]) -> None:
        for ticket in tickets:
            if self._tickets.pop(ticket.job_id, None) is None:
                continue
            job = ticket.claimed.job
            record = AttemptRecord(
                job.id,
                job.attempt,
                self.id,
                ticket.started_at,
                self.clock(),
                "delivered",
                reason=ticket.summary(),
            )
            if not await self.store.complete_job(job, self.id, record):
                self._log.warning("job_lease_lost", job_id=job.id)
            self.stats.jobs_completed += 1

    async def _dead_letter_job(self, ticket: JobTicket, reason: str) -> None:
        job = ticket.claimed.job
        record = AttemptRecord(
            job.id,
            job.attempt,
            self.id,
            ticket.started_at,
            self.clock(),
            "rejected",
            reason=reason,
        )
        await self.store.dead_letter_job(job, self.id, record)
        self._log.error("job_dead_lettered", job_id=job.id, reason=reason)
        if self.metrics is not None:
            self.metrics.job_dead_lettered(self.destination)

    # -- leases -------------------------------------------------------------------

    async def _heartbeat(self, stop: asyncio.Event) -> None:
        interval = self._lease_secs / 3
        while not stop.is_set():
            await _first(stop, asyncio.sleep(interval), interval)
            if self._tickets:
                try:
                    await self.store.extend_leases(
                        self.id, list(self._tickets), self.clock() + self._lease_secs
                    )
                except errors.StoreError as exc:
                    self._log.error("lease_extend_failed", error=str(exc))

    async def _drain(self) -> None:
        """Let the calls in flight finish, then give back every job not yet completed."""
        if self._calls:
            await asyncio.wait(set(self._calls), timeout=self._lease_secs / 3)
        unfinished = list(self._tickets)
        if unfinished:
            try:
                await self.store.release_jobs(self.id, unfinished, self.clock())
            except errors.StoreError as exc:  # their leases will run out instead
                self._log.error("release_failed", error=str(exc))
            self._tickets.clear()


def _pair(target: Target, name: str) -> tuple[str, str, str]:
    return (target.inventory_item_id, target.location_id, name)


def _mentioned(payload: object) -> tuple[list[str], list[str]]:
    """SKUs and inventory item gids a product or inventory item webhook mentions."""
    skus: list[str] = []
    items: list[str] = []
    if not isinstance(payload, dict):
        return skus, items
    rows = [payload, *[v for v in payload.get("variants") or () if isinstance(v, dict)]]
    for row in rows:
        if isinstance(row.get("sku"), str) and row["sku"]:
            skus.append(row["sku"])
        item = row.get("inventory_item_id")
        if isinstance(item, int):
            items.append(f"gid://shopify/InventoryItem/{item}")
    if "variants" not in payload and isinstance(payload.get("id"), int):  # inventory_items/*
        items.append(f"gid://shopify/InventoryItem/{payload['id']}")
    return skus, items


async def _first(stop: asyncio.Event, waiting: object, timeout: float | None) -> None:
    """Wait for ``waiting`` (an awaitable), ``stop`` or ``timeout``, whichever is first."""
    assert asyncio.iscoroutine(waiting)
    tasks = [asyncio.ensure_future(waiting), asyncio.ensure_future(stop.wait())]
    try:
        await asyncio.wait(tasks, timeout=timeout, return_when=asyncio.FIRST_COMPLETED)
    finally:
        for task in tasks:
            task.cancel()
        with contextlib.suppress(asyncio.CancelledError):
            await asyncio.gather(*tasks, return_exceptions=True)
