"""The delivery loop: claim → filter/map → deliver → record the outcome.

Only this module turns an :class:`~shopbridge.engine.outcomes.Outcome` plus the
destination's :class:`~shopbridge.engine.retry.RetryPolicy` into a store
transition. Leases are extended by a heartbeat while deliveries run; a worker
killed outright simply stops extending them, and the jobs return to the queue.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import os
import socket
import time
import uuid
from collections import Counter
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass

from shopbridge import errors
from shopbridge.config.schema import WorkerSettings
from shopbridge.engine.delivery import Delivery
from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.guards import Guard, Skip
from shopbridge.engine.outcomes import Delivered, Exchange, Outcome, Reject, Retry, outcome_name
from shopbridge.engine.retry import RetryPolicy
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.sinks.base import Sink
from shopbridge.store.base import AttemptRecord, ClaimedJob, Store

log = get_logger(__name__)

CLAIM_BATCH = 100
CLAIM_COALESCE_SECS = 0.002
REAP_INTERVAL_SECS = 5.0
STORE_ERROR_PAUSE_SECS = 1.0
WAKE_LISTENER = "worker"

Clock = Callable[[], float]


def new_worker_id() -> str:
    return f"{socket.gethostname()[:24]}-{os.getpid()}-{uuid.uuid4().hex[:8]}"


@dataclass(frozen=True, slots=True)
class Route:
    """Everything the worker needs to run jobs for one destination."""

    sink: Sink
    policy: RetryPolicy
    max_in_flight: int


class Worker:
    def __init__(
        self,
        store: Store,
        flows: Mapping[str, CompiledFlow],
        routes: Mapping[str, Route],
        settings: WorkerSettings,
        metrics: Metrics | None = None,
        clock: Clock = time.time,
        worker_id: str | None = None,
        others: Sequence[str] = (),
        guards: Sequence[Guard] = (),
    ) -> None:
        self.store = store
        self.guards = tuple(guards)
        self.others = tuple(others)  # destinations other claimers own (``shopify:<shop>``)
        self.flows = flows
        self.routes = routes
        self.settings = settings
        self.metrics = metrics
        self.clock = clock
        self.id = worker_id or new_worker_id()
        self._inflight: dict[int, asyncio.Task[None]] = {}
        self._per_destination: Counter[str] = Counter()
        self._slot_freed = asyncio.Event()

    @property
    def in_flight(self) -> int:
        return len(self._inflight)

    async def run(self, stop: asyncio.Event) -> None:
        """Work until ``stop`` is set, then finish or give back what is in flight."""
        log.info("worker_started", worker=self.id, concurrency=self.settings.concurrency)
        heartbeat = asyncio.create_task(self._heartbeat(stop), name="shopbridge-heartbeat")
        last_reap = 0.0
        try:
            while not stop.is_set():
                now = self.clock()
                try:
                    if now - last_reap >= REAP_INTERVAL_SECS:
                        last_reap = now
                        reaped = await self.store.reap_expired(now)
                        if reaped:
                            log.warning("jobs_reaped", count=reaped)
                    started, more = await self._claim(now)
                    if more:
                        continue
                    # While work is flowing, finishes and new events wake us anyway;
                    # look for the next due retry only when nothing was claimed.
                    timeout = (
                        self.settings.poll_interval_secs
                        if started
                        else await self._idle_timeout(now)
                    )
                except errors.StoreError as exc:
                    log.error("store_failed", worker=self.id, error=str(exc))
                    timeout = STORE_ERROR_PAUSE_SECS
                await self._sleep(stop, timeout)
        finally:
            await self._shutdown()
            heartbeat.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await heartbeat
            log.info("worker_stopped", worker=self.id)

    async def _claim(self, now: float) -> tuple[int, bool]:
        """Claim as much as we have room for: (jobs started, whether more may be waiting)."""
        free = self.settings.concurrency - len(self._inflight)
        if free <= 0:
            return 0, False
        # Destinations owned by other claimers (the Shopify writers, which batch) are
        # never ours. With every route open we take anything else, so a job whose
        # destination left the config is rejected (dead-lettered), not stuck queued.
        open_destinations = [
            name
            for name, route in self.routes.items()
            if self._per_destination[name] < route.max_in_flight
        ]
        everything_open = len(open_destinations) == len(self.routes)
        limit = min(free, CLAIM_BATCH)
        claimed = await self.store.claim_jobs(
            self.id,
            limit,
            now,
            self.settings.lease_secs,
            None if everything_open else open_destinations,
            excluding=self.others,
        )
        for item in claimed:
            self._start(item)
        more = len(claimed) == limit and len(self._inflight) < self.settings.concurrency
        return len(claimed), more

    async def _idle_timeout(self, now: float) -> float:
        timeout = self.settings.poll_interval_secs
        next_due = await self.store.next_run_at()
        if next_due is not None and next_due > now:
            timeout = min(timeout, next_due - now)
        return timeout

    async def _sleep(self, stop: asyncio.Event, timeout: float) -> None:
        """Wake on new work, a freed slot, shutdown, or the timeout."""
        self._slot_freed.clear()
        waiters = [
            asyncio.create_task(self.store.wait_for_work(timeout, WAKE_LISTENER)),
            asyncio.create_task(stop.wait()),
            asyncio.create_task(self._slot_freed.wait()),
        ]
        try:
            done, _ = await asyncio.wait(
                waiters, timeout=timeout, return_when=asyncio.FIRST_COMPLETED
            )
        finally:
            for waiter in waiters:
                waiter.cancel()
            await asyncio.gather(*waiters, return_exceptions=True)
        if done and self._inflight and not stop.is_set():
            # Busy: let a few more events and finishes gather so one claim takes them all,
            # instead of one write transaction per wake-up.
            await asyncio.sleep(CLAIM_COALESCE_SECS)

    def _start(self, item: ClaimedJob) -> None:
        job = item.job
        self._per_destination[job.destination] += 1
        task = asyncio.create_task(self._process(item), name=f"shopbridge-job-{job.id}")
        self._inflight[job.id] = task

        def _done(_: asyncio.Task[None]) -> None:
            self._inflight.pop(job.id, None)
            self._per_destination[job.destination] -= 1
            self._slot_freed.set()

        task.add_done_callback(_done)

    async def _heartbeat(self, stop: asyncio.Event) -> None:
        interval = self.settings.lease_secs / 3
        while not stop.is_set():
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), interval)
            if self._inflight:
                try:
                    await self.store.extend_leases(
                        self.id, list(self._inflight), self.clock() + self.settings.lease_secs
                    )
                except errors.StoreError as exc:
                    log.error("lease_extend_failed", worker=self.id, error=str(exc))

    async def _shutdown(self) -> None:
        if not self._inflight:
            return
        log.info("worker_draining", worker=self.id, in_flight=len(self._inflight))
        tasks = list(self._inflight.values())
        _, pending = await asyncio.wait(tasks, timeout=self.settings.shutdown_grace_secs)
        if not pending:
            return
        unfinished = [job_id for job_id, task in self._inflight.items() if task in pending]
        for task in pending:
            task.cancel()
        await asyncio.gather(*pending, return_exceptions=True)
        try:
            released = await self.store.release_jobs(self.id, unfinished, self.clock())
            log.warning("jobs_released", worker=self.id, count=released)
        except errors.StoreError as exc:  # their leases will expire instead
            log.error("release_failed", worker=self.id, error=str(exc))

    # -- one job ---------------------------------------------------------------

    async def _process(self, item: ClaimedJob) -> None:
        job, event = item.job, item.event
        started = self.clock()
        context = {
            "job_id": job.id,
            "event_id": event.id,
            "flow": job.flow,
            "destination": job.destination,
            "attempt": job.attempt,
        }
        try:
            outcome = await self._attempt(item)
        except Exception as exc:  # a bug or surprise: retry visibly, never drop silently
            log.exception("delivery_crashed", **context)
            outcome = Retry(reason=f"internal error: {type(exc).__name__}: {exc}")
        finished = self.clock()
        if outcome is None or isinstance(outcome, Skip):  # filtered out, or a guard said no
            reason = outcome.reason if isinstance(outcome, Skip) else None
            record = AttemptRecord(
                job.id, job.attempt, self.id, started, finished, "filtered", reason=reason
            )
            await self._finish_safely(self.store.filter_job(job, self.id, record), context)
            if self.metrics is not None:
                self.metrics.job_filtered(job.flow)
            log.info("delivery_filtered", reason=reason, **context)
            return
        record = AttemptRecord(
            job_id=job.id,
            attempt=job.attempt,
            worker=self.id,
            started_at=started,
            finished_at=finished,
            outcome=outcome_name(outcome),
            status_code=outcome.status_code,
            reason=getattr(outcome, "reason", None),
            request=outcome.exchange.request or None,
            response=outcome.exchange.response,
        )
        if self.metrics is not None:
            self.metrics.delivery_finished(
                job.destination, outcome_name(outcome), outcome.duration_secs
            )
        route = self.routes.get(job.destination)
        policy = route.policy if route is not None else RetryPolicy()
        if isinstance(outcome, Delivered):
            await self._guards_delivered(item)
            await self._finish_safely(self.store.complete_job(job, self.id, record), context)
            if self.metrics is not None:
                self.metrics.delivered_end_to_end(job.destination, finished - event.received_at)
            log.info("delivery_succeeded", status=outcome.status_code, **context)
        elif isinstance(outcome, Retry) and not policy.exhausted(job.attempt):
            wait = policy.delay(job.attempt, outcome.after_secs)
            await self._finish_safely(
                self.store.retry_job(job, self.id, finished + wait, record), context
            )
            log.warning(
                "delivery_retry_scheduled",
                reason=outcome.reason,
                wait_secs=round(wait, 3),
                **context,
            )
        else:
            if isinstance(outcome, Retry):
                record = _gave_up(record, policy.max_attempts)
            await self._finish_safely(self.store.dead_letter_job(job, self.id, record), context)
            if self.metrics is not None:
                self.metrics.job_dead_lettered(job.destination)
            log.error("job_dead_lettered", reason=record.reason, **context)

    async def _attempt(self, item: ClaimedJob) -> Outcome | Skip | None:
        """Run the flow for one claimed job; None means the filter said no."""
        job, event = item.job, item.event
        flow = self.flows.get(job.flow)
        route = self.routes.get(job.destination)
        if flow is None:
            return Reject(reason=f"flow '{job.flow}' is no longer configured")
        if route is None:
            return Reject(reason=f"destination '{job.destination}' is no longer configured")
        for guard in self.guards:
            skip = await guard.check(item, flow)
            if skip is not None:
                return skip
        body = job.payload if job.payload is not None else event.body
        content_type = event.content_type
        if flow.filter is not None or flow.map is not None:
            try:
                payload = json.loads(body)
            except ValueError as exc:
                return Reject(reason=f"event body is not JSON: {exc}")
            try:
                if flow.filter is not None and not flow.filter.matches(payload):
                    return None
                if flow.map is not None:
                    mapped = flow.map.evaluate(payload)
                    body = json.dumps(mapped, ensure_ascii=False, separators=(",", ":")).encode()
                    content_type = "application/json"
            except errors.MappingError as exc:
                return Reject(reason=f"mapping failed: {exc}", exchange=Exchange())
        delivery = Delivery(
            job_id=job.id,
            event_id=event.id,
            attempt=job.attempt,
            idempotency_key=job.idempotency_key,
            flow=job.flow,
            destination=job.destination,
            topic=event.topic,
            body=body,
            content_type=content_type,
            shop_domain=event.shop_domain,
            source=event.source,
        )
        return await route.sink.deliver(delivery)

    async def _guards_delivered(self, item: ClaimedJob) -> None:
        flow = self.flows.get(item.job.flow)
        if flow is None:
            return
        for guard in self.guards:
            try:
                await guard.delivered(item, flow)
            except Exception:  # the delivery happened; a guard's memory must not undo it
                log.exception("guard_record_failed", job_id=item.job.id)

    async def _finish_safely(self, transition: object, context: dict[str, object]) -> None:
        """Record a transition; if the store fails, the lease will bring the job back."""
        assert asyncio.iscoroutine(transition)
        try:
            applied = await transition
        except errors.StoreError as exc:
            log.error("job_transition_failed", error=str(exc), **context)
            return
        if applied is False:
            log.warning("job_lease_lost", **context)


def _gave_up(record: AttemptRecord, max_attempts: int) -> AttemptRecord:
    return AttemptRecord(
        job_id=record.job_id,
        attempt=record.attempt,
        worker=record.worker,
        started_at=record.started_at,
        finished_at=record.finished_at,
        outcome=record.outcome,
        status_code=record.status_code,
        reason=f"gave up after {max_attempts} attempts; last: {record.reason}",
        request=record.request,
        response=record.response,
    )
