"""What happened to one delivery attempt: a value, never an exception.

A sink returns exactly one of :class:`Delivered`, :class:`Retry` or
:class:`Reject`. The worker alone turns an outcome plus the destination's
retry policy into a store transition.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from shopbridge.types import JSONObject


@dataclass(frozen=True, slots=True)
class Exchange:
    """What was sent and what came back, kept with the attempt for operators.

    Bodies are truncated excerpts; header values that carry secrets are redacted.
    """

    request: JSONObject = field(default_factory=dict)
    response: JSONObject | None = None


@dataclass(frozen=True, slots=True)
class Delivered:
    status_code: int
    exchange: Exchange = field(default_factory=Exchange)
    duration_secs: float = 0.0


@dataclass(frozen=True, slots=True)
class Retry:
    """Try again later. ``after_secs`` is the destination's wish (Retry-After), if any."""

    reason: str
    status_code: int | None = None
    after_secs: float | None = None
    exchange: Exchange = field(default_factory=Exchange)
    duration_secs: float = 0.0


@dataclass(frozen=True, slots=True)
class Reject:
    """Never try again: the destination (or our mapping) refused this delivery for good."""

    reason: str
    status_code: int | None = None
    exchange: Exchange = field(default_factory=Exchange)
    duration_secs: float = 0.0


Outcome = Delivered | Retry | Reject


def outcome_name(outcome: Outcome) -> str:
    """The label used in logs, metrics and attempt records."""
    if isinstance(outcome, Delivered):
        return "delivered"
    if isinstance(outcome, Retry):
        return "retry"
    return "rejected"
