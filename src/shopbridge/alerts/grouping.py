"""Pure decisions: from an alert's stored state and what just happened, its next state.

The rules, for one dedup key:

* An alert is **firing** while it has a member that has been there ``hold_secs`` (the
  grace period; 0 for most rules), **pending** while its members are all younger, and
  **resolved** when it has none.
* Becoming firing notifies at once (**triggered**) and starts an episode; its count of
  members starts at zero.
* While firing, each new member adds to the count. If the last notice is older than the
  grouping window, the count goes out at once as an **update**; otherwise it waits for
  the window's end (the manager arms a timer at :attr:`Decision.wake_at`). A storm is
  one trigger and one update per window.
* Leaving firing notifies **resolved**. ``auto_resolve_secs`` resolves an alert when no
  occurrence came for that long (for one-off events nothing else resolves).

Nothing here reads a clock or a store: ``now`` is given, the result is a value.
"""

from __future__ import annotations

import dataclasses
import json
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any, Final

from shopbridge.alerts.model import Alert, Link, Member, Notification
from shopbridge.store.base import AlertRecord

__all__ = [
    "FIRING",
    "MAX_MEMBERS",
    "PENDING",
    "RESOLVED",
    "AlertState",
    "Decision",
    "raise_member",
    "remove_member",
    "resolve_all",
    "sync_members",
    "tick",
]

PENDING: Final = "pending"
FIRING: Final = "firing"
RESOLVED: Final = "resolved"
MAX_MEMBERS: Final = 500  # members kept by id; more are counted in ``overflow``


@dataclass
class _Tracked:
    label: str
    since: float
    counted: bool = False  # it has been there hold_secs and was added to the count


@dataclass
class AlertState:
    """What the row's ``state`` JSON holds: the alert's text and its members."""

    title: str
    summary: str
    details: dict[str, Any]
    links: list[Link]
    hold_secs: float = 0.0
    auto_resolve_secs: float | None = None
    excluded: list[str] = field(default_factory=list)
    members: dict[str, _Tracked] = field(default_factory=dict)
    overflow: int = 0  # members beyond MAX_MEMBERS, counted but not kept

    @classmethod
    def read(cls, raw: bytes) -> AlertState:
        data = json.loads(raw)
        return cls(
            title=data["title"],
            summary=data["summary"],
            details=data.get("details") or {},
            links=[Link(link["title"], link["url"]) for link in data.get("links") or ()],
            hold_secs=float(data.get("hold_secs") or 0.0),
            auto_resolve_secs=data.get("auto_resolve_secs"),
            excluded=list(data.get("excluded") or ()),
            members={
                key: _Tracked(m["label"], float(m["since"]), bool(m.get("counted")))
                for key, m in (data.get("members") or {}).items()
            },
            overflow=int(data.get("overflow") or 0),
        )

    def dump(self) -> bytes:
        data = {
            "title": self.title,
            "summary": self.summary,
            "details": self.details,
            "links": [{"title": link.title, "url": link.url} for link in self.links],
            "hold_secs": self.hold_secs,
            "auto_resolve_secs": self.auto_resolve_secs,
            "excluded": self.excluded,
            "members": {
                key: {"label": m.label, "since": m.since, "counted": m.counted}
                for key, m in self.members.items()
            },
            "overflow": self.overflow,
        }
        return json.dumps(data, separators=(",", ":"), ensure_ascii=False).encode()

    def take(self, alert: Alert) -> None:
        """The newest text and settings of the alert (a rule may reword it)."""
        self.title, self.summary = alert.title, alert.summary
        self.details, self.links = dict(alert.details), list(alert.links)
        self.hold_secs, self.auto_resolve_secs = alert.hold_secs, alert.auto_resolve_secs
        self.excluded = list(alert.excluded_destinations)

    @property
    def labels(self) -> list[str]:
        """Labels of the members counted (due), oldest first."""
        due = [m for m in self.members.values() if m.counted]
        return [m.label for m in sorted(due, key=lambda m: m.since)]

    @property
    def open(self) -> int:
        return sum(m.counted for m in self.members.values()) + self.overflow


@dataclass(frozen=True, slots=True)
class Decision:
    """The alert's next row, what to tell (if anything), and when to look at it again."""

    record: AlertRecord
    state: AlertState
    notification: Notification | None
    wake_at: float | None
    # What the notice reports (the row may already be reset for a next episode).
    count: int
    new_since_last: int
    open: int
    labels: tuple[str, ...]


def raise_member(
    current: AlertRecord | None,
    alert: Alert,
    members: Member | Iterable[Member],
    now: float,
    window: float,
) -> Decision | None:
    """``members`` occur (again): one or several at once. None when nothing changes."""
    state = _state_of(current, alert)
    state.take(alert)
    overflowed = 0
    for member in [members] if isinstance(members, Member) else members:
        tracked = state.members.get(member.id)
        if tracked is not None:
            tracked.label = member.label
        elif len(state.members) < MAX_MEMBERS:
            state.members[member.id] = _Tracked(member.label, _since(member, now))
        else:
            state.overflow, overflowed = state.overflow + 1, overflowed + 1
    return _settle(current, alert, state, now, window, activity=True, overflowed=overflowed)


def sync_members(
    current: AlertRecord | None,
    alert: Alert,
    members: Iterable[Member],
    now: float,
    window: float,
) -> Decision | None:
    """The condition's members are exactly ``members`` now (a check found them)."""
    wanted = {member.id: member for member in members}
    if current is None and not wanted:
        return None
    state = _state_of(current, alert)
    state.take(alert)
    kept = {key: m for key, m in state.members.items() if key in wanted}
    for key, member in wanted.items():
        if key in kept:
            kept[key].label = member.label
        elif len(kept) < MAX_MEMBERS:
            kept[key] = _Tracked(member.label, _since(member, now))
    before, state.overflow = state.overflow, max(0, len(wanted) - len(kept))
    state.members = kept
    overflowed = max(0, state.overflow - before)
    return _settle(current, alert, state, now, window, activity=bool(wanted), overflowed=overflowed)


def remove_member(
    current: AlertRecord | None, member_id: str, now: float, window: float
) -> Decision | None:
    """``member_id`` is fine again; the alert resolves when no member is left."""
    if current is None or current.status == RESOLVED:
        return None
    state = AlertState.read(current.state)
    if state.members.pop(member_id, None) is None:
        if not state.overflow:
            return None
        state.overflow -= 1
    return _settle(current, None, state, now, window, activity=False)


def resolve_all(current: AlertRecord | None, now: float, window: float) -> Decision | None:
    """The whole condition is over."""
    if current is None or current.status == RESOLVED:
        return None
    state = AlertState.read(current.state)
    state.members, state.overflow = {}, 0
    return _settle(current, None, state, now, window, activity=False)


def tick(current: AlertRecord | None, now: float, window: float) -> Decision | None:
    """Time passed: a window ended, a grace period or a quiet period ran out."""
    if current is None or current.status == RESOLVED:
        return None
    state = AlertState.read(current.state)
    quiet = state.auto_resolve_secs
    if current.status == FIRING and quiet is not None and now >= current.last_seen + quiet:
        state.members, state.overflow = {}, 0
    return _settle(current, None, state, now, window, activity=False)


def _since(member: Member, now: float) -> float:
    return min(member.since, now) if member.since is not None else now


def _state_of(current: AlertRecord | None, alert: Alert) -> AlertState:
    if current is None:
        return AlertState(alert.title, alert.summary, dict(alert.details), list(alert.links))
    return AlertState.read(current.state)


def _settle(
    prev: AlertRecord | None,
    alert: Alert | None,
    state: AlertState,
    now: float,
    window: float,
    *,
    activity: bool,
    overflowed: int = 0,
) -> Decision | None:
    was = prev.status if prev is not None else RESOLVED
    fresh = was == RESOLVED  # a new episode's counts start at zero
    count = 0 if fresh or prev is None else prev.count
    notified_count = 0 if fresh or prev is None else prev.notified_count
    notified_at = None if fresh or prev is None else prev.notified_at
    for tracked in state.members.values():
        if not tracked.counted and now - tracked.since >= state.hold_secs:
            tracked.counted = True
            count += 1
    count += overflowed  # members beyond MAX_MEMBERS count as soon as they come
    status = FIRING if state.open else (PENDING if state.members else RESOLVED)
    episode = prev.episode if prev is not None else 0
    notification: Notification | None = None
    reported = (count, count - notified_count, state.open, tuple(state.labels))
    resolved_at = prev.resolved_at if prev is not None else None
    if status == FIRING and was != FIRING:
        notification, episode = Notification.TRIGGERED, episode + 1
        notified_count, notified_at, resolved_at = count, now, None
        reported = (count, count, state.open, tuple(state.labels))
    elif status == FIRING and count > notified_count:
        if notified_at is None or now >= notified_at + window:
            notification = Notification.UPDATED
            notified_count, notified_at = count, now
    elif status != FIRING and was == FIRING:
        notification, resolved_at = Notification.RESOLVED, now
        reported = (count, 0, 0, ())
        # A next episode counts from zero; members still in their grace period stay.
        count, notified_count, notified_at = 0, 0, None
    if was == RESOLVED and status == RESOLVED:
        return None  # nothing open before, nothing open now
    last_seen = now if activity or prev is None else prev.last_seen
    first_seen = now if fresh or prev is None else prev.first_seen
    key, kind, rule, shop, severity = _identity(prev, alert)
    record = AlertRecord(
        key=key,
        kind=kind,
        rule=rule,
        shop=shop,
        status=status,
        severity=severity,
        episode=episode,
        first_seen=first_seen,
        last_seen=last_seen,
        count=count,
        notified_count=notified_count,
        notified_at=notified_at,
        resolved_at=resolved_at,
        state=state.dump(),
        revision=prev.revision + 1 if prev is not None else 1,
        updated_at=now,
    )
    if notification is None and prev is not None and _same(prev, record, state):
        return None
    return Decision(
        record=record,
        state=state,
        notification=notification,
        wake_at=_wake_at(record, state, window),
        count=reported[0],
        new_since_last=reported[1],
        open=reported[2],
        labels=reported[3],
    )


def _identity(prev: AlertRecord | None, alert: Alert | None) -> tuple[str, str, str, str, str]:
    """Key, kind, rule, shop and severity: the alert's when given (it may be reworded)."""
    if alert is not None:
        return alert.key, alert.kind.value, alert.rule, alert.shop, alert.severity
    assert prev is not None, "an alert with no stored row needs the Alert"
    return prev.key, prev.kind, prev.rule, prev.shop, prev.severity


def _same(before: AlertRecord, after: AlertRecord, state: AlertState) -> bool:
    """Nothing worth a write: only bookkeeping moved (``last_seen`` matters to auto-resolve)."""
    ignored: dict[str, Any] = {"revision": 0, "updated_at": 0.0}
    if state.auto_resolve_secs is None:
        ignored["last_seen"] = 0.0
    return dataclasses.replace(before, **ignored) == dataclasses.replace(after, **ignored)


def _wake_at(record: AlertRecord, state: AlertState, window: float) -> float | None:
    """When time alone may change the alert: a window ends, a grace or quiet period runs out."""
    times: list[float] = []
    if record.status == FIRING:
        if record.count > record.notified_count and record.notified_at is not None:
            times.append(record.notified_at + window)
        if state.auto_resolve_secs is not None:
            times.append(record.last_seen + state.auto_resolve_secs)
    times.extend(m.since + state.hold_secs for m in state.members.values() if not m.counted)
    return min(times) if times else None
