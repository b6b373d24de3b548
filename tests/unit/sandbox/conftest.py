"""Shared fixtures: the real Shopify schemas, loaded once per session."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.schema import load_schema


@pytest.fixture(scope="session")
def admin() -> GraphQLSchema:
    return load_schema("admin", "2026-07")


@pytest.fixture(scope="session")
def admin_2026_04() -> GraphQLSchema:
    return load_schema("admin", "2026-04")


@pytest.fixture(scope="session")
def storefront() -> GraphQLSchema:
    return load_schema("storefront", "2026-07")
