"""Durable timers and schedules: at the due time, an engine event is appended.

A timer lives in the store (:meth:`~shopbridge.store.base.Store.set_timer`), so it
survives restarts; setting it again moves it, cancelling removes it. When it is due,
:class:`TimerService` appends its event (topic and payload as set) with the jobs the
event's flows make, and removes the timer, in one transaction. Two processes may
race for the same timer: one wins, and the dedupe key (name and revision) would stop
a second copy anyway.

A :class:`Schedule` is a timer that re-arms itself: reconciliations and periodic
checks are scheduled events whose processors run as ordinary jobs (retried,
dead-lettered, replayable).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Final

from shopbridge import errors
from shopbridge.engine import events
from shopbridge.engine.router import Router
from shopbridge.observability.logging import get_logger
from shopbridge.store.base import NewTimer, Store, TimerRecord
from shopbridge.types import JSONValue

__all__ = ["Schedule", "TimerService", "set_timer"]

FIRE_BATCH: Final = 100
LONGEST_SLEEP_SECS: Final = 1.0
STORE_ERROR_PAUSE_SECS: Final = 1.0

log = get_logger(__name__)


@dataclass(frozen=True, slots=True)
class Schedule:
    """An engine event every ``every_secs`` (its first one ``every_secs`` after start)."""

    name: str
    topic: str
    every_secs: float
    shop: str | None = None
    payload: JSONValue = None


async def set_timer(
    store: Store,
    name: str,
    topic: str,
    fire_at: float,
    payload: JSONValue,
    *,
    shop: str | None,
    now: float,
) -> TimerRecord:
    """Set (or move) timer ``name`` to emit ``topic`` with ``payload`` at ``fire_at``."""
    body = json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode()
    return await store.set_timer(NewTimer(name, topic, fire_at, body, shop), now)


class TimerService:
    """Fires due timers into engine events, and keeps schedules armed."""

    def __init__(
        self,
        store: Store,
        router: Router,
        *,
        schedules: Sequence[Schedule] = (),
        clock: Callable[[], float] = time.time,
    ) -> None:
        self.store = store
        self.router = router
        self.schedules = {schedule.name: schedule for schedule in schedules}
        self.clock = clock
        self.fired = 0

    async def run(self, stop: asyncio.Event) -> None:
        await self._arm_schedules()
        while not stop.is_set():
            try:
                await self.fire_due()
                wait = await self._until_next()
            except errors.StoreError as exc:
                log.error("timers_failed", error=str(exc))
                wait = STORE_ERROR_PAUSE_SECS
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)

    async def fire_due(self) -> int:
        """Fire every timer due now; how many fired."""
        fired = 0
        while True:
            now = self.clock()
            due = await self.store.due_timers(now, FIRE_BATCH)
            for timer in due:
                if await self._fire(timer, now):
                    fired += 1
            if len(due) < FIRE_BATCH:
                break
        self.fired += fired
        return fired

    async def _fire(self, timer: TimerRecord, now: float) -> bool:
        try:
            payload: JSONValue = json.loads(timer.payload)
        except ValueError:
            payload = None
        shop = timer.shop or ""
        event = events.engine_event(
            shop,
            timer.topic,
            payload,
            dedupe_key=f"timer:{timer.name}:{timer.revision}:{timer.created_at}",
            now=now,
            occurred_at=timer.fire_at,
        )
        jobs = events.jobs_for(self.router, shop, timer.topic, payload)
        result = await self.store.fire_timer(timer, event, jobs)
        if result is None:
            return False
        log.info("timer_fired", timer=timer.name, topic=timer.topic, jobs=len(result.job_ids))
        schedule = self.schedules.get(timer.name)
        if schedule is not None:
            await self._arm(schedule, max(timer.fire_at + schedule.every_secs, now))
        return True

    async def _arm_schedules(self) -> None:
        """Arm each schedule that has no timer (first start, or a crash after a firing)."""
        for schedule in self.schedules.values():
            try:
                if await self.store.get_timer(schedule.name) is None:
                    await self._arm(schedule, self.clock() + schedule.every_secs)
            except errors.StoreError as exc:
                log.error("schedule_arm_failed", schedule=schedule.name, error=str(exc))

    async def _arm(self, schedule: Schedule, fire_at: float) -> None:
        await set_timer(
            self.store,
            schedule.name,
            schedule.topic,
            fire_at,
            schedule.payload,
            shop=schedule.shop,
            now=self.clock(),
        )

    async def _until_next(self) -> float:
        next_at = await self.store.next_timer_at()
        if next_at is None:
            return LONGEST_SLEEP_SECS
        return min(LONGEST_SLEEP_SECS, max(0.0, next_at - self.clock()))
