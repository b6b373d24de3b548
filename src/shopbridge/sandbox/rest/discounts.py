"""``discounts/create``, ``discounts/update`` and ``discounts/delete``.

Shapes follow the official 2026-07 examples: the node's GID, title, status (upper
case, as the example writes it) and times; a deletion sends the GID and the moment
of the change as ``deleted_at``. Code and automatic discounts both fire them.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.discounts_store import (
    AUTOMATIC_NODE,
    CODE_NODE,
    discount_of,
    status_at,
)
from shopbridge.sandbox.rest.formats import rest_time
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_discount"]


def rest_discount(state: State, node: Mapping[str, Any]) -> Payload:
    """The body of ``discounts/create`` and ``discounts/update``."""
    discount = discount_of(node)
    return {
        "admin_graphql_api_id": node["id"],
        "title": discount["title"],
        "status": status_at(discount, state.now()),
        "created_at": rest_time(state, discount["createdAt"]),
        "updated_at": rest_time(state, discount["updatedAt"]),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


def _deleted(state: State, change: Change) -> Payload:
    return {"admin_graphql_api_id": change.gid, "deleted_at": rest_time(state, change.at)}


for _entity in (CODE_NODE, AUTOMATIC_NODE):
    topic_rule("discounts/create", _entity, on="create")(
        lambda state, change: rest_discount(state, _after(change))
    )
    topic_rule("discounts/update", _entity, on="update")(
        lambda state, change: rest_discount(state, _after(change))
    )
    topic_rule("discounts/delete", _entity, on="delete")(_deleted)
