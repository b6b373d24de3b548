"""Engine events: what shopbridge itself observes or derives, routed like any other event.

An abandoned checkout, a first purchase, an alert or a scheduled tick is an event
with ``source_kind="shopbridge"``, the shop id as its source and a topic from
:data:`ENGINE_TOPICS`. Flows take them with ``from: {events: [topic, …]}``; built-in
processors take them too. Each carries a dedupe key, so deriving the same fact twice
(a redelivered webhook, a retried job, two processes) stores it once.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Final

from shopbridge.store.base import AppendResult, NewEvent, NewJob

if TYPE_CHECKING:
    from shopbridge.engine.router import Router
    from shopbridge.store.base import Store
    from shopbridge.types import JSONValue

__all__ = [
    "ENGINE_TOPICS",
    "SOURCE_KIND",
    "emit",
    "engine_event",
    "is_engine_topic",
    "jobs_for",
    "register_topics",
]

SOURCE_KIND: Final = "shopbridge"

# Topic → what it means. Features add theirs with :func:`register_topics` at import.
ENGINE_TOPICS: dict[str, str] = {}


def register_topics(topics: dict[str, str]) -> None:
    """Declare engine topics (name → one-line meaning) so flows may name them."""
    ENGINE_TOPICS.update(topics)


def is_engine_topic(topic: str) -> bool:
    return topic in ENGINE_TOPICS


def engine_event(
    shop: str,
    topic: str,
    payload: JSONValue,
    *,
    dedupe_key: str,
    now: float,
    shop_domain: str | None = None,
    occurred_at: float | None = None,
) -> NewEvent:
    """The stored form of an engine event (JSON body, topic-scoped dedupe key)."""
    return NewEvent(
        source_kind=SOURCE_KIND,
        source=shop,
        topic=topic,
        body=json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(),
        received_at=now,
        dedupe_key=f"{topic}|{dedupe_key}"[:255],
        shop_domain=shop_domain,
        occurred_at=occurred_at,
        headers={},
        content_type="application/json",
    )


def jobs_for(router: Router, shop: str, topic: str, payload: JSONValue) -> list[NewJob]:
    """The jobs an engine event produces: one per matching flow and destination."""
    return router.jobs_for(router.flows_for(SOURCE_KIND, shop, topic), topic, payload)


async def emit(
    store: Store,
    router: Router,
    shop: str,
    topic: str,
    payload: JSONValue,
    *,
    dedupe_key: str,
    now: float,
    shop_domain: str | None = None,
) -> AppendResult:
    """Append an engine event and its jobs in one transaction (once per dedupe key)."""
    event = engine_event(
        shop, topic, payload, dedupe_key=dedupe_key, now=now, shop_domain=shop_domain
    )
    return await store.append_event(event, jobs_for(router, shop, topic, payload))
