"""Discounts in the store (no GraphQL here): nodes, status, codes, usage.

A discount is one document per node: ``DiscountCodeNode`` (its discount under
``codeDiscount``) or ``DiscountAutomaticNode`` (under ``automaticDiscount``); both
take their numbers from one counter so a number names one discount. A code
discount's codes are ``DiscountRedeemCode`` records inside it, and ``_codes`` holds
them in lower case for lookups (codes are unique per shop, ignoring case).

``status`` follows the dates, as Shopify derives it: ``SCHEDULED`` before
``startsAt``, ``EXPIRED`` from ``endsAt`` on, else ``ACTIVE``. Deactivating sets
``endsAt`` to now; activating starts a scheduled discount now and reopens an expired
one (clears ``endsAt``), which is how the admin's buttons behave.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any, Final

from shopbridge.sandbox.gid import gid, legacy_id, parse_gid
from shopbridge.sandbox.state import Doc, State, format_time

__all__ = [
    "AUTOMATIC_NODE",
    "CODE_NODE",
    "discount_of",
    "find_code",
    "new_node_id",
    "node_of",
    "record_usage",
    "status_at",
    "utc_time",
]

CODE_NODE: Final = "DiscountCodeNode"
AUTOMATIC_NODE: Final = "DiscountAutomaticNode"
_INNER: Final = {CODE_NODE: "codeDiscount", AUTOMATIC_NODE: "automaticDiscount"}


def _moment(value: str) -> datetime:
    moment = datetime.fromisoformat(value.replace("Z", "+00:00"))
    return moment if moment.tzinfo else moment.replace(tzinfo=UTC)


def utc_time(value: str | None) -> str | None:
    """A ``DateTime`` input in the stored UTC form."""
    return None if value is None else format_time(_moment(value))


def status_at(discount: Mapping[str, Any], now: str) -> str:
    """``ACTIVE``, ``SCHEDULED`` or ``EXPIRED`` at the moment ``now``."""
    moment = _moment(now)
    if _moment(discount["startsAt"]) > moment:
        return "SCHEDULED"
    if discount["endsAt"] is not None and _moment(discount["endsAt"]) <= moment:
        return "EXPIRED"
    return "ACTIVE"


def discount_of(node: Mapping[str, Any]) -> dict[str, Any]:
    """The discount object (``DiscountCodeBasic``...) inside a node document."""
    inner: dict[str, Any] = node[_INNER[node["__typename"]]]
    return inner


def node_of(state: State, value: object) -> Doc | None:
    """The code or automatic node for a GID of either kind (or ``DiscountNode``)."""
    try:
        parsed = parse_gid(value)
    except ValueError:
        return None
    if parsed.type == "DiscountNode":
        return state.get(CODE_NODE, parsed.id) or state.get(AUTOMATIC_NODE, parsed.id)
    return state.get(parsed.type, parsed.id) if parsed.type in _INNER else None


def new_node_id(state: State, kind: str) -> str:
    return gid(kind, state.new_id("DiscountNode"))


def find_code(state: State, code: str) -> Doc | None:
    """The code discount node owning ``code`` (case-insensitive)."""
    return state.first(CODE_NODE, "_codes", code.strip().lower())


def record_usage(state: State, node_id: str, code: str | None = None) -> Doc:
    """Count one use of a discount (and of its ``code``): ``asyncUsageCount`` + 1."""
    kind = parse_gid(node_id).type
    node = state.edit(kind, legacy_id(node_id))
    if node is None:
        raise LookupError(f"discount {node_id} does not exist")
    discount = discount_of(node)
    discount["asyncUsageCount"] += 1
    for redeem in discount.get("codes", []):
        if code is not None and redeem["code"].lower() == code.lower():
            redeem["asyncUsageCount"] += 1
    return state.save(node)
