"""What an alert is, and the notice that leaves shopbridge when one fires, updates or resolves.

An :class:`Alert` is what a rule raises: a kind, a dedup key that names the condition
(one alert per key, however often it occurs), the text people read, details and links.
A :class:`Member` is one thing the alert is about (an order, a level, a dead job);
members are counted, listed, and removed one by one when a condition clears.

The notice (:func:`notice_body`) is the JSON body of the ``alerts/<kind>`` engine event:
plain ``http`` destinations receive it as is, the Slack, Teams and PagerDuty destinations
format it (:mod:`shopbridge.alerts.formatters`).
"""

from __future__ import annotations

import enum
import hashlib
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any, Final

from shopbridge.alerts.settings import Severity
from shopbridge.types import JSONObject, JSONValue

__all__ = [
    "MAX_KEY_CHARS",
    "Alert",
    "AlertKind",
    "Link",
    "Member",
    "Notice",
    "Notification",
    "alert_key",
    "iso_time",
    "read_notice",
]

MAX_KEY_CHARS: Final = 200  # timers are named "alert:<key>" (255 at most)
SOURCE: Final = "shopbridge"


class AlertKind(enum.StrEnum):
    PAYMENT_ISSUE = "payment_issue"
    ORDER_FAILURE = "order_failure"
    FULFILLMENT_EXCEPTION = "fulfillment_exception"
    INVENTORY_MISMATCH = "inventory_mismatch"
    ENGINE_FAILURE = "engine_failure"

    @property
    def topic(self) -> str:
        """The engine event its notices are: ``alerts/<kind>``."""
        return f"alerts/{self.value}"


class Notification(enum.StrEnum):
    TRIGGERED = "triggered"  # it fires (again, after a resolve)
    UPDATED = "updated"  # more occurrences since the last notice
    RESOLVED = "resolved"  # its condition is over


@dataclass(frozen=True, slots=True)
class Link:
    title: str
    url: str


@dataclass(frozen=True, slots=True)
class Member:
    """One thing an alert is about; ``id`` is stable (an order id, a level key, a job id).

    ``since``: when it started, if before it was found (a job waiting for an hour already).
    """

    id: str
    label: str
    since: float | None = None


@dataclass(frozen=True, slots=True)
class Alert:
    """A condition a rule found; raising it again with the same ``key`` adds to the same alert.

    ``hold_secs``: a member must stay this long before the alert fires (a grace period).
    ``auto_resolve_secs``: resolve after this long without a new occurrence.
    ``excluded_destinations``: never notify these (the alert is about them: no loops).
    """

    kind: AlertKind
    rule: str
    key: str
    shop: str
    severity: Severity
    title: str
    summary: str
    details: JSONObject = field(default_factory=dict)
    links: tuple[Link, ...] = ()
    hold_secs: float = 0.0
    auto_resolve_secs: float | None = None
    excluded_destinations: tuple[str, ...] = ()


def alert_key(*parts: str) -> str:
    """A dedup key from its parts (``rule:shop:subject``), shortened with a digest if long."""
    key = ":".join(parts)
    if len(key) <= MAX_KEY_CHARS:
        return key
    digest = hashlib.sha256(key.encode()).hexdigest()[:16]
    return f"{key[: MAX_KEY_CHARS - 17]}~{digest}"


def iso_time(secs: float | None) -> str | None:
    """Unix seconds as an ISO 8601 UTC time (what PagerDuty and people read)."""
    if secs is None:
        return None
    return datetime.fromtimestamp(secs, UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass(frozen=True, slots=True)
class Notice:
    """A notice read back from its JSON body, for the formatters."""

    dedup_key: str
    kind: str
    rule: str
    notification: Notification
    severity: Severity
    title: str
    summary: str
    shop: str
    shop_domain: str | None
    count: int
    new_since_last: int
    open: int
    members: tuple[str, ...]
    first_seen: str | None
    last_seen: str | None
    resolved_at: str | None
    details: Mapping[str, Any]
    links: tuple[Link, ...]

    @property
    def resolved(self) -> bool:
        return self.notification is Notification.RESOLVED

    @property
    def headline(self) -> str:
        """One line: what happened, with the count when there is more than one."""
        if self.resolved:
            return f"Resolved: {self.title}"
        if self.notification is Notification.UPDATED:
            return f"{self.title} ({self.new_since_last} more, {self.count} in all)"
        return self.title if self.count <= 1 else f"{self.title} ({self.count})"


_SEVERITIES: Final = ("critical", "error", "warning", "info")


def read_notice(body: JSONValue) -> Notice | None:
    """The notice in ``body``, or None when it is not one (a flow mapped it to something else)."""
    if not isinstance(body, dict) or body.get("source") != SOURCE:
        return None
    try:
        notification = Notification(str(body["notification"]))
        severity = str(body["severity"])
        if severity not in _SEVERITIES:
            return None
        links = tuple(
            Link(str(link["title"]), str(link["url"]))
            for link in _list(body.get("links"))
            if isinstance(link, dict) and "title" in link and "url" in link
        )
        details = body.get("details")
        return Notice(
            dedup_key=str(body["dedup_key"]),
            kind=str(body["kind"]),
            rule=str(body["rule"]),
            notification=notification,
            severity=severity,  # type: ignore[arg-type]  # checked against _SEVERITIES
            title=str(body["title"]),
            summary=str(body.get("summary") or ""),
            shop=str(body.get("shop") or ""),
            shop_domain=_text(body.get("shop_domain")),
            count=_int(body.get("count")),
            new_since_last=_int(body.get("new_since_last")),
            open=_int(body.get("open")),
            members=tuple(str(m) for m in _list(body.get("members"))),
            first_seen=_text(body.get("first_seen")),
            last_seen=_text(body.get("last_seen")),
            resolved_at=_text(body.get("resolved_at")),
            details=details if isinstance(details, dict) else {},
            links=links,
        )
    except (KeyError, ValueError):
        return None


def _list(value: JSONValue) -> Sequence[JSONValue]:
    return value if isinstance(value, list) else ()


def _text(value: JSONValue) -> str | None:
    return value if isinstance(value, str) else None


def _int(value: JSONValue) -> int:
    return value if isinstance(value, int) and not isinstance(value, bool) else 0
