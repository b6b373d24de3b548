"""``node(id:)`` and ``nodes(ids:)``: any object by its GID, through the domains' loaders.

A GID whose type has no loader answers "not supported by the sandbox" when the type
is a real ``Node`` type of the schema (a domain nobody has built yet), and ``null``
otherwise, as Shopify answers for an ID it does not know.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from graphql import GraphQLError, GraphQLInterfaceType, GraphQLObjectType

from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import Gid, InvalidGidError, parse_gid
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["core", "load_node", "lookup", "stored_node"]

core = Domain("core")


def stored_node(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    """The usual node loader: the document stored under the GID's type and id."""
    return ctx.state.get(gid.type, gid.id)


def lookup(state: State, value: object, type_name: str) -> Doc | None:
    """The stored ``type_name`` document for a GID, or ``None`` (malformed, other type, gone)."""
    try:
        gid = parse_gid(value, type_name)
    except InvalidGidError:
        return None
    return state.get(type_name, gid.id)


def load_node(info: Info, value: str) -> Mapping[str, Any] | None:
    ctx = context_of(info)
    try:
        gid = parse_gid(value)
    except InvalidGidError:
        return None
    loader = ctx.registry.node_loader(gid.type)
    if loader is not None:
        return loader(ctx, gid)
    type_ = info.schema.get_type(gid.type)
    node = info.schema.get_type("Node")
    if (
        isinstance(type_, GraphQLObjectType)
        and isinstance(node, GraphQLInterfaceType)
        and info.schema.is_sub_type(node, type_)
    ):
        raise not_supported(f"Looking up {gid.type} objects by id", typeName=gid.type)
    return None


@core.query("node")
def node(_root: None, info: Info, id: str) -> Mapping[str, Any] | None:
    return load_node(info, id)


@core.query("nodes")
def nodes(_root: None, info: Info, ids: list[str]) -> list[Mapping[str, Any] | Exception | None]:
    """One entry per id; an id that cannot be looked up errors only its own entry."""
    found: list[Mapping[str, Any] | Exception | None] = []
    for value in ids:
        try:
            found.append(load_node(info, value))
        except GraphQLError as error:
            found.append(error)
    return found
