"""Render the webhook payloads a committed transaction sends, as the emitter would."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import topics_for
from shopbridge.sandbox.webhooks.events import events_for

__all__ = ["rendered", "rendered_by_rule"]

TRIGGERED_AT = "2026-07-01T00:00:00Z"
Payloads = dict[str, list[dict[str, Any]]]


def _last_transaction(state: State) -> list[Change]:
    txn = state.recent[-1].txn
    return [change for change in state.recent if change.txn == txn]


def rendered(state: State, changes: Sequence[Change] | None = None) -> Payloads:
    """Payloads by topic for ``changes`` (default: the last transaction), one event rule applied."""
    found: Payloads = {}
    for event in events_for(state, list(changes or _last_transaction(state)), TRIGGERED_AT):
        found.setdefault(event.topic, []).append(event.payload)
    return found


def rendered_by_rule(state: State, changes: Sequence[Change]) -> Payloads:
    """Every topic rule each change triggers, without the one-event-per-transaction rule."""
    found: Payloads = {}
    for change in changes:
        for rule in topics_for(change):
            found.setdefault(rule.topic, []).append(rule.render(state, change))
    return found
