"""What a sync found and did, as values: the plan, what Shopify refused, the end report.

Every kind of sync (inventory, prices, products) plans its rows into changes of its
own type (a :class:`Change`: it knows its file line and how it reads in a plan), then
sends them. These values are the same for every kind, so the CLI prints one report.
The report counts every row once: unchanged, skipped, applied or refused.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, Generic, Literal, Protocol, TypeVar

__all__ = ["Change", "Hooks", "Path", "Plan", "Refusal", "Report", "Sent", "Skipped"]

Path = Literal["direct", "bulk", "dry-run"]


class Change(Protocol):
    """A planned change of any kind."""

    @property
    def line(self) -> int:
        """The 1-based line of the file it came from (its first line, for a product)."""
        ...

    def summary(self) -> tuple[str, str, str]:
        """What it changes, Shopify's value now, the file's value (for the dry-run table)."""
        ...


P = TypeVar("P", bound=Change)


@dataclass(frozen=True, slots=True)
class Skipped:
    """A row Shopify cannot take as it is (unknown SKU, …), with the reason."""

    line: int
    reason: str


@dataclass(slots=True)
class Plan(Generic[P]):
    rows: int = 0
    unchanged: int = 0
    changes: list[P] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)

    def skip(self, line: int, reason: str) -> None:
        self.skipped.append(Skipped(line, reason))


@dataclass(frozen=True, slots=True)
class Refusal(Generic[P]):
    """A planned change Shopify did not apply, with its code and reason."""

    planned: P
    code: str | None
    message: str

    @property
    def line(self) -> int:
        return self.planned.line


@dataclass(slots=True)
class Sent(Generic[P]):
    """What became of the planned changes that were sent."""

    sent: int = 0
    applied: int = 0
    mutations: int = 0
    refused: list[Refusal[P]] = field(default_factory=list)

    def add(self, other: Sent[P]) -> None:
        """Count a second round (changes sent again) into this one."""
        self.applied += other.applied
        self.mutations += other.mutations
        self.refused.extend(other.refused)


@dataclass(slots=True)
class Hooks:
    """Progress callbacks (the CLI draws bars with them); all optional.

    ``read`` counts rows whose current values were read, ``done`` changes settled.
    """

    planned: Callable[[Plan[Any], Path], None] | None = None
    read: Callable[[int], None] | None = None
    done: Callable[[int], None] | None = None
    bulk_status: Callable[[str], None] | None = None


@dataclass(slots=True)
class Report(Generic[P]):
    """The end report of one sync."""

    plan: Plan[P]
    path: Path
    sent: Sent[P] = field(default_factory=Sent)
    calls: int = 0
    cost_points: int = 0
    throttled: int = 0
    seconds: float = 0.0

    @property
    def refused(self) -> list[Refusal[P]]:
        return self.sent.refused

    @property
    def ok(self) -> bool:
        """Every row is unchanged or applied (nothing skipped or refused)."""
        return not self.plan.skipped and not self.sent.refused
