"""What a resolver knows about the request it serves (``info.context``)."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TypeAlias

from graphql import GraphQLResolveInfo

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.runtime_cost import ActualCost
from shopbridge.sandbox.state import State

__all__ = ["Info", "RequestContext", "context_of"]


@dataclass(slots=True)
class RequestContext:
    """One request's view of the store.

    ``search`` collects Shopify's ``extensions.search`` warnings (unknown search
    fields); ``after_rollback`` holds callbacks run after a mutation failed and its
    writes were undone (for bookkeeping that must survive the failure).
    """

    state: State
    config: SandboxConfig
    registry: Registry
    api: str
    version: str
    app: str
    request_id: str
    cost: ActualCost
    search: list[dict[str, Any]] = field(default_factory=list)
    after_rollback: list[Callable[[], None]] = field(default_factory=list)


Info: TypeAlias = "GraphQLResolveInfo[RequestContext]"
"""What resolvers receive as ``info`` (graphql-core's resolve info with our context)."""


def context_of(info: GraphQLResolveInfo[Any]) -> RequestContext:
    context = info.context
    if not isinstance(context, RequestContext):
        raise TypeError("the sandbox executes documents with a RequestContext")
    return context
