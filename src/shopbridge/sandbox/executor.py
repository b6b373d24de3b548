"""Execute a validated document against Shopify's real schema with graphql-core.

Every field goes through ``dispatch``:

1. a resolver registered for ``(Type, field)`` by a domain (mutation root fields run
   inside one state transaction: all their writes or none);
2. else the key of the same name on a dict parent (documents and payloads are dicts;
   store an explicit ``None`` for a field that is known to be null);
3. else a few fields every entity answers the same way (``legacyResourceId``);
4. else a "Field 'Type.field' is not supported by the sandbox" error
   (``extensions.code`` ``NOT_SUPPORTED_BY_SANDBOX``), never a silent null.

Abstract types (``Node``, unions) resolve from the object's ``__typename`` key.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from graphql import (
    DocumentNode,
    ExecutionResult,
    GraphQLAbstractType,
    GraphQLError,
    GraphQLSchema,
    execute,
)
from graphql.language import OperationType

from shopbridge.observability.logging import get_logger
from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.errors import internal_error, not_supported_field
from shopbridge.sandbox.gid import InvalidGidError, legacy_id

__all__ = ["dispatch", "execute_document", "resolve_type"]

log = get_logger(__name__)


def _legacy_resource_id(parent: Any) -> Any:
    if isinstance(parent, Mapping) and isinstance(parent.get("id"), str):
        try:
            return str(legacy_id(parent["id"]))
        except InvalidGidError:
            return None
    return None


_FALLBACKS = {"legacyResourceId": _legacy_resource_id}


def _call(ctx: RequestContext, parent: Any, info: Info, args: dict[str, Any]) -> Any:
    resolver = ctx.registry.resolver(info.parent_type.name, info.field_name)
    if resolver is not None:
        if info.operation.operation is OperationType.MUTATION and info.path.prev is None:
            return _mutate(ctx, resolver, parent, info, args)
        return resolver(parent, info, **args)
    if isinstance(parent, Mapping) and info.field_name in parent:
        return parent[info.field_name]
    fallback = _FALLBACKS.get(info.field_name)
    if fallback is not None and isinstance(parent, Mapping):
        found = fallback(parent)
        if found is not None:
            return found
    raise not_supported_field(info.parent_type.name, info.field_name)


def _mutate(
    ctx: RequestContext, resolver: Any, parent: Any, info: Info, args: dict[str, Any]
) -> Any:
    tags = {"source": f"{ctx.api}_api", "app": ctx.app, "mutation": info.field_name}
    try:
        with ctx.state.transaction(**tags):
            return resolver(parent, info, **args)
    except BaseException:
        for hook in list(ctx.after_rollback):
            hook()
        raise
    finally:
        ctx.after_rollback.clear()


def dispatch(parent: Any, info: Info, **args: Any) -> Any:
    """graphql-core's ``field_resolver`` for every field of the schema."""
    ctx = context_of(info)
    try:
        value = _call(ctx, parent, info, args)
    except GraphQLError:
        raise
    except Exception as exc:
        log.exception(
            "sandbox_resolver_failed",
            field=f"{info.parent_type.name}.{info.field_name}",
            request_id=ctx.request_id,
        )
        raise internal_error(ctx.request_id) from exc
    ctx.cost.track(info, value)
    return value


def resolve_type(value: Any, info: Info, abstract_type: GraphQLAbstractType) -> str:
    """The concrete type of an object returned where an interface or union is expected."""
    if isinstance(value, Mapping) and isinstance(value.get("__typename"), str):
        return str(value["__typename"])
    possible = info.schema.get_possible_types(abstract_type)
    if len(possible) == 1:
        return possible[0].name
    raise GraphQLError(f"cannot tell which {abstract_type.name} this object is")


@cache
def _executable(schema: GraphQLSchema) -> GraphQLSchema:
    """``schema`` without ``@defer``/``@stream``, which graphql-core 3.3 will only execute
    as an opt-in experiment (Shopify's Storefront schema declares them; the sandbox
    answers deferred fragments inline)."""
    experimental = {"defer", "stream"}
    if not any(directive.name in experimental for directive in schema.directives):
        return schema
    kwargs = schema.to_kwargs()
    kwargs["directives"] = tuple(d for d in schema.directives if d.name not in experimental)
    kwargs["assume_valid"] = True
    return GraphQLSchema(**kwargs)


def execute_document(
    document: DocumentNode,
    context: RequestContext,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> dict[str, Any]:
    """Run a valid document; returns the response body's ``data`` and ``errors``."""
    result = execute(
        _executable(context.registry.schema),
        document,
        context_value=context,
        variable_values=dict(variables or {}),
        operation_name=operation_name,
        field_resolver=dispatch,
        type_resolver=resolve_type,
    )
    if not isinstance(result, ExecutionResult):
        raise TypeError("the sandbox's resolvers are synchronous")
    body: dict[str, Any] = {}
    if result.errors:
        body["errors"] = [error.formatted for error in result.errors]
    body["data"] = result.data
    return body
