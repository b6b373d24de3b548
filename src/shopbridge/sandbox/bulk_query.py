"""Bulk queries: the documented rules, exhaustive connections, and JSONL lines.

Rules checked before an operation is created (Shopify's bulk query guide, the 2026-07
schema's description of ``bulkOperationRunQuery``): one operation, a query, at least
one connection, at most five connections, connections nested at most two deep, and no
top-level ``node``/``nodes``. Executed with ``ExhaustiveRegistry``, every connection
returns all its items whatever ``first`` says. ``jsonl_lines`` then flattens the
result as Shopify's files do: one line per object of each connection; an object
inside a nested connection gets ``__parentId`` (its parent object's ``id``) and is
taken out of its parent; ``edges { node }`` and ``nodes`` both count; ``pageInfo``
and cursors are dropped. Objects come parent first, then its children.
"""

from __future__ import annotations

import json
from collections.abc import Iterator
from typing import Any, Final

from graphql import (
    DocumentNode,
    FieldNode,
    GraphQLObjectType,
    GraphQLSchema,
    GraphQLSyntaxError,
    InlineFragmentNode,
    OperationDefinitionNode,
    SelectionSetNode,
    get_named_type,
    parse,
)
from graphql.language import OperationType

from shopbridge.sandbox.connections import MAX_PAGE_SIZE
from shopbridge.sandbox.registry import Registry, Resolver
from shopbridge.sandbox.validation import validate_document

__all__ = ["MAX_CONNECTIONS", "MAX_DEPTH", "ExhaustiveRegistry", "check_query", "jsonl_lines"]

MAX_CONNECTIONS: Final = 5
MAX_DEPTH: Final = 2
_PAGING: Final = ("first", "last", "after", "before")


def _is_connection(type_: Any) -> bool:
    named = get_named_type(type_)
    return (
        isinstance(named, GraphQLObjectType)
        and named.name.endswith("Connection")
        and ("pageInfo" in named.fields)
    )


def _connection_depths(
    schema: GraphQLSchema, parent: GraphQLObjectType, selection: SelectionSetNode, depth: int
) -> Iterator[int]:
    for node in selection.selections:
        if isinstance(node, InlineFragmentNode):
            inner = (
                schema.get_type(node.type_condition.name.value) if node.type_condition else parent
            )
            if isinstance(inner, GraphQLObjectType):
                yield from _connection_depths(schema, inner, node.selection_set, depth)
            continue
        if not isinstance(node, FieldNode) or node.name.value not in parent.fields:
            continue
        field_type = get_named_type(parent.fields[node.name.value].type)
        here = depth + 1 if _is_connection(field_type) else depth
        if here != depth:
            yield here
        if node.selection_set is not None and isinstance(field_type, GraphQLObjectType):
            yield from _connection_depths(schema, field_type, node.selection_set, here)


def check_query(schema: GraphQLSchema, query: str) -> tuple[DocumentNode | None, str | None]:
    """The parsed document, or a message saying why it cannot run in bulk."""
    try:
        document = parse(query)
    except GraphQLSyntaxError as exc:
        return None, f"Invalid bulk query: {exc.message}"
    errors = list(validate_document(schema, document, None, None))
    if errors:
        return None, f"Invalid bulk query: {errors[0]['message']}"
    operations = [d for d in document.definitions if isinstance(d, OperationDefinitionNode)]
    if len(operations) != 1 or operations[0].operation is not OperationType.QUERY:
        return None, "Invalid bulk query: the document must hold exactly one query."
    root = schema.query_type
    assert root is not None
    for node in operations[0].selection_set.selections:
        if isinstance(node, FieldNode) and node.name.value in {"node", "nodes"}:
            return None, "Bulk queries cannot contain top-level `node` or `nodes` fields."
    depths = list(_connection_depths(schema, root, operations[0].selection_set, 0))
    if not depths:
        return None, "Bulk queries must contain at least one connection."
    if len(depths) > MAX_CONNECTIONS:
        return None, f"Bulk queries cannot contain more than {MAX_CONNECTIONS} connections."
    if max(depths) > MAX_DEPTH:
        return None, f"Bulk queries cannot contain connections nested more than {MAX_DEPTH} deep."
    return document, None


def _exhaust(resolver: Resolver) -> Resolver:
    def every_page(parent: Any, info: Any, **args: Any) -> Any:
        kept = {k: v for k, v in args.items() if k not in _PAGING}
        edges: list[Any] = []
        after: str | None = None
        while True:
            page = resolver(
                parent, info, **kept, first=MAX_PAGE_SIZE, **({"after": after} if after else {})
            )
            edges += page["edges"]
            if not page["pageInfo"]["hasNextPage"]:
                break
            after = page["pageInfo"]["endCursor"]
        return {
            "edges": edges,
            "nodes": [edge["node"] for edge in edges],
            "pageInfo": {**page["pageInfo"], "hasNextPage": False},
        }

    return every_page


class ExhaustiveRegistry(Registry):
    """``registry``'s resolvers, with every connection field returning all its items."""

    def __init__(self, registry: Registry) -> None:
        super().__init__(registry.schema, registry.domains)
        self._wrapped: dict[tuple[str, str], Resolver] = {}

    def resolver(self, type_name: str, field_name: str) -> Resolver | None:
        found = super().resolver(type_name, field_name)
        type_ = self.schema.get_type(type_name)
        if found is None or not isinstance(type_, GraphQLObjectType):
            return found
        field = type_.fields.get(field_name)
        if field is None or not _is_connection(field.type) or "first" not in field.args:
            return found
        key = (type_name, field_name)
        if key not in self._wrapped:
            self._wrapped[key] = _exhaust(found)
        return self._wrapped[key]


def _connection_nodes(value: dict[str, Any]) -> list[Any] | None:
    """The nodes of a connection's result (``edges { node }`` or ``nodes``)."""
    if "edges" in value and isinstance(value["edges"], list):
        return [edge.get("node") for edge in value["edges"] if isinstance(edge, dict)]
    if "nodes" in value and isinstance(value["nodes"], list):
        return list(value["nodes"])
    return None


def _split(
    obj: dict[str, Any],
    parent_type: GraphQLObjectType,
    selection: SelectionSetNode,
    schema: GraphQLSchema,
) -> tuple[dict[str, Any], list[tuple[dict[str, Any], GraphQLObjectType, SelectionSetNode]]]:
    """``obj`` without its nested connections, and the objects of those connections."""
    kept = dict(obj)
    children: list[tuple[dict[str, Any], GraphQLObjectType, SelectionSetNode]] = []
    for node in _fields(schema, parent_type, obj, selection):
        name = node.alias.value if node.alias else node.name.value
        field = parent_type.fields[node.name.value]
        if not _is_connection(field.type) or name not in obj:
            continue
        value = kept.pop(name)
        if not isinstance(value, dict) or node.selection_set is None:
            continue
        for item_type, item_selection, item in _items(
            schema, field.type, node.selection_set, value
        ):
            children.append((item, item_type, item_selection))
    return kept, children


def _fields(
    schema: GraphQLSchema,
    parent_type: GraphQLObjectType,
    obj: dict[str, Any],
    selection: SelectionSetNode,
) -> Iterator[FieldNode]:
    for node in selection.selections:
        if isinstance(node, FieldNode):
            yield node
        elif isinstance(node, InlineFragmentNode):
            condition = node.type_condition.name.value if node.type_condition else None
            if (
                condition is None
                or condition == obj.get("__typename", parent_type.name)
                or condition == parent_type.name
            ):
                yield from _fields(schema, parent_type, obj, node.selection_set)


def _items(
    schema: GraphQLSchema, connection_type: Any, selection: SelectionSetNode, value: dict[str, Any]
) -> Iterator[tuple[GraphQLObjectType, SelectionSetNode, dict[str, Any]]]:
    connection = get_named_type(connection_type)
    assert isinstance(connection, GraphQLObjectType)
    node_type = get_named_type(connection.fields["nodes"].type)
    for node in selection.selections:
        if not isinstance(node, FieldNode) or node.selection_set is None:
            continue
        name = node.alias.value if node.alias else node.name.value
        if node.name.value == "nodes":
            inner = node.selection_set
            for item in value.get(name) or []:
                yield _concrete(schema, node_type, item), inner, item
        elif node.name.value == "edges":
            for edge_field in node.selection_set.selections:
                if (
                    isinstance(edge_field, FieldNode)
                    and edge_field.name.value == "node"
                    and edge_field.selection_set
                ):
                    key = edge_field.alias.value if edge_field.alias else "node"
                    for edge in value.get(name) or []:
                        item = edge.get(key)
                        if isinstance(item, dict):
                            yield _concrete(schema, node_type, item), edge_field.selection_set, item


def _concrete(schema: GraphQLSchema, declared: Any, item: dict[str, Any]) -> GraphQLObjectType:
    if isinstance(declared, GraphQLObjectType):
        return declared
    found = schema.get_type(str(item.get("__typename", "")))
    if isinstance(found, GraphQLObjectType):
        return found
    raise ValueError(f"cannot tell the type of a {declared} in a bulk result")


def jsonl_lines(
    schema: GraphQLSchema, document: DocumentNode, data: dict[str, Any]
) -> tuple[list[str], int]:
    """``(lines, root object count)`` for a bulk query's ``data``."""
    operation = next(d for d in document.definitions if isinstance(d, OperationDefinitionNode))
    root = schema.query_type
    assert root is not None
    lines: list[str] = []
    roots = 0

    def emit(
        item: dict[str, Any],
        type_: GraphQLObjectType,
        selection: SelectionSetNode,
        parent: str | None,
    ) -> None:
        kept, children = _split(item, type_, selection, schema)
        if parent is not None:
            kept["__parentId"] = parent
        lines.append(json.dumps(kept, separators=(",", ":")))
        for child, child_type, child_selection in children:
            emit(child, child_type, child_selection, item.get("id"))

    for node in operation.selection_set.selections:
        if not isinstance(node, FieldNode) or node.selection_set is None:
            continue
        name = node.alias.value if node.alias else node.name.value
        value = data.get(name)
        field = root.fields[node.name.value]
        if not isinstance(value, dict):
            continue
        if _is_connection(field.type):
            for item_type, item_selection, item in _items(
                schema, field.type, node.selection_set, value
            ):
                roots += 1
                emit(item, item_type, item_selection, None)
        else:
            field_type = get_named_type(field.type)
            if isinstance(field_type, GraphQLObjectType):
                roots += 1
                emit(value, field_type, node.selection_set, None)
    return lines, roots
