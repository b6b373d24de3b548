"""Relay connections over a list: ``first``/``last``/``after``/``before`` with opaque cursors.

``paginate(items, args, sort_value=...)`` orders the items by ``(sort value, id)``
(descending with ``reverse: true``), applies the cursors, then ``first`` and ``last``,
and returns the connection as a dict with ``edges { cursor node }``, ``nodes`` and
``pageInfo``. Cursors are base64 JSON of the last item's id and sort value, the form
Shopify's cursors take, and keep working when items before them are deleted.

Shopify refuses a connection without ``first`` or ``last`` ("you must provide one of
first or last", seen in Shopify's own client test fixtures) and pages over 250 items
("first cannot exceed 250. To query...", quoted from live responses in public
repositories). Both carry ``extensions.code`` ``BAD_REQUEST`` here (not confirmed
for the 250 limit). A negative size counts as 0 (graphql-ruby's behaviour).
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.errors import bad_request, not_supported
from shopbridge.sandbox.gid import legacy_id

__all__ = [
    "DEFAULT_COUNT_LIMIT",
    "MAX_PAGE_SIZE",
    "count_of",
    "decode_cursor",
    "encode_cursor",
    "page_size",
    "paginate",
    "sort_function",
]

MAX_PAGE_SIZE: Final = 250
DEFAULT_COUNT_LIMIT: Final = 10_000
Item = Mapping[str, Any]
Position = tuple[tuple[bool, Any], int]


def encode_cursor(item_id: int, value: Any) -> str:
    raw = json.dumps({"last_id": item_id, "last_value": value}, separators=(",", ":"))
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> Position:
    try:
        padded = cursor + "=" * (-len(cursor) % 4)
        data = json.loads(base64.urlsafe_b64decode(padded.encode()))
        item_id, value = data["last_id"], data["last_value"]
    except (ValueError, KeyError, TypeError, binascii.Error) as exc:
        raise bad_request("Invalid cursor.") from exc
    if not isinstance(item_id, int):
        raise bad_request("Invalid cursor.")
    return (value is not None, value), item_id


def page_size(args: Mapping[str, Any]) -> tuple[int | None, int | None]:
    """``(first, last)`` after Shopify's checks; raises ``GraphQLError`` on a bad request."""
    first, last = args.get("first"), args.get("last")
    if first is None and last is None:
        raise bad_request("you must provide one of first or last")
    if first is not None and last is not None:
        raise bad_request("providing both first and last is not supported")
    for name, size in (("first", first), ("last", last)):
        if size is not None and size > MAX_PAGE_SIZE:
            raise bad_request(
                f"{name} cannot exceed {MAX_PAGE_SIZE}. To query larger amounts of data with "
                "fewer limits, bulk operations should be used instead."
            )
    return (None if first is None else max(first, 0)), (None if last is None else max(last, 0))


def _default_id(item: Item) -> int:
    return legacy_id(str(item["id"]))


def paginate(
    items: Sequence[Item],
    args: Mapping[str, Any],
    *,
    sort_value: Callable[[Item], Any] | None = None,
    item_id: Callable[[Item], int] = _default_id,
) -> dict[str, Any]:
    """The connection for ``items`` given the field's arguments (``reverse`` included)."""
    first, last = page_size(args)
    reverse = bool(args.get("reverse"))

    def position(item: Item) -> Position:
        value = sort_value(item) if sort_value is not None else None
        return (value is not None, value), item_id(item)

    def ahead(a: Position, b: Position) -> bool:
        return a < b if reverse else a > b

    ordered = sorted(
        ((position(item), item) for item in items), key=lambda p: p[0], reverse=reverse
    )
    after = decode_cursor(args["after"]) if args.get("after") else None
    before = decode_cursor(args["before"]) if args.get("before") else None
    window = [
        (index, pos, item)
        for index, (pos, item) in enumerate(ordered)
        if (after is None or ahead(pos, after)) and (before is None or ahead(before, pos))
    ]
    page = window[:first] if first is not None else window
    page = page[len(page) - last :] if last is not None and len(page) > last else page
    edges = [{"cursor": encode_cursor(pos[1], pos[0][1]), "node": item} for _, pos, item in page]
    if page:
        has_previous = page[0][0] > 0
        has_next = page[-1][0] < len(ordered) - 1
    else:
        has_previous = after is not None and any(not ahead(pos, after) for pos, _ in ordered)
        has_next = before is not None and any(not ahead(before, pos) for pos, _ in ordered)
    return {
        "edges": edges,
        "nodes": [edge["node"] for edge in edges],
        "pageInfo": {
            "hasNextPage": has_next,
            "hasPreviousPage": has_previous,
            "startCursor": edges[0]["cursor"] if edges else None,
            "endCursor": edges[-1]["cursor"] if edges else None,
        },
    }


SortFunction = Callable[[Item], Any] | None


def sort_function(
    args: Mapping[str, Any], options: Mapping[str, SortFunction], default: str, where: str
) -> SortFunction:
    """The sort value for the ``sortKey`` argument (``None``: by id); refuses unknown keys."""
    key = args.get("sortKey") or default
    if key not in options:
        raise not_supported(f"sortKey {key} of '{where}'")
    return options[key]


def count_of(total: int, args: Mapping[str, Any]) -> dict[str, Any]:
    """A ``Count`` object; counts stop at ``limit`` (10,000 unless given, null: no limit)."""
    limit = args.get("limit", DEFAULT_COUNT_LIMIT)
    if limit is not None and total > limit:
        return {"count": limit, "precision": "AT_LEAST"}
    return {"count": total, "precision": "EXACT"}
