"""Shopify's search syntax: parsing, and matching documents field by field."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError

from shopbridge.sandbox.search import Filter, SearchSpec, matches
from shopbridge.sandbox.search_syntax import And, Not, Or, Term, describe, parse_query

DOCS: list[dict[str, Any]] = [
    {
        "id": "gid://shopify/Product/101",
        "title": "Big Blue Shirt",
        "handle": "big-blue-shirt",
        "sku": "ABC-1",
        "status": "ACTIVE",
        "updatedAt": "2026-01-05T10:00:00Z",
        "stock": 4,
        "tags": ["summer", "sale"],
    },
    {
        "id": "gid://shopify/Product/102",
        "title": "Red Cap",
        "handle": "red-cap",
        "sku": "XYZ-9",
        "status": "DRAFT",
        "updatedAt": "2025-12-31T23:59:59Z",
        "stock": 0,
        "tags": [],
    },
    {
        "id": "gid://shopify/Product/103",
        "title": "Blue Socks",
        "handle": "blue-socks",
        "sku": "abc-2",
        "status": "ARCHIVED",
        "updatedAt": "2026-02-01T00:00:00Z",
        "stock": 12,
        "tags": ["winter"],
    },
]
SPEC = SearchSpec(
    filters={
        "id": Filter("id", lambda d: d["id"]),
        "title": Filter("text", lambda d: d["title"]),
        "handle": Filter("keyword", lambda d: d["handle"], multi=True),
        "sku": Filter("keyword", lambda d: d["sku"]),
        "status": Filter("keyword", lambda d: d["status"], multi=True),
        "updated_at": Filter("time", lambda d: d["updatedAt"]),
        "inventory_total": Filter("number", lambda d: d["stock"]),
        "tag": Filter("keyword", lambda d: d["tags"]),
    },
    default=lambda d: [d["title"], d["sku"]],
    documented=frozenset({"vendor"}),
)


def found(query: str) -> list[int]:
    kept, _, _ = matches(DOCS, query, SPEC)
    return [int(d["id"].rsplit("/", 1)[1]) - 100 for d in kept]


def test_parse_tree() -> None:
    assert parse_query("") is None
    assert parse_query("sku:ABC") == Term("sku", "ABC")
    assert parse_query('title:"Big shirt" -status:draft') == And(
        (Term("title", "Big shirt", quoted=True), Not(Term("status", "draft")))
    )
    assert parse_query("a OR b c") == Or((Term(None, "a"), And((Term(None, "b"), Term(None, "c")))))
    assert parse_query("NOT (x:1 OR x:2)") == Not(Or((Term("x", "1"), Term("x", "2"))))
    assert parse_query("updated_at:>=2026-01-01") == Term("updated_at", "2026-01-01", ">=")


@pytest.mark.parametrize(
    ("query", "expected"),
    [
        ("", [1, 2, 3]),
        ("sku:ABC-1", [1]),
        ("sku:abc-1", [1]),  # whole value, any case
        ("sku:ABC", []),
        ("sku:ABC*", [1, 3]),
        ("handle:red-cap", [2]),
        ("handle:red-cap,blue-socks", [2, 3]),
        ("title:blue", [1, 3]),
        ('title:"blue shirt"', [1]),
        ("title:shi*", [1]),
        ("status:active", [1]),
        ("status:active,draft", [1, 2]),
        ("-status:active", [2, 3]),
        ("NOT status:active", [2, 3]),
        ("status:active OR status:draft", [1, 2]),
        ("title:blue AND status:archived", [3]),
        ("title:blue status:archived", [3]),
        ("(status:draft OR status:archived) title:cap", [2]),
        ("updated_at:>2026-01-01", [1, 3]),
        ("updated_at:<2026-01-01", [2]),
        ("updated_at:2026-01-05", [1]),
        ("updated_at:>'2026-01-05T10:00:00Z'", [3]),
        ("inventory_total:>0", [1, 3]),
        ("inventory_total:<=4", [1, 2]),
        ("id:102", [2]),
        ("id:>=102", [2, 3]),
        ("id:gid://shopify/Product/103", [3]),
        ("tag:sale", [1]),
        ("blue", [1, 3]),
        ("xyz", [2]),
    ],
)
def test_matching(query: str, expected: list[int]) -> None:
    assert found(query) == expected


def test_an_unknown_field_is_dropped_with_shopifys_warning() -> None:
    kept, warnings, tree = matches(DOCS, "colour:red status:draft", SPEC)
    assert [d["handle"] for d in kept] == ["red-cap"]
    assert warnings == [
        {
            "field": "colour",
            "message": "Invalid search field for this query.",
            "code": "invalid_field",
        }
    ]
    assert tree is not None
    assert describe(tree) == {
        "and": [{"field": "colour", "match_all": "red"}, {"field": "status", "match_all": "draft"}]
    }


def test_a_bad_value_is_dropped_with_a_warning() -> None:
    kept, warnings, _ = matches(DOCS, "updated_at:>yesterday", SPEC)
    assert len(kept) == 3
    assert warnings[0]["code"] == "invalid_value"


def test_a_documented_filter_the_sandbox_lacks_is_not_supported() -> None:
    with pytest.raises(GraphQLError) as caught:
        matches(DOCS, "vendor:acme", SPEC, "QueryRoot.products")
    assert caught.value.extensions == {"code": "NOT_SUPPORTED_BY_SANDBOX"}
    assert "vendor" in caught.value.message


def test_unbalanced_query_is_a_bad_request() -> None:
    with pytest.raises(GraphQLError) as caught:
        matches(DOCS, "(status:draft", SPEC)
    assert caught.value.extensions == {"code": "BAD_REQUEST"}
