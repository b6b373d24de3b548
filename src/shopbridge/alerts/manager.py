"""``AlertManager``: apply a rule's finding to the alert's stored state, and notify.

Each call reads the alert's row, lets :mod:`.grouping` decide, and writes the new row
with a compare-and-set on its revision. The notice event (``alerts/<kind>``) and its jobs,
and the timer that wakes the alert later (the end of a grouping window, a grace or quiet
period), are written in that same transaction: a crash leaves either all of it or none,
and two processes deciding at once cannot both notify (the loser reads again).

A notice is never delivered to a destination the alert is about (``excluded_destinations``):
an alert that Slack is failing does not go to Slack, so a broken destination cannot feed
alerts about itself.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Iterable, Mapping
from typing import Final

from shopbridge.alerts import grouping
from shopbridge.alerts.grouping import Decision
from shopbridge.alerts.model import (
    SOURCE,
    Alert,
    AlertKind,
    Member,
    iso_time,
)
from shopbridge.engine import events
from shopbridge.engine.router import Router
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.store.base import AlertRecord, NewJob, NewTimer, Store
from shopbridge.types import JSONObject

__all__ = ["MAX_LISTED_MEMBERS", "TICK_TOPIC", "AlertManager", "notice_body", "timer_name"]

TICK_TOPIC: Final = "alerting/alert_due"
MAX_LISTED_MEMBERS: Final = 20  # members named in a notice; the count says how many in all
_CAS_ATTEMPTS: Final = 20

log = get_logger(__name__)

Clock = Callable[[], float]
Decide = Callable[[AlertRecord | None, float], Decision | None]


def timer_name(key: str) -> str:
    return f"alert:{key}"


class AlertManager:
    """Raises, updates and resolves alerts for the rules; shared by every rule."""

    def __init__(
        self,
        store: Store,
        router: Router,
        *,
        window_secs: float,
        shop_domains: Mapping[str, str],
        clock: Clock,
        metrics: Metrics | None = None,
    ) -> None:
        self.store = store
        self.router = router
        self.window_secs = window_secs
        self.shop_domains = dict(shop_domains)
        self.clock = clock
        self.metrics = metrics

    async def raise_(self, alert: Alert, *members: Member) -> Decision | None:
        """``members`` of ``alert`` occurred (a failed payment, dead jobs, an order on hold)."""
        window = self.window_secs
        return await self._apply(
            alert.key, lambda row, now: grouping.raise_member(row, alert, members, now, window)
        )

    async def sync(self, alert: Alert, members: Iterable[Member]) -> Decision | None:
        """A check found exactly ``members`` (none: the condition is over)."""
        found, window = list(members), self.window_secs
        return await self._apply(
            alert.key, lambda row, now: grouping.sync_members(row, alert, found, now, window)
        )

    async def clear(self, key: str, member_id: str) -> Decision | None:
        """One member is fine again (the order was paid, the hold released)."""
        window = self.window_secs
        return await self._apply(
            key, lambda row, now: grouping.remove_member(row, member_id, now, window)
        )

    async def resolve(self, key: str) -> Decision | None:
        window = self.window_secs
        return await self._apply(key, lambda row, now: grouping.resolve_all(row, now, window))

    async def tick(self, key: str) -> Decision | None:
        """The alert's timer fired: flush a window, end a grace or quiet period."""
        window = self.window_secs
        return await self._apply(key, lambda row, now: grouping.tick(row, now, window))

    async def _apply(self, key: str, decide: Decide) -> Decision | None:
        for _ in range(_CAS_ATTEMPTS):
            current = await self.store.get_alert(key)
            now = self.clock()
            decision = decide(current, now)
            if decision is None:
                return None
            if await self._save(current, decision, now):
                self._report(decision)
                return decision
        raise RuntimeError(f"alert {key}: gave up after {_CAS_ATTEMPTS} concurrent changes")

    async def _save(self, current: AlertRecord | None, decision: Decision, now: float) -> bool:
        record = decision.record
        event = None
        jobs: list[NewJob] = []
        if decision.notification is not None:
            topic = AlertKind(record.kind).topic
            body = notice_body(decision, self.shop_domains.get(record.shop))
            event = events.engine_event(
                record.shop,
                topic,
                body,
                dedupe_key=f"{record.key}|{record.episode}|{record.revision}",
                now=now,
                shop_domain=self.shop_domains.get(record.shop),
            )
            excluded = set(decision.state.excluded)
            jobs = [
                job
                for job in events.jobs_for(self.router, record.shop, topic, body)
                if job.destination not in excluded
            ]
        timer = None
        if decision.wake_at is not None:
            payload = json.dumps({"key": record.key}).encode()
            timer = NewTimer(
                timer_name(record.key), TICK_TOPIC, decision.wake_at, payload, record.shop
            )
        return await self.store.save_alert(
            record,
            current.revision if current is not None else None,
            event,
            jobs,
            timer=timer,
            cancel_timer=timer_name(record.key) if timer is None else None,
        )

    def _report(self, decision: Decision) -> None:
        if decision.notification is None:
            return
        record = decision.record
        log.info(
            f"alert_{decision.notification.value}",
            key=record.key,
            kind=record.kind,
            rule=record.rule,
            shop=record.shop,
            count=decision.count,
            title=decision.state.title,
        )
        if self.metrics is not None:
            self.metrics.alert_notified(record.kind, decision.notification.value)


def notice_body(decision: Decision, shop_domain: str | None) -> JSONObject:
    """The JSON notice of a decision (what ``http`` destinations receive)."""
    record, state = decision.record, decision.state
    assert decision.notification is not None
    return {
        "source": SOURCE,
        "id": f"{record.key}#{record.episode}",
        "dedup_key": record.key,
        "kind": record.kind,
        "rule": record.rule,
        "notification": decision.notification.value,
        "status": "resolved" if decision.notification.value == "resolved" else "firing",
        "severity": record.severity,
        "title": state.title,
        "summary": state.summary,
        "shop": record.shop,
        "shop_domain": shop_domain,
        "count": decision.count,
        "new_since_last": decision.new_since_last,
        "open": decision.open,
        "members": list(decision.labels[:MAX_LISTED_MEMBERS]),
        "first_seen": iso_time(record.first_seen),
        "last_seen": iso_time(record.last_seen),
        "resolved_at": iso_time(record.resolved_at),
        "details": state.details,
        "links": [{"title": link.title, "url": link.url} for link in state.links],
    }
