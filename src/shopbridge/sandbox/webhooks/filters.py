"""A subscription's ``filter`` and ``includeFields``, applied to a rendered payload.

Filters use Shopify's search syntax over the payload's own keys, dotted for nested
ones (``variants.price:>=10.00``, ``status:active AND (product_type:Music OR
vendor:Acme)``), as https://shopify.dev/docs/apps/build/webhooks/customize/filters
shows; a path through a list matches when *any* element matches. Shopify documents
the grammar but not every comparison rule, so the sandbox chooses:

* ``field:*`` means the field is present and not null;
* ranges (``>``, ``>=``, ``<``, ``<=``) compare numbers when both sides read as
  numbers (prices are strings in REST), else times when both read as ISO times,
  else strings;
* ``field:value`` compares numbers as numbers, anything else case-insensitively
  (``true``/``false`` for booleans); ``value*`` matches a prefix;
* a field the payload does not have matches nothing (so ``-field:x`` matches);
* a bare word without a field is refused when the subscription is saved.

The filter sees the whole payload, before ``includeFields`` trims it (a choice:
Shopify's pages do not say which comes first). ``includeFields`` keeps only the
listed paths, dotted for nested keys (``variants.price``), as documented at
https://shopify.dev/docs/apps/build/webhooks/customize/modify-payloads.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Mapping, Sequence
from datetime import datetime
from typing import Any

from shopbridge.sandbox.search_syntax import (
    And,
    Node,
    Not,
    Or,
    SearchSyntaxError,
    Term,
    parse_query,
)

__all__ = ["filter_error", "include_fields", "matches_filter"]


def filter_error(text: str | None) -> str | None:
    """Why ``text`` cannot be a webhook filter, or ``None`` when it can."""
    try:
        tree = parse_query(text or "")
    except SearchSyntaxError as exc:
        return str(exc)
    bare = [term.value for term in _terms(tree) if term.field is None]
    if bare:
        return f"'{bare[0]}' names no field; write field:value"
    return None


def _terms(node: Node | None) -> Iterator[Term]:
    if isinstance(node, Term):
        yield node
    elif isinstance(node, Not):
        yield from _terms(node.node)
    elif isinstance(node, And | Or):
        for child in node.nodes:
            yield from _terms(child)


def _values(value: Any, path: Sequence[str]) -> Iterator[Any]:
    """Every value at ``path`` below ``value``, looking through lists."""
    if isinstance(value, list):
        for item in value:
            yield from _values(item, path)
        return
    if not path:
        yield value
        return
    if isinstance(value, Mapping) and path[0] in value:
        yield from _values(value[path[0]], path[1:])


def _number(value: Any) -> float | None:
    if isinstance(value, bool):
        return None
    try:
        return float(value)
    except (TypeError, ValueError):
        return None


def _time(value: Any) -> datetime | None:
    if not isinstance(value, str):
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        return None


def _text(value: Any) -> str:
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value).lower()


def _ordered(actual: Any, wanted: str) -> tuple[Any, Any] | None:
    for convert in (_number, _time):
        pair = convert(actual), convert(wanted)
        if pair[0] is not None and pair[1] is not None:
            return pair
    return (_text(actual), wanted.lower()) if actual is not None else None


def _compare(actual: Any, term: Term) -> bool:
    if term.comparator == ":":
        if term.value == "*":
            return actual is not None
        if actual is None:
            return term.value.lower() == "null"
        number, wanted_number = _number(actual), _number(term.value)
        if number is not None and wanted_number is not None:
            return number == wanted_number
        wanted = term.value.lower()
        if wanted.endswith("*") and not term.quoted:
            return _text(actual).startswith(wanted[:-1])
        return _text(actual) == wanted
    pair = _ordered(actual, term.value)
    if pair is None:
        return False
    left, right = pair
    try:
        if term.comparator == ">":
            return bool(left > right)
        if term.comparator == ">=":
            return bool(left >= right)
        if term.comparator == "<":
            return bool(left < right)
        return bool(left <= right)
    except TypeError:  # offset-aware against naive times
        return False


def _evaluate(node: Node, payload: Mapping[str, Any]) -> bool:
    if isinstance(node, Term):
        path = (node.field or "").split(".")
        return any(_compare(value, node) for value in _values(payload, path))
    if isinstance(node, Not):
        return not _evaluate(node.node, payload)
    results = (_evaluate(child, payload) for child in node.nodes)
    return all(results) if isinstance(node, And) else any(results)


def matches_filter(payload: Mapping[str, Any], text: str | None) -> bool:
    """Whether a delivery of ``payload`` passes the subscription's filter (none: all do)."""
    tree = parse_query(text or "")
    return tree is None or _evaluate(tree, payload)


def _keep(value: Any, paths: list[list[str]]) -> Any:
    if any(not path for path in paths):
        return value
    if isinstance(value, list):
        return [_keep(item, paths) for item in value]
    if not isinstance(value, Mapping):
        return value
    kept: dict[str, Any] = {}
    for key, item in value.items():
        below = [path[1:] for path in paths if path[0] == key]
        if below:
            kept[key] = _keep(item, below)
    return kept


def include_fields(payload: Mapping[str, Any], fields: Iterable[str] | None) -> dict[str, Any]:
    """``payload`` with only ``fields`` (dotted paths) kept; all of it when none are listed."""
    paths = [field.split(".") for field in fields or () if field]
    if not paths:
        return dict(payload)
    kept: dict[str, Any] = _keep(payload, paths)
    return kept
