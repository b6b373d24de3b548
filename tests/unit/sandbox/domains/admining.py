"""A bootstrapped store and an Admin API runner over a chosen set of domains."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import Any

from graphql import GraphQLSchema

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.core import core
from shopbridge.sandbox.domains.shop import shop
from shopbridge.sandbox.registry import Domain, Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run


@dataclass
class AdminStore:
    """Run admin documents against ``State`` with ``core``, ``shop`` and ``domains``."""

    schema: GraphQLSchema
    domains: Iterable[Domain]
    state: State = field(default_factory=State)

    def __post_init__(self) -> None:
        self.registry = Registry(self.schema, [core, shop, *self.domains])
        run_bootstraps(self.state, SandboxConfig())

    def query(self, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        return run(self.registry, text, variables, self.state)

    def data(self, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.query(text, variables)
        assert "errors" not in body, body["errors"]
        found: dict[str, Any] = body["data"]
        return found

    def payload(self, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        """The only root field's value (a mutation payload)."""
        [value] = self.data(text, variables).values()
        assert isinstance(value, dict)
        return value
