"""An answer from the Admin API, and mutation ``userErrors`` mapped back to input items.

Shopify reports a bad entry of an input list as a ``userErrors`` entry whose ``field``
is the argument path plus the entry's index as a string (``["input", "quantities",
"3", "quantity"]``). :func:`item_errors` turns that into "item 3 failed because …", so
a writer can dead-letter the bad items with Shopify's reason and resend the good
ones. Errors that point at no item (``field`` null or outside the list) are *general*:
they concern the whole call.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Generic, TypeVar

from shopbridge.errors import ShopifyUserErrors

from .document import Document
from .throttle import ThrottleStatus

__all__ = [
    "FailedItem",
    "ItemErrors",
    "Result",
    "UserError",
    "connection_nodes",
    "item_errors",
    "next_cursor",
    "user_errors",
]

T = TypeVar("T")


@dataclass(frozen=True, slots=True)
class Result:
    """``data`` of a successful call, with Shopify's request id and what it cost."""

    document: Document
    data: dict[str, Any]
    request_id: str | None = None
    requested_cost: int | None = None
    actual_cost: int | None = None
    throttle: ThrottleStatus | None = None

    @property
    def payload(self) -> dict[str, Any]:
        """The root field's value (``data.inventorySetQuantities``), ``{}`` when null."""
        value = self.data.get(self.document.root_field)
        return value if isinstance(value, dict) else {}

    def raise_for_user_errors(self) -> None:
        """Raise ``ShopifyUserErrors`` when the payload carries any."""
        errors = self.payload.get("userErrors") or []
        if errors:
            raise ShopifyUserErrors(list(errors), request_id=self.request_id)


@dataclass(frozen=True, slots=True)
class UserError:
    """One ``userErrors`` entry; ``field`` is relative to the item when it names one."""

    message: str
    code: str | None = None
    field: tuple[str, ...] | None = None


@dataclass(frozen=True, slots=True)
class FailedItem(Generic[T]):
    index: int
    item: T
    errors: tuple[UserError, ...]


@dataclass(frozen=True, slots=True)
class ItemErrors(Generic[T]):
    """Which input items failed, and the errors about the call as a whole."""

    failed: tuple[FailedItem[T], ...] = ()
    general: tuple[UserError, ...] = ()
    count: int = 0
    ok_indexes: tuple[int, ...] = field(default=())

    @property
    def ok(self) -> bool:
        return not self.failed and not self.general


def user_errors(payload: Mapping[str, Any]) -> list[UserError]:
    """The payload's ``userErrors`` as values (any shape Shopify uses: with or without code)."""
    found = []
    for entry in payload.get("userErrors") or ():
        if not isinstance(entry, Mapping):
            continue
        raw_field = entry.get("field")
        path = tuple(str(part) for part in raw_field) if isinstance(raw_field, list) else None
        code = entry.get("code")
        found.append(
            UserError(str(entry.get("message", "")), code if isinstance(code, str) else None, path)
        )
    return found


def item_errors(
    payload: Mapping[str, Any], items: Sequence[T], path: Sequence[str]
) -> ItemErrors[T]:
    """Map ``userErrors`` onto ``items``, the list sent at argument path ``path``.

    ``ok_indexes`` are the items no error names. For an atomic mutation
    (``Document.atomic``) with any error, those were not applied either: resend them.
    """
    prefix = tuple(path)
    by_index: dict[int, list[UserError]] = {}
    general: list[UserError] = []
    for error in user_errors(payload):
        where = error.field or ()
        rest = where[len(prefix) :]
        index = _index(rest[0]) if where[: len(prefix)] == prefix and rest else None
        if index is None or index >= len(items):
            general.append(error)
        else:
            by_index.setdefault(index, []).append(
                UserError(error.message, error.code, rest[1:] or None)
            )
    failed = tuple(
        FailedItem(index, items[index], tuple(errors)) for index, errors in sorted(by_index.items())
    )
    ok = tuple(index for index in range(len(items)) if index not in by_index)
    return ItemErrors(failed, tuple(general), len(items), ok)


def _index(text: str) -> int | None:
    return int(text) if text.isdigit() else None


def connection_nodes(connection: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The ``nodes`` of a connection in an answer (objects only; none if absent)."""
    nodes = connection.get("nodes")
    return [n for n in nodes if isinstance(n, dict)] if isinstance(nodes, list) else []


def next_cursor(connection: Mapping[str, Any]) -> str | None:
    """The cursor of the next page of a connection, or ``None`` on the last page."""
    page = connection.get("pageInfo")
    if isinstance(page, Mapping) and page.get("hasNextPage"):
        cursor = page.get("endCursor")
        return cursor if isinstance(cursor, str) else None
    return None
