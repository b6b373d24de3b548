"""A seeded store and a Storefront API runner for the storefront domain tests."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import UTC, datetime
from typing import Any

from graphql import GraphQLSchema

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import build_registry, run_bootstraps
from shopbridge.sandbox.domains.catalog_store import VARIANT, variants_of
from shopbridge.sandbox.domains.inventory_store import apply_delta, levels_of_item, quantity
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.state import Doc, State
from tests.unit.sandbox.executing import run


@dataclass
class Store:
    """Five seeded products with two variants (S, M) each, stocked at one location."""

    schema: GraphQLSchema
    state: State

    def query(self, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        registry = build_registry(self.schema, "storefront")
        return run(registry, text, variables, self.state)

    def data(self, text: str, variables: dict[str, Any] | None = None) -> dict[str, Any]:
        body = self.query(text, variables)
        assert "errors" not in body, body["errors"]
        found: dict[str, Any] = body["data"]
        return found

    def product(self, handle: str) -> Doc:
        found = self.state.first("Product", "handle", handle)
        assert found is not None
        return found

    def variants(self, handle: str) -> list[Doc]:
        return variants_of(self.state, self.product(handle)["id"])

    def set_stock(self, variant: Doc, available: int) -> None:
        with self.state.transaction():
            for level in levels_of_item(self.state, variant["inventoryItemId"]):
                apply_delta(self.state, level, "available", -quantity(level, "available"))
            level = levels_of_item(self.state, variant["inventoryItemId"])[0]
            apply_delta(self.state, level, "available", available)

    def edit_product(self, handle: str, **fields: Any) -> None:
        with self.state.transaction():
            self.state.save({**self.product(handle), **fields})

    def edit_variant(self, variant: Doc, **fields: Any) -> None:
        with self.state.transaction():
            found = self.state.get(VARIANT, legacy_id(variant["id"]))
            assert found is not None
            self.state.save({**found, **fields})


def seeded_store(schema: GraphQLSchema, products: int = 5) -> Store:
    state = State(clock=lambda: datetime(2026, 7, 1, tzinfo=UTC))
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=products, variants=2, locations=1)
    return Store(schema, state)


def handle(n: int) -> str:
    return f"sandbox-product-{n:05d}"
