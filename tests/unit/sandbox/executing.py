"""Run a document against the real admin schema with a given registry (no HTTP)."""

from __future__ import annotations

from typing import Any

from graphql import parse

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.context import RequestContext
from shopbridge.sandbox.cost import CostModel
from shopbridge.sandbox.executor import execute_document
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.runtime_cost import ActualCost
from shopbridge.sandbox.state import State


def run(
    registry: Registry,
    query: str,
    variables: dict[str, Any] | None = None,
    state: State | None = None,
) -> dict[str, Any]:
    state = state or State()
    context = RequestContext(
        state=state,
        config=SandboxConfig(),
        registry=registry,
        api="admin",
        version="2026-07",
        app="test",
        request_id="req-1",
        cost=ActualCost(CostModel.DOCUMENTED),
    )
    return execute_document(parse(query), context, variables)
