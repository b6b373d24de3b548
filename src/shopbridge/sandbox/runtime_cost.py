"""Actual query cost: what the executed query really returned, under Shopify's rules.

Shopify charges the requested (worst-case) cost up front and refunds down to the
actual cost afterwards. Under ``CostModel.DOCUMENTED`` the actual cost is the same
sum as the requested one, with each connection charged for the items it returned
instead of its ``first``/``last``: every object returned costs 1, a connection 2
plus its items, ``pageInfo`` and edges 0, scalars 0. ``ActualCost`` adds these up as
fields resolve. Mutations cost their requested figure (10 each, flat), and under
``CostModel.OBSERVED`` (logarithmic connection pricing) the actual cost is reported
equal to the requested one: how the live API shrinks those figures is not known.
"""

from __future__ import annotations

from collections.abc import Sized
from typing import Any

from graphql import GraphQLResolveInfo
from graphql.language import OperationType
from graphql.type import get_named_type, is_leaf_type

from shopbridge.sandbox.cost import CONNECTION_BASE_COST, OBJECT_COST, CostModel, is_connection

__all__ = ["ActualCost"]


class ActualCost:
    """Accumulates the actual cost of one query while it executes."""

    def __init__(self, model: CostModel) -> None:
        self.enabled = model is CostModel.DOCUMENTED
        self.total = 0

    def settle(self, requested: int) -> int:
        """The actual cost to report: never above the requested cost."""
        return min(self.total, requested) if self.enabled else requested

    def track(self, info: GraphQLResolveInfo[Any], value: Any) -> None:
        if not self.enabled or value is None or info.operation.operation is not OperationType.QUERY:
            return
        if is_leaf_type(get_named_type(info.return_type)):
            return
        if is_connection(info.return_type):
            self.total += CONNECTION_BASE_COST
        elif is_connection(info.parent_type):
            if info.field_name == "nodes":
                self.total += OBJECT_COST * _count(value)
            elif info.field_name not in {"edges", "pageInfo"}:
                self.total += OBJECT_COST
        elif not isinstance(value, Sized) or isinstance(value, dict) or len(value):
            self.total += OBJECT_COST


def _count(value: Any) -> int:
    if not isinstance(value, list):
        return 1
    return sum(1 for item in value if item is not None and not isinstance(item, Exception))
