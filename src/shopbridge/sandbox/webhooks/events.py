"""Turn one committed transaction into webhook events: topic, payload, event id.

Each change goes through ``webhook_topics.topics_for``; each rule renders its REST
payload right away, so the body shows the store as the transaction left it. A
renderer raising ``LookupError`` has nothing to send (a variant of a product deleted
in the same transaction) and is skipped. Within one transaction an event is sent
once per topic and resource, and a ``<resource>/update`` is dropped when the same
resource was created, connected, deleted or disconnected by that transaction (a
choice: one ``productCreate`` then gives ``products/create`` alone, not also the
``products/update`` its new variants would trigger).
"""

from __future__ import annotations

import json
import uuid
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.observability.logging import get_logger
from shopbridge.sandbox import rest  # noqa: F401 - registers every area's topic rules
from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topics_for

__all__ = ["Event", "events_for", "topic_enum"]

log = get_logger(__name__)

_SUPERSEDING: Final = ("create", "connect", "delete", "disconnect")


@dataclass(frozen=True, slots=True)
class Event:
    """Something that happened in the store, as one webhook topic sees it."""

    event_id: str
    topic: str
    payload: Payload
    triggered_at: str


def topic_enum(topic: str) -> str:
    """``products/update`` -> ``PRODUCTS_UPDATE`` (the ``WebhookSubscriptionTopic`` value)."""
    return topic.replace("/", "_").replace(".", "_").upper()


def _identity(payload: Payload) -> str:
    found: Any = payload.get("id", payload.get("admin_graphql_api_id"))
    return str(found) if found is not None else json.dumps(payload, sort_keys=True, default=str)


def _needed(topic: str, wanted: Callable[[str], bool] | None) -> bool:
    """Whether to render ``topic``: it is wanted, or it may supersede a wanted update."""
    if wanted is None or wanted(topic):
        return True
    resource, _, action = topic.partition("/")
    return action in _SUPERSEDING and wanted(f"{resource}/update")


def _rendered(
    state: State, changes: Iterable[Change], wanted: Callable[[str], bool] | None
) -> dict[tuple[str, str], Payload]:
    found: dict[tuple[str, str], Payload] = {}
    for change in changes:
        for rule in topics_for(change):
            if not _needed(rule.topic, wanted):
                continue
            try:
                payload = rule.render(state, change)
            except LookupError:
                continue
            except Exception:
                log.exception(
                    "sandbox_webhook_render_failed", topic=rule.topic, entity=change.entity
                )
                continue
            found.setdefault((rule.topic, _identity(payload)), payload)
    return found


def events_for(
    state: State,
    changes: Iterable[Change],
    triggered_at: str,
    wanted: Callable[[str], bool] | None = None,
) -> list[Event]:
    """The events of one committed transaction, in the order their changes came.

    With ``wanted``, only topics it accepts are returned (and rendered: a payload
    nobody subscribed to is never built, which matters for 250-item writes).
    """
    rendered = _rendered(state, changes, wanted)
    events = []
    for (topic, identity), payload in rendered.items():
        if wanted is not None and not wanted(topic):
            continue
        resource, _, action = topic.partition("/")
        if action == "update" and any(
            (f"{resource}/{other}", identity) in rendered for other in _SUPERSEDING
        ):
            continue
        events.append(Event(str(uuid.uuid4()), topic, payload, triggered_at))
    return events
