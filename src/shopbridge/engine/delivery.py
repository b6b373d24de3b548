"""The unit of work a sink receives."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Delivery:
    """One attempt to hand one event's payload to one destination.

    ``idempotency_key`` is the same on every attempt of the same job (and on a
    replay of it), so receivers can drop duplicates; at-least-once delivery
    means they will see some.
    """

    job_id: int
    event_id: int
    attempt: int
    idempotency_key: str
    flow: str
    destination: str
    topic: str
    body: bytes
    content_type: str = "application/json"
    shop_domain: str | None = None
    source: str = ""  # the event's source: shop id, inbound source id
