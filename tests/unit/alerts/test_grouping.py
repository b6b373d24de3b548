"""The grouping rules as events in time: what each notifies, and what it waits for."""

from __future__ import annotations

from collections.abc import Iterable

from shopbridge.alerts import grouping
from shopbridge.alerts.grouping import FIRING, MAX_MEMBERS, PENDING, RESOLVED, Decision
from shopbridge.alerts.model import Alert, AlertKind, Member, Notification
from shopbridge.store.base import AlertRecord

T0 = 1_800_000_000.0
WINDOW = 60.0


def alert(**changes: object) -> Alert:
    fields: dict[str, object] = {
        "kind": AlertKind.PAYMENT_ISSUE,
        "rule": "failed_transactions",
        "key": "payment_failed:acme",
        "shop": "acme",
        "severity": "error",
        "title": "Payments are failing",
        "summary": "A payment failed.",
    }
    fields.update(changes)
    return Alert(**fields)  # type: ignore[arg-type]


class Timeline:
    """One alert's row, carried from decision to decision as the store would keep it."""

    def __init__(self, template: Alert | None = None) -> None:
        self.alert = template or alert()
        self.row: AlertRecord | None = None
        self.sent: list[tuple[Notification, int, int]] = []  # (what, count, new since last)

    def _keep(self, decision: Decision | None) -> Decision | None:
        if decision is not None:
            self.row = decision.record
            if decision.notification is not None:
                self.sent.append((decision.notification, decision.count, decision.new_since_last))
        return decision

    def raise_(self, member: str, at: float) -> Decision | None:
        return self._keep(
            grouping.raise_member(self.row, self.alert, Member(member, member), T0 + at, WINDOW)
        )

    def sync(self, members: Iterable[str], at: float) -> Decision | None:
        found = [Member(m, m) for m in members]
        return self._keep(grouping.sync_members(self.row, self.alert, found, T0 + at, WINDOW))

    def clear(self, member: str, at: float) -> Decision | None:
        return self._keep(grouping.remove_member(self.row, member, T0 + at, WINDOW))

    def tick(self, at: float) -> Decision | None:
        return self._keep(grouping.tick(self.row, T0 + at, WINDOW))

    @property
    def status(self) -> str:
        assert self.row is not None
        return self.row.status


def test_the_first_occurrence_notifies_at_once() -> None:
    line = Timeline()
    decision = line.raise_("order-1", at=0)
    assert decision is not None
    assert line.sent == [(Notification.TRIGGERED, 1, 1)]
    assert line.status == FIRING
    assert decision.wake_at is None  # nothing waits: no more occurrences, no quiet period
    assert decision.labels == ("order-1",)


def test_a_storm_is_one_trigger_and_one_update_per_window() -> None:
    line = Timeline()
    line.raise_("order-1", at=0)
    for second, order in enumerate(("order-2", "order-3", "order-4"), start=1):
        decision = line.raise_(order, at=second)
        assert decision is not None
        assert decision.notification is None
        assert decision.wake_at == T0 + WINDOW  # the window's end
    line.tick(at=WINDOW)
    assert line.sent == [(Notification.TRIGGERED, 1, 1), (Notification.UPDATED, 4, 3)]
    assert line.tick(at=WINDOW + 1) is None  # nothing more to say


def test_an_occurrence_after_the_window_notifies_at_once() -> None:
    line = Timeline()
    line.raise_("order-1", at=0)
    line.raise_("order-2", at=WINDOW + 5)
    assert line.sent[-1] == (Notification.UPDATED, 2, 1)


def test_the_same_member_again_is_not_counted_twice() -> None:
    line = Timeline()
    line.raise_("order-1", at=0)
    line.raise_("order-1", at=1)
    line.tick(at=WINDOW)
    assert line.sent == [(Notification.TRIGGERED, 1, 1)]
    assert line.row is not None
    assert line.row.count == 1


def test_the_alert_resolves_when_its_last_member_clears_and_fires_anew_later() -> None:
    line = Timeline()
    line.raise_("order-1", at=0)
    line.raise_("order-2", at=1)
    assert line.clear("order-1", at=2) is not None
    assert line.status == FIRING
    line.clear("order-2", at=3)
    assert line.status == RESOLVED
    assert line.sent[-1] == (Notification.RESOLVED, 2, 0)
    assert line.clear("order-2", at=4) is None  # resolving twice says nothing
    line.raise_("order-9", at=10)
    assert line.sent[-1] == (Notification.TRIGGERED, 1, 1)  # a new episode counts from one
    assert line.row is not None
    assert line.row.episode == 2


def test_a_grace_period_holds_the_alert_pending_and_a_quick_recovery_stays_silent() -> None:
    line = Timeline(alert(hold_secs=30))
    decision = line.sync(["level-a"], at=0)
    assert decision is not None
    assert decision.wake_at == T0 + 30
    assert line.status == PENDING
    assert line.sent == []
    line.sync([], at=10)  # back in line within the grace period
    assert line.status == RESOLVED
    assert line.sent == []
    line.sync(["level-a"], at=20)
    line.sync(["level-a"], at=40)  # still off, but only for 20 s
    assert line.sent == []
    line.tick(at=50)
    assert line.sent == [(Notification.TRIGGERED, 1, 1)]


def test_a_member_found_late_counts_from_when_it_began() -> None:
    line = Timeline(alert(hold_secs=30))
    line.row = None
    found = [Member("backlog", "waiting", since=T0 - 45)]
    decision = grouping.sync_members(None, line.alert, found, T0, WINDOW)
    assert decision is not None
    assert decision.notification is Notification.TRIGGERED


def test_a_one_off_alert_resolves_after_a_quiet_period() -> None:
    line = Timeline(alert(auto_resolve_secs=100))
    decision = line.raise_("txn-1", at=0)
    assert decision is not None
    assert decision.wake_at == T0 + 100
    decision = line.raise_("txn-2", at=30)
    assert decision is not None
    assert decision.wake_at == T0 + WINDOW
    line.tick(at=WINDOW)
    assert line.tick(at=100) is None  # quiet since 30 only
    line.tick(at=130)
    assert [sent[0] for sent in line.sent] == [
        Notification.TRIGGERED,
        Notification.UPDATED,
        Notification.RESOLVED,
    ]


def test_a_check_that_finds_nothing_resolves_its_condition() -> None:
    line = Timeline()
    line.sync(["job-1", "job-2"], at=0)
    line.sync(["job-2", "job-3"], at=WINDOW)
    line.sync([], at=2 * WINDOW)
    assert line.sent == [
        (Notification.TRIGGERED, 2, 2),
        (Notification.UPDATED, 3, 1),
        (Notification.RESOLVED, 3, 0),
    ]
    assert grouping.sync_members(None, alert(), [], T0, WINDOW) is None  # nothing, never was


def test_members_beyond_the_limit_are_still_counted() -> None:
    line = Timeline()
    for index in range(MAX_MEMBERS + 5):
        line.raise_(f"order-{index}", at=0)
    line.tick(at=WINDOW)
    assert line.sent[-1] == (Notification.UPDATED, MAX_MEMBERS + 5, MAX_MEMBERS + 4)
    decision = line.clear("order-0", at=WINDOW + 1)
    assert decision is not None
    assert decision.open == MAX_MEMBERS + 4


def test_a_reworded_alert_is_kept_without_notifying() -> None:
    line = Timeline()
    line.raise_("order-1", at=0)
    line.alert = alert(summary="The gateway answers 503.")
    decision = line.raise_("order-1", at=1)
    assert decision is not None
    assert decision.notification is None
    assert decision.state.summary == "The gateway answers 503."


def test_a_resolved_condition_checked_again_and_found_clear_changes_nothing() -> None:
    line = Timeline()
    line.sync(["level-a"], at=0)
    line.sync([], at=10)
    assert line.status == RESOLVED
    assert line.sync([], at=20) is None
