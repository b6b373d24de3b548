"""When a failed call may be sent again: a pure decision, tested with a table.

The rule for resending:

* **Nothing ran** (GraphQL ``THROTTLED``, HTTP 429, or the connection failed before
  the request went out): always safe to resend, queries and mutations alike.
  ``THROTTLED`` waits for the bucket's deficit, 429 for ``Retry-After`` seconds.
* **The outcome is unknown** (HTTP 5xx, a timeout or a connection dropped after the
  request was sent): Shopify may have applied a mutation. Queries are resent with
  exponential backoff and jitter. A mutation is resent only when resending cannot
  apply it twice: its document carries ``@idempotent(key:)`` (Shopify answers a replay
  with the first result), or the caller says it is idempotent (for example a
  ``productSet`` that sets absolute values). Any other mutation raises
  ``ShopifyRequestError(outcome_unknown=True)`` so the caller can check Shopify's state
  before trying again.

Resends after an unknown outcome are capped by ``RetryPolicy.max_attempts``;
throttled resends by their own, larger budget, since they cost nothing but time.
"""

from __future__ import annotations

from enum import Enum
from typing import Final

from shopbridge.engine.retry import RetryPolicy

__all__ = ["DEFAULT_MAX_THROTTLED", "DEFAULT_RETRY", "Trouble", "may_resend"]

DEFAULT_RETRY: Final = RetryPolicy(
    max_attempts=5, initial_secs=0.5, multiplier=2.0, max_secs=30.0, jitter=0.2
)
DEFAULT_MAX_THROTTLED: Final = 25


class Trouble(Enum):
    """Why an attempt produced no usable answer."""

    THROTTLED = "throttled"  # GraphQL THROTTLED (HTTP 200): refused before running
    RATE_LIMITED = "rate_limited"  # HTTP 429: refused before running
    NOT_SENT = "not_sent"  # no connection (or no token): the request never left
    SERVER_ERROR = "server_error"  # HTTP 5xx or an unreadable answer: it may have run
    LOST = "lost"  # timeout or connection dropped after sending: it may have run

    @property
    def outcome_unknown(self) -> bool:
        return self in (Trouble.SERVER_ERROR, Trouble.LOST)


def may_resend(trouble: Trouble, *, mutation: bool, idempotent: bool) -> bool:
    """Whether sending the same call again is safe (see the module docstring)."""
    return not trouble.outcome_unknown or not mutation or idempotent
