"""Desired against actual subscriptions: what to create, update, remove or leave, without I/O.

Only subscriptions whose address is exactly our callback URL are ours; any other one
(another app's address, an old URL of ours, a merchant's tool) is *foreign*: listed,
never touched. Shopify keeps one subscription per topic and address, so ours are
matched to the desired ones by topic. Filters compare as trimmed text, include fields
as sets (an empty list is "every field", as Shopify reads it), and the format must be
JSON.

*Drift* is everything a plan would change: ``missing`` subscriptions (to create),
``different`` ones (to update) and ``unwanted`` ones (to remove).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from enum import StrEnum

from .desired import Desired, Skipped

__all__ = ["Action", "Actual", "Drift", "Plan", "Step", "differences", "make_plan"]

JSON_FORMAT = "JSON"


@dataclass(frozen=True, slots=True)
class Actual:
    """A subscription as Shopify lists it; ``topic`` in wire form (``orders/create``).

    ``include_fields`` None means every field (Shopify lists that as ``[]``).
    """

    id: str
    topic: str
    uri: str
    filter: str | None = None
    include_fields: tuple[str, ...] | None = None
    format: str = JSON_FORMAT


class Action(StrEnum):
    CREATE = "create"
    UPDATE = "update"
    DELETE = "delete"
    UNCHANGED = "unchanged"


@dataclass(frozen=True, slots=True)
class Step:
    """One subscription's fate; ``differences`` names what an update changes."""

    action: Action
    topic: str
    desired: Desired | None = None
    actual: Actual | None = None
    differences: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Drift:
    missing: int = 0
    different: int = 0
    unwanted: int = 0

    @property
    def total(self) -> int:
        return self.missing + self.different + self.unwanted


@dataclass(frozen=True, slots=True)
class Plan:
    """Steps for our subscriptions (sorted by topic), and what is left alone."""

    callback_url: str
    steps: tuple[Step, ...]
    foreign: tuple[Actual, ...] = ()
    skipped: tuple[Skipped, ...] = ()

    @property
    def changes(self) -> tuple[Step, ...]:
        return tuple(step for step in self.steps if step.action is not Action.UNCHANGED)

    @property
    def drift(self) -> Drift:
        count = {action: 0 for action in Action}
        for step in self.steps:
            count[step.action] += 1
        return Drift(count[Action.CREATE], count[Action.UPDATE], count[Action.DELETE])

    def count(self, action: Action) -> int:
        return sum(1 for step in self.steps if step.action is action)


def _fields(value: tuple[str, ...] | None) -> frozenset[str] | None:
    return frozenset(value) if value else None


def differences(desired: Desired, actual: Actual) -> tuple[str, ...]:
    """The subscription fields that differ: ``filter``, ``includeFields``, ``format``."""
    found = []
    if (desired.filter or "").strip() != (actual.filter or "").strip():
        found.append("filter")
    if _fields(desired.include_fields) != _fields(actual.include_fields):
        found.append("includeFields")
    if actual.format != JSON_FORMAT:
        found.append("format")
    return tuple(found)


def make_plan(
    desired: Sequence[Desired],
    actual: Sequence[Actual],
    callback_url: str,
    skipped: Sequence[Skipped] = (),
) -> Plan:
    """Compare; touch only subscriptions at ``callback_url``."""
    ours: dict[str, list[Actual]] = {}
    foreign: list[Actual] = []
    for subscription in actual:
        if subscription.uri == callback_url:
            ours.setdefault(subscription.topic, []).append(subscription)
        else:
            foreign.append(subscription)
    steps: list[Step] = []
    for wanted in desired:
        present = ours.pop(wanted.topic, [])
        if not present:
            steps.append(Step(Action.CREATE, wanted.topic, desired=wanted))
            continue
        kept, *extra = present
        changed = differences(wanted, kept)
        action = Action.UPDATE if changed else Action.UNCHANGED
        steps.append(Step(action, wanted.topic, wanted, kept, changed))
        steps.extend(
            Step(Action.DELETE, s.topic, actual=s, differences=("duplicate",)) for s in extra
        )
    for leftovers in ours.values():
        steps.extend(Step(Action.DELETE, s.topic, actual=s) for s in leftovers)
    steps.sort(key=lambda step: (step.topic, step.actual.id if step.actual else ""))
    foreign.sort(key=lambda s: (s.topic, s.uri))
    return Plan(callback_url, tuple(steps), tuple(foreign), tuple(skipped))
