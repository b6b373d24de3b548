"""The documented bulk query rules."""

from __future__ import annotations

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.bulk_query import check_query

NESTED3 = (
    "{ products { edges { node { id variants { edges { node { id "
    "media { edges { node { id } } } } } } } } } }"
)


@pytest.mark.parametrize(
    ("query", "problem"),
    [
        ("{ products { edges { node { id } } } }", None),
        ("{ products { nodes { id variants { nodes { id } } } } }", None),
        ("{ shop { name } }", "at least one connection"),
        ('{ node(id: "gid://shopify/Product/1") { id } }', "top-level"),
        (NESTED3, "nested more than 2"),
        ("{ products { nodes { nope } } }", "Invalid bulk query"),
        ("mutation { shop { id } }", "Invalid bulk query"),
    ],
)
def test_rules(admin: GraphQLSchema, query: str, problem: str | None) -> None:
    _document, found = check_query(admin, query)
    assert (found is None) if problem is None else (found is not None and problem in found)


def test_at_most_five_connections(admin: GraphQLSchema) -> None:
    many = " ".join(f"a{i}: products {{ nodes {{ id }} }}" for i in range(6))
    _document, found = check_query(admin, "{ " + many + " }")
    assert found is not None
    assert "more than 5" in found
