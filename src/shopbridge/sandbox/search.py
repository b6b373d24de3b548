"""Filter documents with Shopify's search syntax, field by field as each query documents.

A domain describes the filters it implements for one query field::

    PRODUCT_SEARCH = SearchSpec(
        filters={"sku": Filter("keyword", variant_skus), "title": Filter("text", title)},
        default=lambda product: [product["title"]],
    )
    matching = filter_items(info, products, args.get("query"), PRODUCT_SEARCH)

Filter kinds: ``text`` (word match, ``*`` suffix for a prefix, quoted for a phrase),
``keyword`` (whole value, case-insensitive, ``*`` suffix for a prefix), ``number``,
``time`` (ISO date or date-time, ``now``), ``boolean`` and ``id`` (numeric or GID).
A getter may return one value or a list (any element matching counts).

As Shopify does, a filter name the query does not know is dropped from the search and
reported in ``extensions.search`` ("Invalid search field for this query."). A filter
Shopify documents for the query (the table in the argument's description) that the
sandbox does not implement answers a "not supported by the sandbox" error instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from datetime import UTC, date, datetime, timedelta
from functools import cache
from typing import Any, Literal, TypeVar

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.errors import bad_request, not_supported
from shopbridge.sandbox.gid import InvalidGidError, parse_gid
from shopbridge.sandbox.search_syntax import (
    And,
    Node,
    Not,
    Or,
    SearchSyntaxError,
    Term,
    describe,
    parse_query,
)

__all__ = ["Filter", "SearchSpec", "documented_filters", "filter_items", "matches"]

Item = Mapping[str, Any]
T = TypeVar("T", bound=Mapping[str, Any])
Kind = Literal["text", "keyword", "number", "time", "boolean", "id"]


@dataclass(frozen=True, slots=True)
class Filter:
    kind: Kind
    get: Callable[[Item], Any]
    multi: bool = False  # "a,b" means a OR b (handles, statuses)


@dataclass(frozen=True, slots=True)
class SearchSpec:
    filters: Mapping[str, Filter]
    default: Callable[[Item], Iterable[str | None]]
    documented: frozenset[str] = field(default_factory=frozenset)


@cache
def documented_filters(description: str | None) -> frozenset[str]:
    """Filter names in the table Shopify puts in a ``query`` argument's description."""
    rows = re.findall(r"^\| (\w+) \| \w+ \|", description or "", re.MULTILINE)
    return frozenset(row for row in rows if row not in {"name", "default"})


def _as_list(value: Any) -> list[Any]:
    return [v for v in (value if isinstance(value, list | tuple) else [value]) if v is not None]


def _parse_time(text: str, *, end: bool = False) -> datetime:
    if text.lower() == "now":
        return datetime.now(UTC)
    if re.fullmatch(r"\d{4}", text):
        moment = datetime(int(text), 1, 1, tzinfo=UTC)
        return moment.replace(year=moment.year + 1) - timedelta(seconds=1) if end else moment
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text):
        day = datetime.combine(date.fromisoformat(text), datetime.min.time(), UTC)
        return day + timedelta(days=1, seconds=-1) if end else day
    parsed = datetime.fromisoformat(text.replace("Z", "+00:00"))
    return parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)


def _compare(actual: Any, comparator: str, wanted: Any) -> bool:
    if comparator == ">":
        return bool(actual > wanted)
    if comparator == ">=":
        return bool(actual >= wanted)
    if comparator == "<":
        return bool(actual < wanted)
    if comparator == "<=":
        return bool(actual <= wanted)
    return bool(actual == wanted)


def _match_one(kind: Kind, actual: Any, term: Term, value: str) -> bool:
    wanted = value.lower()
    if kind == "text":
        text = str(actual).lower()
        if term.quoted or not re.fullmatch(r"[\w*]+", wanted):
            return wanted.rstrip("*") in text
        words = re.findall(r"\w+", text)
        if wanted.endswith("*"):
            return any(word.startswith(wanted[:-1]) for word in words)
        return wanted in words
    if kind == "keyword":
        text = str(actual).lower()
        return text.startswith(wanted[:-1]) if wanted.endswith("*") else text == wanted
    if kind == "boolean":
        return str(actual).lower() == wanted
    if kind == "number":
        return _compare(float(actual), term.comparator, float(value))
    if kind == "id":
        actual_id = parse_gid(actual).id if isinstance(actual, str) else int(actual)
        wanted_id = parse_gid(value).id if value.startswith("gid://") else int(value)
        return _compare(actual_id, term.comparator, wanted_id)
    moment = _parse_time(str(actual))
    if term.comparator == ":":
        return _parse_time(value) <= moment <= _parse_time(value, end=True)
    bound = _parse_time(value, end=term.comparator in {">", "<="})
    return _compare(moment, term.comparator, bound)


@dataclass(slots=True)
class _Evaluator:
    spec: SearchSpec
    where: str
    warnings: list[dict[str, str]]

    def term(self, item: Item, term: Term) -> bool | None:
        if term.field is None:
            texts = [str(t).lower() for t in self.spec.default(item) if t]
            return any(term.value.lower().rstrip("*") in text for text in texts)
        spec = self.spec.filters.get(term.field)
        if spec is None:
            return None
        values = term.value.split(",") if spec.multi else [term.value]
        try:
            return any(
                _match_one(spec.kind, actual, term, value)
                for actual in _as_list(spec.get(item))
                for value in values
            )
        except (ValueError, InvalidGidError):
            self._warn(
                term.field, f"Input `{term.value}` is not an accepted value.", "invalid_value"
            )
            return None

    def _warn(self, field_name: str, message: str, code: str) -> None:
        warning = {"field": field_name, "message": message, "code": code}
        if warning not in self.warnings:
            self.warnings.append(warning)

    def check(self, node: Node) -> None:
        """Refuse unimplemented documented filters; warn about unknown ones."""
        if isinstance(node, Not):
            self.check(node.node)
        elif isinstance(node, And | Or):
            for child in node.nodes:
                self.check(child)
        elif node.field is not None and node.field not in self.spec.filters:
            if node.field in self.spec.documented:
                raise not_supported(f"Search filter '{node.field}' of '{self.where}'")
            self._warn(node.field, "Invalid search field for this query.", "invalid_field")

    def node(self, item: Item, node: Node) -> bool | None:
        if isinstance(node, Term):
            return self.term(item, node)
        if isinstance(node, Not):
            inner = self.node(item, node.node)
            return None if inner is None else not inner
        results = [r for r in (self.node(item, n) for n in node.nodes) if r is not None]
        if not results:
            return None
        return all(results) if isinstance(node, And) else any(results)


def matches(
    items: Sequence[T], query: str | None, spec: SearchSpec, where: str = "query"
) -> tuple[list[T], list[dict[str, str]], Node | None]:
    """``(matching items, warnings, parsed tree)`` for ``query`` over ``items``."""
    try:
        tree = parse_query(query or "")
    except SearchSyntaxError as exc:
        raise bad_request(f"Invalid search query: {exc}") from exc
    if tree is None:
        return list(items), [], None
    evaluator = _Evaluator(spec, where, [])
    evaluator.check(tree)
    kept = [item for item in items if evaluator.node(item, tree) is not False]
    return kept, evaluator.warnings, tree


def filter_items(info: Info, items: Sequence[T], query: str | None, spec: SearchSpec) -> list[T]:
    """``matches`` for the field being resolved; warnings go to ``extensions.search``."""
    field_def = info.parent_type.fields[info.field_name]
    argument = field_def.args.get("query")
    documented = documented_filters(argument.description if argument else None)
    spec = SearchSpec(spec.filters, spec.default, spec.documented | documented)
    where = f"{info.parent_type.name}.{info.field_name}"
    kept, warnings, tree = matches(items, query, spec, where)
    if warnings and tree is not None:
        context_of(info).search.append(
            {
                "path": list(info.path.as_list()),
                "query": query,
                "parsed": describe(tree),
                "warnings": warnings,
            }
        )
    return kept
