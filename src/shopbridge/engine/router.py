"""Inside the ingest transaction: one job per (event, matching flow, destination)."""

from __future__ import annotations

import itertools
import secrets
from collections.abc import Mapping

from shopbridge import errors
from shopbridge.engine.flows import CompiledFlow
from shopbridge.engine.mapping import evaluate_ordering_key
from shopbridge.observability.logging import get_logger
from shopbridge.store.base import NewJob
from shopbridge.types import JSONValue

log = get_logger(__name__)

# Message ids: a random prefix per process, then a counter. As unique as a UUID4 and
# without a system call per job (uuid4 was 2 % of the event loop under load).
_ID_PREFIX = secrets.token_hex(8)
_ID_SEQUENCE = itertools.count()


def new_message_id() -> str:
    """A fresh job idempotency key (also used by ingresses that build their own jobs)."""
    return f"msg_{_ID_PREFIX}{next(_ID_SEQUENCE):016x}"


class Router:
    def __init__(self, flows: Mapping[str, CompiledFlow]) -> None:
        self._flows = flows

    def flows_for(self, source_kind: str, source: str, topic: str) -> list[CompiledFlow]:
        return [f for f in self._flows.values() if f.accepts(source_kind, source, topic)]

    def jobs_for(self, flows: list[CompiledFlow], topic: str, payload: JSONValue) -> list[NewJob]:
        """The jobs an event produces. Ordering keys are computed here, once.

        A key expression that fails does not refuse the event (it is already
        verified and must not be lost): its jobs simply run unordered, and we say so.
        """
        new_jobs: list[NewJob] = []
        for flow in flows:
            key: str | None = None
            expression = flow.key_expression(topic)
            if expression is not None:
                try:
                    key = evaluate_ordering_key(expression, payload)
                except errors.MappingError as exc:
                    log.warning("ordering_key_failed", flow=flow.name, topic=topic, error=str(exc))
            for destination in flow.destinations:
                new_jobs.append(
                    NewJob(
                        flow=flow.name,
                        destination=destination,
                        idempotency_key=new_message_id(),
                        lane=f"{destination}|{key}" if key is not None else None,
                    )
                )
        return new_jobs
