"""Relay pagination over a list: cursors, first/last, reverse, and Shopify's refusals."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLError

from shopbridge.sandbox.connections import count_of, decode_cursor, paginate
from shopbridge.sandbox.gid import gid

ITEMS = [{"id": gid("Product", 1000 + n), "title": f"T{9 - n}"} for n in range(10)]


def ids(connection: dict[str, Any]) -> list[int]:
    return [int(node["id"].rsplit("/", 1)[1]) - 1000 for node in connection["nodes"]]


def test_first_then_after_walks_every_item_once() -> None:
    seen: list[int] = []
    args: dict[str, Any] = {"first": 3}
    while True:
        page = paginate(ITEMS, args)
        seen += ids(page)
        assert [edge["node"] for edge in page["edges"]] == page["nodes"]
        if not page["pageInfo"]["hasNextPage"]:
            break
        args = {"first": 3, "after": page["pageInfo"]["endCursor"]}
    assert seen == list(range(10))


def test_page_info_on_the_first_middle_and_last_page() -> None:
    first = paginate(ITEMS, {"first": 4})
    assert first["pageInfo"]["hasNextPage"]
    assert not first["pageInfo"]["hasPreviousPage"]
    middle = paginate(ITEMS, {"first": 4, "after": first["pageInfo"]["endCursor"]})
    assert ids(middle) == [4, 5, 6, 7]
    assert middle["pageInfo"]["hasNextPage"]
    assert middle["pageInfo"]["hasPreviousPage"]
    last = paginate(ITEMS, {"first": 4, "after": middle["pageInfo"]["endCursor"]})
    assert ids(last) == [8, 9]
    assert not last["pageInfo"]["hasNextPage"]
    assert last["pageInfo"]["hasPreviousPage"]
    assert last["pageInfo"]["startCursor"] == last["edges"][0]["cursor"]


def test_last_and_before_page_backwards() -> None:
    tail = paginate(ITEMS, {"last": 3})
    assert ids(tail) == [7, 8, 9]
    before = paginate(ITEMS, {"last": 3, "before": tail["pageInfo"]["startCursor"]})
    assert ids(before) == [4, 5, 6]
    assert before["pageInfo"]["hasPreviousPage"]
    assert before["pageInfo"]["hasNextPage"]


def test_reverse_and_sort_value() -> None:
    assert ids(paginate(ITEMS, {"first": 3, "reverse": True})) == [9, 8, 7]
    by_title = paginate(ITEMS, {"first": 3}, sort_value=lambda item: item["title"])
    assert ids(by_title) == [9, 8, 7]
    after = paginate(
        ITEMS,
        {"first": 2, "after": by_title["pageInfo"]["endCursor"]},
        sort_value=lambda item: item["title"],
    )
    assert ids(after) == [6, 5]


def test_cursors_survive_deleting_the_item_they_point_at() -> None:
    page = paginate(ITEMS, {"first": 5})
    remaining = [item for item in ITEMS if item["id"] != page["nodes"][-1]["id"]]
    assert ids(paginate(remaining, {"first": 5, "after": page["pageInfo"]["endCursor"]})) == [
        5,
        6,
        7,
        8,
        9,
    ]


def test_an_empty_page() -> None:
    page = paginate([], {"first": 5})
    assert page["nodes"] == []
    assert page["edges"] == []
    assert page["pageInfo"] == {
        "hasNextPage": False,
        "hasPreviousPage": False,
        "startCursor": None,
        "endCursor": None,
    }


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({}, "you must provide one of first or last"),
        ({"first": 1, "last": 1}, "providing both first and last is not supported"),
        ({"first": 251}, "first cannot exceed 250. To query larger amounts of data"),
        ({"last": 300}, "last cannot exceed 250."),
        ({"first": 1, "after": "not-a-cursor"}, "Invalid cursor."),
    ],
)
def test_refusals(args: dict[str, Any], message: str) -> None:
    with pytest.raises(GraphQLError) as caught:
        paginate(ITEMS, args)
    assert caught.value.message.startswith(message)
    assert caught.value.extensions == {"code": "BAD_REQUEST"}


def test_250_is_allowed_and_negative_counts_as_zero() -> None:
    assert len(paginate(ITEMS, {"first": 250})["nodes"]) == 10
    assert paginate(ITEMS, {"first": -1})["nodes"] == []


def test_cursors_are_opaque_base64_json() -> None:
    cursor = paginate(ITEMS, {"first": 1})["edges"][0]["cursor"]
    assert "{" not in cursor
    assert decode_cursor(cursor) == ((False, None), 1000)


def test_counts_stop_at_the_limit() -> None:
    assert count_of(12, {}) == {"count": 12, "precision": "EXACT"}
    assert count_of(12, {"limit": 10}) == {"count": 10, "precision": "AT_LEAST"}
    assert count_of(20_000, {"limit": None}) == {"count": 20_000, "precision": "EXACT"}
    assert count_of(20_000, {}) == {"count": 10_000, "precision": "AT_LEAST"}
