"""Parse Shopify's search syntax (the ``query:`` argument) into a small tree.

Supported (https://shopify.dev/api/usage/search-syntax): terms ``field:value``,
comparators ``field:>v``, ``field:>=v``, ``field:<v``, ``field:<=v``, quoted values
(``title:"Big shirt"``, ``'...'``), bare words and phrases (the default fields),
negation (``-field:v``, ``NOT term``), ``AND`` (also implied by a space), ``OR`` and
parentheses. ``AND`` binds tighter than ``OR``.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

__all__ = ["And", "Node", "Not", "Or", "SearchSyntaxError", "Term", "describe", "parse_query"]

_COMPARATORS = (">=", "<=", ">", "<")
_QUOTES = "\"'"


class SearchSyntaxError(ValueError):
    """The query string could not be parsed."""


@dataclass(frozen=True, slots=True)
class Term:
    field: str | None
    value: str
    comparator: str = ":"
    quoted: bool = False


@dataclass(frozen=True, slots=True)
class Not:
    node: Node


@dataclass(frozen=True, slots=True)
class And:
    nodes: tuple[Node, ...]


@dataclass(frozen=True, slots=True)
class Or:
    nodes: tuple[Node, ...]


Node = Term | Not | And | Or


def _read_value(text: str, i: int) -> tuple[str, bool, int]:
    if i < len(text) and text[i] in _QUOTES:
        quote, end = text[i], text.find(text[i], i + 1)
        if end < 0:
            raise SearchSyntaxError(f"unterminated {quote} in search query")
        return text[i + 1 : end], True, end + 1
    start = i
    while i < len(text) and not text[i].isspace() and text[i] not in "()":
        i += 1
    return text[start:i], False, i


def _tokens(text: str) -> list[Any]:
    tokens: list[Any] = []
    i = 0
    while i < len(text):
        char = text[i]
        if char.isspace():
            i += 1
            continue
        if char in "()":
            tokens.append(char)
            i += 1
            continue
        negated = char == "-" and i + 1 < len(text) and not text[i + 1].isspace()
        i += negated
        if text[i] in _QUOTES:
            value, quoted, i = _read_value(text, i)
            term: Any = Term(None, value, quoted=quoted)
        else:
            start = i
            while i < len(text) and not text[i].isspace() and text[i] not in "():":
                i += 1
            word = text[start:i]
            if i < len(text) and text[i] == ":":
                i += 1
                comparator = next((c for c in _COMPARATORS if text.startswith(c, i)), ":")
                i += 0 if comparator == ":" else len(comparator)
                value, quoted, i = _read_value(text, i)
                term = Term(word, value, comparator, quoted)
            elif word in {"AND", "OR", "NOT"} and not negated:
                tokens.append(word)
                continue
            else:
                term = Term(None, word)
        tokens.append(Not(term) if negated else term)
    return tokens


class _Parser:
    def __init__(self, tokens: list[Any]) -> None:
        self.tokens = tokens
        self.i = 0

    def peek(self) -> Any:
        return self.tokens[self.i] if self.i < len(self.tokens) else None

    def take(self) -> Any:
        token = self.peek()
        self.i += 1
        return token

    def parse_or(self) -> Node:
        nodes = [self.parse_and()]
        while self.peek() == "OR":
            self.take()
            nodes.append(self.parse_and())
        return nodes[0] if len(nodes) == 1 else Or(tuple(nodes))

    def parse_and(self) -> Node:
        nodes = [self.parse_unary()]
        while self.peek() not in (None, ")", "OR"):
            if self.peek() == "AND":
                self.take()
            nodes.append(self.parse_unary())
        return nodes[0] if len(nodes) == 1 else And(tuple(nodes))

    def parse_unary(self) -> Node:
        lexeme = self.take()
        if lexeme == "NOT":
            return Not(self.parse_unary())
        if lexeme == "(":
            node = self.parse_or()
            if self.take() != ")":
                raise SearchSyntaxError("unbalanced parentheses in search query")
            return node
        if isinstance(lexeme, Term | Not):
            return lexeme
        raise SearchSyntaxError(f"unexpected {lexeme!r} in search query")


def parse_query(text: str) -> Node | None:
    """The tree for ``text``; ``None`` for an empty query."""
    tokens = _tokens(text)
    if not tokens:
        return None
    parser = _Parser(tokens)
    node = parser.parse_or()
    if parser.peek() is not None:
        raise SearchSyntaxError(f"unexpected {parser.peek()!r} in search query")
    return node


_RANGE = {">": "range_gt", ">=": "range_gte", "<": "range_lt", "<=": "range_lte"}


def describe(node: Node) -> dict[str, Any]:
    """The ``parsed`` form Shopify echoes in ``extensions.search`` (approximation)."""
    if isinstance(node, Term):
        key = _RANGE.get(node.comparator) or ("match_phrase" if node.quoted else "match_all")
        return {"field": node.field or "default", key: node.value}
    if isinstance(node, Not):
        return {"not": describe(node.node)}
    return {"and" if isinstance(node, And) else "or": [describe(n) for n in node.nodes]}
