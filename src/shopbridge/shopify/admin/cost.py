"""What a call will cost before it is sent, and Shopify's hard limits on a single call.

Shopify charges the *requested* cost up front: a scalar or enum field 0, an object 1,
a connection 2 plus ``first``/``last`` times one node, a mutation field a flat 10
(https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits). This estimator
reads only the document and its variables (no multi-MB schema at runtime), so it
prices by shape: a field with a selection is an object, a field with ``first`` or
``last`` is a connection whose ``nodes``/``edges.node`` are the priced items,
``pageInfo`` is free, and of several inline fragments only the dearest counts. That
is the documented worst case; the live API charges less for big connections, so the
estimate is an upper bound, and the client learns the real figure from the first
answer. ``productSet`` has its documented dynamic cost (changelog 2025-10-01).

A call over 1,000 points or with an input array over 250 items is refused by Shopify
without running; :func:`check_limits` refuses it here first, with a clearer message.
"""

from __future__ import annotations

import math
from collections.abc import Iterator, Mapping, Sequence
from typing import Any, Final

from graphql.language import (
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    IntValueNode,
    OperationDefinitionNode,
    OperationType,
    SelectionSetNode,
    VariableNode,
)

from shopbridge.errors import ShopifyGuardError

from .document import Document

__all__ = ["MAX_INPUT_ARRAY_ITEMS", "MAX_QUERY_COST", "check_limits", "requested_cost"]

MAX_QUERY_COST: Final = 1_000
MAX_INPUT_ARRAY_ITEMS: Final = 250
MUTATION_COST: Final = 10
CONNECTION_COST: Final = 2
OBJECT_COST: Final = 1
_FREE_FIELDS: Final = frozenset({"pageInfo", "__typename"})

Variables = Mapping[str, Any]


class _Pricer:
    def __init__(self, document: Document, variables: Variables) -> None:
        self.variables = variables
        self.fragments = {
            d.name.value: d
            for d in document.node.definitions
            if isinstance(d, FragmentDefinitionNode)
        }

    def size(self, node: FieldNode) -> int | None:
        """The ``first``/``last`` of a connection field, or None for a plain field."""
        for argument in node.arguments or ():
            if argument.name.value not in ("first", "last"):
                continue
            value = argument.value
            if isinstance(value, IntValueNode):
                return int(value.value)
            if isinstance(value, VariableNode):
                given = self.variables.get(value.name.value)
                return given if isinstance(given, int) else 0
        return None

    def selection(self, selection_set: SelectionSetNode | None) -> int:
        """Fields merged, plus the dearest of the type-conditioned fragments."""
        if selection_set is None:
            return 0
        common, branches = 0, [0]
        for selection in selection_set.selections:
            if isinstance(selection, FieldNode):
                common += self.field(selection)
            elif isinstance(selection, InlineFragmentNode):
                branches.append(self.selection(selection.selection_set))
            elif isinstance(selection, FragmentSpreadNode):
                fragment = self.fragments.get(selection.name.value)
                branches.append(self.selection(fragment.selection_set if fragment else None))
        return common + max(branches)

    def item(self, selection_set: SelectionSetNode | None) -> int:
        """One item of a connection: ``nodes`` and ``edges { node }`` each are the item."""
        total = 0
        for selection in selection_set.selections if selection_set else ():
            if not isinstance(selection, FieldNode) or selection.name.value in _FREE_FIELDS:
                continue
            if selection.name.value == "edges":
                total += self.item(selection.selection_set)
            else:
                total += self.field(selection)
        return total

    def field(self, node: FieldNode) -> int:
        if node.selection_set is None or node.name.value in _FREE_FIELDS:
            return 0
        size = self.size(node)
        if size is None:
            return OBJECT_COST + self.selection(node.selection_set)
        return CONNECTION_COST + max(size, 0) * self.item(node.selection_set)


def _product_set_cost(variables: Variables) -> int:
    """10 + 0.2/variant + 0.6/variant file + 0.4/variant metafield + 0.4/product
    metafield + 1.9/product file, rounded up (changelog 2025-10-01)."""
    given = variables.get("input")
    product: Mapping[str, Any] = given if isinstance(given, Mapping) else {}
    variants = [v for v in product.get("variants") or () if isinstance(v, Mapping)]
    extra = 0.2 * len(variants)
    extra += sum(0.6 for v in variants if v.get("file"))
    extra += sum(0.4 * len(v.get("metafields") or ()) for v in variants)
    extra += 0.4 * len(product.get("metafields") or ())
    extra += 1.9 * len(product.get("files") or ())
    return MUTATION_COST + math.ceil(round(extra, 6))


def requested_cost(document: Document, variables: Variables | None = None) -> int:
    """The documented (worst-case) requested cost of ``document`` with ``variables``."""
    values = variables or {}
    operation = next(d for d in document.node.definitions if isinstance(d, OperationDefinitionNode))
    pricer = _Pricer(document, values)
    if operation.operation is not OperationType.MUTATION:
        return pricer.selection(operation.selection_set)
    total = 0
    for selection in operation.selection_set.selections:
        if isinstance(selection, FieldNode):
            is_product_set = selection.name.value == "productSet"
            total += _product_set_cost(values) if is_product_set else MUTATION_COST
    return total


def _arrays(value: Any, path: tuple[str, ...]) -> Iterator[tuple[tuple[str, ...], int]]:
    if isinstance(value, Sequence) and not isinstance(value, str | bytes):
        yield path, len(value)
        for index, item in enumerate(value):
            yield from _arrays(item, (*path, str(index)))
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _arrays(item, (*path, str(key)))


def check_limits(document: Document, variables: Variables | None = None) -> int:
    """The requested cost; ``ShopifyGuardError`` when Shopify would refuse the call."""
    for path, length in _arrays(dict(variables or {}), ()):
        if length > MAX_INPUT_ARRAY_ITEMS:
            raise ShopifyGuardError(
                f"{document.name}: input array {'.'.join(path)} has {length} items; "
                f"Shopify takes at most {MAX_INPUT_ARRAY_ITEMS} per call, so split the batch"
            )
    cost = requested_cost(document, variables)
    if cost > MAX_QUERY_COST:
        raise ShopifyGuardError(
            f"{document.name}: requested cost {cost} is over Shopify's single-call limit of "
            f"{MAX_QUERY_COST}; ask for fewer items per page"
        )
    return cost
