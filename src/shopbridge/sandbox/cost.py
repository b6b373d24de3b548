"""Static (requested) query cost, as the Admin API computes it before running a query.

Shopify's documented rules (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits,
https://shopify.dev/docs/api/usage/limits): a field returning a scalar or enum costs 0,
an object 1, an interface or union the maximum of its possible selections, a
connection is "sized by the first and last arguments", a mutation costs 10. The
classic reading of "sized by" (Shopify's 2018 engineering post and most guides) is
``2 + first * (cost of one node)``. Two models are offered:

``CostModel.DOCUMENTED``
    That classic reading, literally. Reproduces the worked examples everyone quotes:
    ``products(first: 10) { nodes { id title } }`` = 12, and 82 with
    ``variants(first: 5) { nodes { id } }`` nested in each product.

``CostModel.OBSERVED`` (default)
    What the live Admin API returns today, which differs for every connection asking
    for more than one item: connection fields get logarithmic scaling. Calibrated
    against published live figures, a connection costs ``2 + m(n) * (cost of one
    node)`` with ``m(n) = max(1, floor(2 * ln n))`` (1->1, 5->3, 10->4, 25->6, 50->7,
    100->9, 200->10, 250->11), and ``MoneyBag``/``MoneyV2`` objects cost 0. It
    reproduces ``product(id:) { variants(first: 250) { nodes { inventoryItem { id
    tracked } } } }`` = 25 (community.shopify.dev thread 23101); ``orders(first: 250)``
    with scalars = 13, with ``lineItems(first: 250) { nodes { id } }`` = 156, and
    ``products(first: 250)`` with ``variants(first: 250)`` and ``options`` = 167 (live
    measurements, 2026-08-28, API 2026-07); and 103 of the 115 queries in Microsoft's
    Business Central Shopify connector whose expected costs were audited against live
    ``requestedQueryCost`` (microsoft/BCApps, PR 5926, API 2025-07). The classic
    formula matches 18 of those 115.

Both models: a mutation field costs a flat 10 whatever it selects (26 of the 32
mutations in that same set; three are listed at 11 and three at 20, 50 and 100,
unexplained, possibly custom costs);
``productSet`` uses its documented dynamic cost (10 + 0.2 per variant + 0.6 per
variant file + 0.4 per variant metafield + 0.4 per product metafield + 1.9 per
product file, rounded up; changelog 2025-10-01). A connection without ``first``/``last``
is sized 0 (a Shopify client library's test fixture, mock data rather than a capture,
shows ``requestedQueryCost: 2`` for ``products { edges { node { id } } }``, which then
fails with "you must provide one of first or last"); ``pageInfo`` is free; lists of
objects that are not connections cost like one object; fields selected twice are
merged as execution merges them; ``@skip``/``@include`` are honoured; introspection
fields cost 0.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass, field
from enum import Enum
from typing import Any, Final

from graphql import GraphQLSchema, parse
from graphql.language import (
    BooleanValueNode,
    DirectiveNode,
    DocumentNode,
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
from graphql.type import (
    GraphQLField,
    GraphQLNamedType,
    GraphQLObjectType,
    GraphQLOutputType,
    get_named_type,
    is_abstract_type,
    is_leaf_type,
    is_object_type,
)
from graphql.utilities import value_from_ast_untyped

__all__ = [
    "CONNECTION_BASE_COST",
    "MUTATION_BASE_COSTS",
    "MUTATION_COST",
    "OBJECT_COST",
    "OBSERVED_FREE_TYPES",
    "CostBreakdown",
    "CostModel",
    "FieldCost",
    "connection_multiplier",
    "cost_debug",
    "is_connection",
    "requested_cost",
]

CONNECTION_BASE_COST: Final = 2
MUTATION_COST: Final = 10
OBJECT_COST: Final = 1

# Object types the live API does not charge for (value objects inside a resource).
OBSERVED_FREE_TYPES: Final = frozenset({"MoneyBag", "MoneyV2"})


class CostModel(Enum):
    """How connections, mutations and value objects are priced (see module docstring)."""

    DOCUMENTED = "documented"
    OBSERVED = "observed"


def connection_multiplier(size: int | None, model: CostModel = CostModel.OBSERVED) -> int:
    """How many times a connection charges for one node, given ``first``/``last``."""
    if size is None or size <= 0:
        return 0
    if model is CostModel.DOCUMENTED:
        return size
    return max(1, math.floor(2 * math.log(size)))


@dataclass(frozen=True, slots=True)
class FieldCost:
    """One entry of ``extensions.cost.fields`` (``Shopify-GraphQL-Cost-Debug: 1``)."""

    path: tuple[str, ...]
    defined_cost: int | None
    requested_total_cost: int
    requested_children_cost: int | None

    def as_json(self) -> dict[str, Any]:
        return {
            "path": list(self.path),
            "definedCost": self.defined_cost,
            "requestedTotalCost": self.requested_total_cost,
            "requestedChildrenCost": self.requested_children_cost,
        }


@dataclass(frozen=True, slots=True)
class CostBreakdown:
    """The requested cost of a document and how each field contributes to it."""

    requested_query_cost: int
    fields: tuple[FieldCost, ...]
    model: CostModel

    def fields_json(self) -> list[dict[str, Any]]:
        """The list Shopify puts under ``extensions.cost.fields``."""
        return [entry.as_json() for entry in self.fields]


def _product_set_cost(arguments: Mapping[str, Any]) -> int:
    """``productSet``'s dynamic cost (changelog "Dynamic complexity cost for productSet")."""
    product = arguments.get("input")
    if not isinstance(product, Mapping):
        return MUTATION_COST
    variants = [v for v in product.get("variants") or () if isinstance(v, Mapping)]
    variant_files = sum(1 for v in variants if v.get("file"))
    variant_metafields = sum(len(v.get("metafields") or ()) for v in variants)
    product_metafields = len(product.get("metafields") or ())
    product_files = len(product.get("files") or ())
    raw = (
        MUTATION_COST
        + 0.2 * len(variants)
        + 0.6 * variant_files
        + 0.4 * variant_metafields
        + 0.4 * product_metafields
        + 1.9 * product_files
    )
    return math.ceil(round(raw, 6))


# Mutations whose base cost Shopify documents as depending on the input.
MUTATION_BASE_COSTS: Final[dict[str, Callable[[Mapping[str, Any]], int]]] = {
    "productSet": _product_set_cost,
}


@dataclass(slots=True)
class _Walk:
    schema: GraphQLSchema
    fragments: Mapping[str, FragmentDefinitionNode]
    variables: Mapping[str, Any]
    model: CostModel
    record: bool
    entries: list[FieldCost] = field(default_factory=list)

    # -- selection collection (execution's CollectFields, statically) --

    def _included(self, directives: Sequence[DirectiveNode] | None) -> bool:
        for directive in directives or ():
            name = directive.name.value
            if name not in {"skip", "include"}:
                continue
            condition = next(
                (arg.value for arg in directive.arguments or () if arg.name.value == "if"), None
            )
            if isinstance(condition, BooleanValueNode):
                value: Any = condition.value
            elif isinstance(condition, VariableNode):
                value = self.variables.get(condition.name.value)
            else:
                continue
            if name == "skip" and value is True:
                return False
            if name == "include" and value is False:
                return False
        return True

    def _applies(self, condition: str | None, runtime: GraphQLNamedType) -> bool:
        if condition is None or condition == runtime.name:
            return True
        target = self.schema.get_type(condition)
        if target is None or not is_abstract_type(target) or not is_object_type(runtime):
            return False
        return self.schema.is_sub_type(target, runtime)

    def collect(
        self,
        selection_sets: Sequence[SelectionSetNode],
        runtime: GraphQLNamedType,
        seen: frozenset[str] = frozenset(),
    ) -> dict[str, list[FieldNode]]:
        """Fields selected on ``runtime``, grouped by response key."""
        grouped: dict[str, list[FieldNode]] = {}
        for selection_set in selection_sets:
            for selection in selection_set.selections:
                if not self._included(selection.directives):
                    continue
                if isinstance(selection, FieldNode):
                    key = selection.alias.value if selection.alias else selection.name.value
                    grouped.setdefault(key, []).append(selection)
                elif isinstance(selection, InlineFragmentNode):
                    condition = selection.type_condition
                    if self._applies(condition.name.value if condition else None, runtime):
                        for key, nodes in self.collect(
                            [selection.selection_set], runtime, seen
                        ).items():
                            grouped.setdefault(key, []).extend(nodes)
                elif isinstance(selection, FragmentSpreadNode):
                    name = selection.name.value
                    fragment = self.fragments.get(name)
                    if fragment is None or name in seen:
                        continue
                    if self._applies(fragment.type_condition.name.value, runtime):
                        for key, nodes in self.collect(
                            [fragment.selection_set], runtime, seen | {name}
                        ).items():
                            grouped.setdefault(key, []).extend(nodes)
        return grouped

    # -- arguments --

    def argument(self, node: FieldNode, name: str, field_def: GraphQLField) -> Any:
        for argument in node.arguments or ():
            if argument.name.value == name:
                if isinstance(argument.value, VariableNode):
                    return self.variables.get(argument.value.name.value)
                if isinstance(argument.value, IntValueNode):
                    return int(argument.value.value)
                return value_from_ast_untyped(argument.value, dict(self.variables))
        definition = field_def.args.get(name)
        if definition is not None and definition.default_value is not None:
            return definition.default_value
        return None

    def size(self, node: FieldNode, field_def: GraphQLField) -> int | None:
        for name in ("first", "last"):
            value = self.argument(node, name, field_def)
            if isinstance(value, int) and not isinstance(value, bool):
                return value
        return None

    # -- costing --

    def _emit(
        self, path: tuple[str, ...], defined: int | None, total: int, children: int | None
    ) -> None:
        if self.record:
            self.entries.append(FieldCost(path, defined, total, children))

    def selection_cost(
        self,
        selection_sets: Sequence[SelectionSetNode],
        parent: GraphQLNamedType,
        path: tuple[str, ...],
    ) -> int:
        """Cost of the fields selected on ``parent`` (max over types when abstract)."""
        if is_abstract_type(parent):
            best: int | None = None
            best_entries: list[FieldCost] = []
            mark = len(self.entries)
            for possible in self.schema.get_possible_types(parent):
                total = self._fields_cost(self.collect(selection_sets, possible), possible, path)
                if best is None or total > best:
                    best, best_entries = total, self.entries[mark:]
                del self.entries[mark:]
            self.entries.extend(best_entries)
            return best or 0
        return self._fields_cost(self.collect(selection_sets, parent), parent, path)

    def _fields_cost(
        self,
        grouped: Mapping[str, list[FieldNode]],
        parent: GraphQLNamedType,
        path: tuple[str, ...],
    ) -> int:
        total = 0
        fields = getattr(parent, "fields", {})
        for key, nodes in grouped.items():
            name = nodes[0].name.value
            field_def = fields.get(name)
            if name.startswith("__") or field_def is None:
                self._emit((*path, key), 0, 0, None)
                continue
            total += self.field_cost(nodes, field_def, (*path, key))
        return total

    def _sub_sets(self, nodes: Sequence[FieldNode]) -> list[SelectionSetNode]:
        return [node.selection_set for node in nodes if node.selection_set]

    def field_cost(
        self, nodes: Sequence[FieldNode], field_def: GraphQLField, path: tuple[str, ...]
    ) -> int:
        named = get_named_type(field_def.type)
        if is_leaf_type(named):
            self._emit(path, 0, 0, None)
            return 0
        if is_connection(field_def.type):
            return self._connection_cost(nodes, field_def, named, path)
        defined = OBJECT_COST
        if self.model is CostModel.OBSERVED and named.name in OBSERVED_FREE_TYPES:
            defined = 0
        children = self.selection_cost(self._sub_sets(nodes), named, path)
        self._emit(path, defined, defined + children, children)
        return defined + children

    def _connection_cost(
        self,
        nodes: Sequence[FieldNode],
        field_def: GraphQLField,
        connection: GraphQLNamedType,
        path: tuple[str, ...],
    ) -> int:
        grouped = self.collect(self._sub_sets(nodes), connection)
        connection_fields = getattr(connection, "fields", {})
        per_item = 0
        extra = 0
        for key, sub_nodes in grouped.items():
            name = sub_nodes[0].name.value
            sub_def = connection_fields.get(name)
            sub_path = (*path, key)
            if sub_def is None or name.startswith("__"):
                self._emit(sub_path, 0, 0, None)
            elif name == "nodes":
                item_type = get_named_type(sub_def.type)
                children = self.selection_cost(self._sub_sets(sub_nodes), item_type, sub_path)
                self._emit(sub_path, OBJECT_COST, OBJECT_COST + children, children)
                per_item = max(per_item, OBJECT_COST + children)
            elif name == "edges":
                edge_cost = self._edge_cost(sub_nodes, get_named_type(sub_def.type), sub_path)
                per_item = max(per_item, edge_cost)
            elif name == "pageInfo":
                self.selection_cost(
                    self._sub_sets(sub_nodes), get_named_type(sub_def.type), sub_path
                )
                self._emit(sub_path, 0, 0, 0)
            else:
                extra += self.field_cost(sub_nodes, sub_def, sub_path)
        multiplier = connection_multiplier(self.size(nodes[0], field_def), self.model)
        total = CONNECTION_BASE_COST + multiplier * per_item + extra
        self._emit(path, None, total, per_item)
        return total

    def _edge_cost(
        self, nodes: Sequence[FieldNode], edge: GraphQLNamedType, path: tuple[str, ...]
    ) -> int:
        grouped = self.collect(self._sub_sets(nodes), edge)
        edge_fields = getattr(edge, "fields", {})
        total = 0
        for key, sub_nodes in grouped.items():
            name = sub_nodes[0].name.value
            sub_def = edge_fields.get(name)
            sub_path = (*path, key)
            if sub_def is None or name.startswith("__"):
                self._emit(sub_path, 0, 0, None)
            elif name == "node":
                item_type = get_named_type(sub_def.type)
                children = self.selection_cost(self._sub_sets(sub_nodes), item_type, sub_path)
                self._emit(sub_path, OBJECT_COST, OBJECT_COST + children, children)
                total += OBJECT_COST + children
            else:
                total += self.field_cost(sub_nodes, sub_def, sub_path)
        self._emit(path, 0, total, total)
        return total

    def mutation_cost(
        self, nodes: Sequence[FieldNode], field_def: GraphQLField, path: tuple[str, ...]
    ) -> int:
        """A mutation field costs 10 whatever it selects (``productSet``: its own formula)."""
        base = MUTATION_COST
        custom = MUTATION_BASE_COSTS.get(nodes[0].name.value)
        if custom is not None:
            arguments = {arg: self.argument(nodes[0], arg, field_def) for arg in field_def.args}
            base = custom(arguments)
        self._emit(path, base, base, 0)
        return base


def is_connection(type_: GraphQLOutputType) -> bool:
    """Whether a field of this type is a Relay connection (priced by ``first``/``last``)."""
    named = get_named_type(type_)
    if not isinstance(named, GraphQLObjectType) or not named.name.endswith("Connection"):
        return False
    return "pageInfo" in named.fields and ("edges" in named.fields or "nodes" in named.fields)


def _operation(document: DocumentNode, operation_name: str | None) -> OperationDefinitionNode:
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if operation_name is not None:
        for operation in operations:
            if operation.name and operation.name.value == operation_name:
                return operation
        raise ValueError(f"no operation named {operation_name!r} in the document")
    if len(operations) != 1:
        raise ValueError("the document has several operations; name the one to cost")
    return operations[0]


def _variables(
    operation: OperationDefinitionNode, variables: Mapping[str, Any] | None
) -> dict[str, Any]:
    """Request variables plus the operation's declared defaults."""
    resolved: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if definition.default_value is not None:
            resolved[definition.variable.name.value] = value_from_ast_untyped(
                definition.default_value
            )
    resolved.update(variables or {})
    return resolved


def _compute(
    schema: GraphQLSchema,
    document: DocumentNode | str,
    variables: Mapping[str, Any] | None,
    operation_name: str | None,
    model: CostModel,
    record: bool,
) -> CostBreakdown:
    parsed = parse(document) if isinstance(document, str) else document
    operation = _operation(parsed, operation_name)
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    walk = _Walk(schema, fragments, _variables(operation, variables), model, record)
    if operation.operation is OperationType.MUTATION:
        root = schema.mutation_type
        if root is None:
            raise ValueError("the schema has no mutation type")
        total = 0
        for key, nodes in walk.collect([operation.selection_set], root).items():
            field_def = root.fields.get(nodes[0].name.value)
            if field_def is None:
                continue
            total += walk.mutation_cost(nodes, field_def, (key,))
    else:
        root_type = (
            schema.query_type
            if operation.operation is OperationType.QUERY
            else schema.subscription_type
        )
        if root_type is None:
            raise ValueError(f"the schema has no {operation.operation.value} type")
        total = walk.selection_cost([operation.selection_set], root_type, ())
    return CostBreakdown(total, tuple(walk.entries), model)


def cost_debug(
    schema: GraphQLSchema,
    document: DocumentNode | str,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    *,
    model: CostModel = CostModel.OBSERVED,
) -> CostBreakdown:
    """Requested cost with a per-field breakdown (children listed before parents).

    The breakdown is what ``Shopify-GraphQL-Cost-Debug: 1`` adds to the response as
    ``extensions.cost.fields`` (see ``CostBreakdown.fields_json``). ``document`` must
    already be valid for ``schema``; unknown fields cost 0.
    """
    return _compute(schema, document, variables, operation_name, model, record=True)


def requested_cost(
    schema: GraphQLSchema,
    document: DocumentNode | str,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
    *,
    model: CostModel = CostModel.OBSERVED,
) -> int:
    """``extensions.cost.requestedQueryCost`` for a valid document."""
    breakdown = _compute(schema, document, variables, operation_name, model, record=False)
    return breakdown.requested_query_cost
