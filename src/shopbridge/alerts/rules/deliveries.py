"""Deliveries that go wrong, found by a scheduled check of the store (every process's work).

Every ``alerts.check_interval_secs`` one job runs :meth:`DeliveryRules.check`:

* **Dead letters** dead-lettered since the last check (a watermark kept with the applied
  versions) join an alert per destination: ``shopify:<shop>`` ones mean Shopify refused
  a write (an order failure, per flow); order events that died on the way to a system
  are order failures; the rest are engine failures. Each resolves when its destination
  has no dead letter left (replayed), or after ``auto_resolve_secs`` without a new one.
* **Stuck order events**: order events still queued ``after_secs`` after they came.
* **Failing destinations**: the oldest pending job older than ``after_secs``, or every
  attempt failing for that long (from the attempts since the last check); resolved when
  a delivery succeeds again or nothing is waiting.

Dead jobs that carried an alert are not alerted again (that could loop): a broken alert
destination shows up as a failing destination, and that alert never goes to it.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Final

from shopbridge.alerts.grouping import FIRING, PENDING, AlertState
from shopbridge.alerts.model import Alert, AlertKind, Member, alert_key
from shopbridge.alerts.settings import DeadLetterRule
from shopbridge.alerts.topics import CHECK_TOPIC
from shopbridge.engine import processors
from shopbridge.engine.events import SOURCE_KIND as ENGINE_SOURCE
from shopbridge.engine.timers import Schedule
from shopbridge.store.base import (
    AlertRecord,
    DestinationStats,
    EventRecord,
    JobFilter,
    JobRecord,
    JobStatus,
)
from shopbridge.types import JSONValue

from .base import RuleContext

__all__ = ["DeliveryRules"]

SCOPE: Final = "alerts"  # watermarks live in the applied versions under this scope
DEAD_SEEN: Final = "dead_letters_seen_at"
ATTEMPTS_SEEN: Final = "attempts_seen_id"
# A dead letter is looked at once its time is this far past: another process may commit
# one a little after the time it recorded.
LATE_COMMIT_SECS: Final = 1.0
PAGE: Final = 200
MAX_DEAD_PER_CHECK: Final = 2000
MAX_STUCK_PER_CHECK: Final = 500
ORDER_TOPICS: Final = (
    "orders/",
    "order_transactions/",
    "fulfillments/",
    "fulfillment_orders/",
    "fulfillment_events/",
    "refunds/",
)
WRITER_PREFIX: Final = "shopify:"
FAILED_OUTCOMES: Final = ("retry", "rejected")
_OPEN: Final = (FIRING, PENDING)


@dataclass(frozen=True, slots=True)
class _DeadRule:
    rule: str
    kind: AlertKind
    settings: DeadLetterRule


def _minutes(secs: float) -> str:
    return f"{secs / 60:.0f} min" if secs >= 60 else f"{secs:.0f} s"


class DeliveryRules:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        settings = context.settings
        self.dead = {
            "dead_letters": _DeadRule(
                "dead_letters", AlertKind.ENGINE_FAILURE, settings.engine.dead_letters
            ),
            "shopify_rejected": _DeadRule(
                "shopify_rejected", AlertKind.ORDER_FAILURE, settings.orders.shopify_rejected
            ),
            "order_not_delivered": _DeadRule(
                "order_not_delivered", AlertKind.ORDER_FAILURE, settings.orders.not_delivered
            ),
        }
        self.stuck = settings.orders.stuck
        self.failing = settings.engine.destination_failing
        active = (
            any(rule.settings.enabled for rule in self.dead.values())
            or self.stuck.enabled
            or self.failing.enabled
        )
        self.shopify_topics: Sequence[str] = []
        self.event_topics: Sequence[str] = [CHECK_TOPIC] if active else []
        self.schedules: Sequence[Schedule] = (
            [Schedule("alerts-check", CHECK_TOPIC, settings.check_interval_secs)] if active else []
        )

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        if topic == CHECK_TOPIC:
            await self.check()

    async def check(self) -> None:
        """One look at dead letters, stuck order events and destinations."""
        store = self.context.store
        stats = {s.destination: s for s in await store.destination_stats(self.context.clock())}
        if any(rule.settings.enabled for rule in self.dead.values()):
            await self._new_dead_letters()
            await self._resolve_dead_letters(stats)
        if self.stuck.enabled:
            await self._stuck_orders()
        if self.failing.enabled:
            await self._destinations(stats)

    # -- dead letters --------------------------------------------------------------

    async def _new_dead_letters(self) -> None:
        """Dead letters of the interval [last watermark, now - LATE_COMMIT_SECS), each once."""
        store, now = self.context.store, self.context.clock()
        seen = (await store.applied_versions(SCOPE, [DEAD_SEEN])).get(DEAD_SEEN)
        upto = now - LATE_COMMIT_SECS
        if seen is None:  # the first check ever: dead letters from long before are not news
            seen = upto - self.context.settings.check_interval_secs
        if upto <= seen:
            return
        before_id, scanned = None, 0
        found: dict[int, EventRecord] = {}
        grouped: dict[str, tuple[Alert, list[Member]]] = {}  # a storm is one raise per alert
        while scanned < MAX_DEAD_PER_CHECK:
            page = await store.list_jobs(
                JobFilter(
                    status=JobStatus.DEAD, since=seen, until=upto, before_id=before_id, limit=PAGE
                )
            )
            for job in page:  # newest first: an alert's text is its newest dead letter's
                if job.event_id not in found:
                    found[job.event_id] = await store.get_event(job.event_id)
                finding = self._dead_letter(job, found[job.event_id])
                if finding is not None:
                    alert, member = finding
                    grouped.setdefault(alert.key, (alert, []))[1].append(member)
            scanned += len(page)
            if len(page) < PAGE:
                break
            before_id = page[-1].id
        for alert, members in grouped.values():
            await self.context.manager.raise_(alert, *reversed(members))
        await store.record_applied(SCOPE, {DEAD_SEEN: upto}, now)

    def _dead_letter(self, job: JobRecord, event: EventRecord) -> tuple[Alert, Member] | None:
        """The alert a dead job belongs to (None: its rule is off, or it carried a notice)."""
        if event.topic.startswith("alerts/"):
            return None  # a notice that could not be delivered: the destination check says so
        destination = job.destination
        shop = event.source if event.source_kind in ("shopify", ENGINE_SOURCE) else ""
        if destination.startswith(WRITER_PREFIX):
            shop = destination.removeprefix(WRITER_PREFIX)
            rule = self.dead["shopify_rejected"]
            key = alert_key("shopify_rejected", shop, job.flow)
            title = f"Shopify refused {job.flow} writes"
            summary = f"Shopify refused the {job.flow} change: {job.last_reason or 'no reason'}."
            excluded: tuple[str, ...] = ()
        elif event.source_kind == "shopify" and event.topic.startswith(ORDER_TOPICS):
            rule = self.dead["order_not_delivered"]
            key = alert_key("order_not_delivered", destination)
            title = f"Order events not delivered to {destination}"
            summary = f"{event.topic} gave up: {job.last_reason or 'no reason'}."
            excluded = (destination,)
        else:
            rule = self.dead["dead_letters"]
            key = alert_key("dead_letters", destination)
            title = f"Dead letters for {destination}"
            summary = f"{event.topic} ({job.flow}) gave up: {job.last_reason or 'no reason'}."
            excluded = (destination,)
        if not rule.settings.enabled:
            return None
        return (
            Alert(
                kind=rule.kind,
                rule=rule.rule,
                key=key,
                shop=shop,
                severity=rule.settings.severity,
                title=title,
                summary=summary + " Replay it from the dead letters once the cause is fixed.",
                details={"destination": destination, "flow": job.flow, "last_job": job.id},
                links=self.context.operator_link(f"/v1/jobs/{job.id}", "The dead letter"),
                auto_resolve_secs=rule.settings.auto_resolve_secs,
                excluded_destinations=excluded,
            ),
            Member(str(job.id), f"{event.topic} job {job.id}: {job.last_reason or 'dead'}"),
        )

    async def _resolve_dead_letters(self, stats: dict[str, DestinationStats]) -> None:
        for rule in self.dead:
            for record in await self.context.store.list_alerts(_OPEN, rule=rule):
                destination = _detail(record, "destination")
                left = stats.get(destination)
                if left is None or left.dead == 0:
                    await self.context.manager.resolve(record.key)

    # -- stuck order events ------------------------------------------------------------

    async def _stuck_orders(self) -> None:
        store, now = self.context.store, self.context.clock()
        late = await store.list_jobs(
            JobFilter(
                status=JobStatus.QUEUED,
                created_before=now - self.stuck.after_secs,
                limit=MAX_STUCK_PER_CHECK,
            )
        )
        groups: dict[tuple[str, str], list[Member]] = {}
        found: dict[int, EventRecord] = {}
        for job in late:
            if job.destination.startswith((WRITER_PREFIX, processors.PREFIX)):
                continue
            if job.event_id not in found:
                found[job.event_id] = await store.get_event(job.event_id)
            event = found[job.event_id]
            if event.source_kind != "shopify" or not event.topic.startswith(ORDER_TOPICS):
                continue
            label = f"{event.topic} (job {job.id}, {job.attempt} attempts)"
            groups.setdefault((event.source, job.destination), []).append(
                Member(str(job.id), label, since=job.created_at)
            )
        for record in await store.list_alerts(_OPEN, rule="stuck_orders"):
            groups.setdefault((record.shop, _detail(record, "destination")), [])
        for (shop, destination), members in groups.items():
            waited = _minutes(self.stuck.after_secs)
            await self.context.manager.sync(
                Alert(
                    kind=AlertKind.ORDER_FAILURE,
                    rule="stuck_orders",
                    key=alert_key("stuck_orders", shop, destination),
                    shop=shop,
                    severity=self.stuck.severity,
                    title=f"Order events stuck on the way to {destination}",
                    summary=f"Order events have waited more than {waited} for {destination}.",
                    details={"destination": destination},
                    excluded_destinations=(destination,),
                ),
                members,
            )

    # -- failing destinations ------------------------------------------------------------

    async def _destinations(self, stats: dict[str, DestinationStats]) -> None:
        store, now = self.context.store, self.context.clock()
        seen = (await store.applied_versions(SCOPE, [ATTEMPTS_SEEN])).get(ATTEMPTS_SEEN)
        outcomes = await store.attempt_outcomes(int(seen) if seen is not None else None)
        await store.record_applied(SCOPE, {ATTEMPTS_SEEN: float(outcomes.upto_id)}, now)
        current = {
            _detail(record, "destination"): record
            for record in await store.list_alerts(_OPEN, rule="destination_failing")
        }
        for destination in sorted(set(stats) | set(outcomes.counts) | set(current)):
            counts = outcomes.counts.get(destination, {})
            members = self._failing(
                destination, stats.get(destination), counts, current.get(destination), now
            )
            if members or destination in current:
                await self.context.manager.sync(
                    await self._destination_alert(destination, stats.get(destination), members),
                    members,
                )

    def _failing(
        self,
        destination: str,
        stats: DestinationStats | None,
        counts: dict[str, int],
        current: AlertRecord | None,
        now: float,
    ) -> list[Member]:
        waiting = stats.queued + stats.running if stats is not None else 0
        members: list[Member] = []
        if (
            stats is not None
            and waiting
            and stats.oldest_pending_age_secs >= self.failing.after_secs
        ):
            age = stats.oldest_pending_age_secs
            members.append(
                Member("backlog", f"{waiting} waiting, the oldest for {_minutes(age)}", now - age)
            )
        delivered = counts.get("delivered", 0)
        failed = sum(counts.get(outcome, 0) for outcome in FAILED_OUTCOMES)
        was_failing = current is not None and "failing" in AlertState.read(current.state).members
        if (failed and not delivered) or (not counts and was_failing and waiting):
            members.append(Member("failing", "every attempt fails"))
        return members

    async def _destination_alert(
        self, destination: str, stats: DestinationStats | None, members: list[Member]
    ) -> Alert:
        reason = None
        if members:
            latest = await self.context.store.list_jobs(
                JobFilter(destination=destination, status=JobStatus.QUEUED, limit=1)
            )
            reason = latest[0].last_reason if latest else None
        waiting = stats.queued + stats.running if stats is not None else 0
        parts = [m.label for m in members] or ["healthy again"]
        if reason:
            parts.append(f"last error: {reason}")
        shop = (
            destination.removeprefix(WRITER_PREFIX) if destination.startswith(WRITER_PREFIX) else ""
        )
        return Alert(
            kind=AlertKind.ENGINE_FAILURE,
            rule="destination_failing",
            key=alert_key("destination_failing", destination),
            shop=shop,
            severity=self.failing.severity,
            title=f"Destination {destination} is failing",
            summary=f"{destination}: " + "; ".join(parts) + ".",
            details={
                "destination": destination,
                "waiting": waiting,
                "dead": stats.dead if stats is not None else 0,
                "oldest_pending_age_secs": round(stats.oldest_pending_age_secs)
                if stats is not None
                else 0,
                "last_error": reason,
            },
            hold_secs=self.failing.after_secs,
            excluded_destinations=(destination,),
        )


def _detail(record: AlertRecord, name: str) -> str:
    value = AlertState.read(record.state).details.get(name)
    return str(value) if value is not None else ""
