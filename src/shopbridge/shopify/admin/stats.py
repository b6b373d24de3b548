"""Counters of one client, read by metrics and benchmarks."""

from __future__ import annotations

from dataclasses import dataclass

__all__ = ["ClientStats"]


@dataclass(slots=True)
class ClientStats:
    """Totals since the client was made.

    ``calls``: HTTP requests sent to the GraphQL endpoint; ``succeeded``: calls that
    returned data; ``cost_requested``/``cost_used``: Shopify's requested and actual
    cost of those; ``throttled``: THROTTLED or 429 answers; ``retries``: resends of
    any kind; ``paced_waits``/``paced_secs``: waits made before sending so that the
    bucket covered the call.
    """

    calls: int = 0
    succeeded: int = 0
    cost_requested: int = 0
    cost_used: int = 0
    throttled: int = 0
    retries: int = 0
    paced_waits: int = 0
    paced_secs: float = 0.0
