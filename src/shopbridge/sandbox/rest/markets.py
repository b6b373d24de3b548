"""``markets/create``, ``markets/update`` and ``markets/delete``.

Shapes follow the official 2026-07 examples: the market's numeric id, name, and its
status and type in lower case (``active``, ``region``); a deletion sends the id only.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.markets_store import MARKET
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_market"]


def rest_market(market: Mapping[str, Any]) -> Payload:
    """The body of ``markets/create`` and ``markets/update``."""
    return {
        "id": numeric_id(market["id"]),
        "name": market["name"],
        "status": rest_enum(market["status"]),
        "type": rest_enum(market["type"]),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


@topic_rule("markets/create", MARKET, on="create")
def _created(_state: State, change: Change) -> Payload:
    return rest_market(_after(change))


@topic_rule("markets/update", MARKET, on="update")
def _updated(_state: State, change: Change) -> Payload:
    return rest_market(_after(change))


@topic_rule("markets/delete", MARKET, on="delete")
def _deleted(_state: State, change: Change) -> Payload:
    return {"id": numeric_id(change.gid)}
