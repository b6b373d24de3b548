"""PagerDuty Events API v2 (``POST https://events.pagerduty.com/v2/enqueue``).

A firing alert (triggered or updated) is a ``trigger`` event and a resolved one a
``resolve`` event, both with the alert's dedup key as ``dedup_key`` (at most 255
characters): PagerDuty opens one incident per key, folds repeated triggers into it,
and closes it on resolve. ``payload.summary`` is at most 1,024 characters; severity is
one of critical, error, warning, info (ours are the same four). PagerDuty answers 202
when it accepted the event, 400 for an invalid one (not retried), 429 when throttled.
"""

from __future__ import annotations

from typing import Final

from shopbridge.alerts.model import Notice
from shopbridge.types import JSONObject, JSONValue

from .text import clip

__all__ = ["pagerduty_event"]

SUMMARY_CHARS: Final = 1024
DEDUP_KEY_CHARS: Final = 255
CLIENT: Final = "shopbridge"


def pagerduty_event(notice: Notice, routing_key: str) -> JSONObject:
    dedup_key = notice.dedup_key[:DEDUP_KEY_CHARS]
    if notice.resolved:
        return {"routing_key": routing_key, "event_action": "resolve", "dedup_key": dedup_key}
    summary = notice.headline if not notice.summary else f"{notice.headline}: {notice.summary}"
    details: dict[str, JSONValue] = {
        "summary": notice.summary,
        "occurrences": notice.count,
        "new_since_last_notice": notice.new_since_last,
        "open": notice.open,
        "first_seen": notice.first_seen,
        "last_seen": notice.last_seen,
    }
    if notice.members:
        details["members"] = list(notice.members)
    details.update(notice.details)
    event: JSONObject = {
        "routing_key": routing_key,
        "event_action": "trigger",
        "dedup_key": dedup_key,
        "client": CLIENT,
        "payload": {
            "summary": clip(summary, SUMMARY_CHARS),
            "source": notice.shop_domain or notice.shop or CLIENT,
            "severity": notice.severity,
            "timestamp": notice.last_seen,
            "component": notice.kind,
            "group": notice.shop or "engine",
            "class": notice.rule,
            "custom_details": details,
        },
    }
    if notice.links:
        event["links"] = [{"href": link.url, "text": link.title} for link in notice.links]
    return event
