"""The discounts document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{"type", "code"|"key"|"title", "version",
…fields sent}]}`` (:class:`shopbridge.sources.discounts.StoredItem`). A discount change
is the whole item, keyed by its identity: ``discount:code:<code in lower case>`` (codes
are unique per shop, ignoring case), ``discount:key:<key>`` or ``discount:title:<title>``.
The newest version replaces the pending one as a whole. Every field's shape is checked
again, so that the sender can trust it; a bad item becomes a :class:`BadItem`.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from .changes import BadItem, ItemDocument, parse_document

__all__ = ["KEY_TAG_PREFIX", "DiscountChange", "read_discounts"]

KEY_TAG_PREFIX: Final = "shopbridge:"  # an automatic discount's key, kept as a tag


@dataclass(frozen=True, slots=True)
class DiscountChange:
    """A basic discount's upsert (or deletion) by identity, ``fields`` as stored."""

    kind: str  # "code" or "automatic"
    fields: Mapping[str, Any]
    version: float

    @property
    def identity(self) -> tuple[str, str]:
        """How Shopify's discount is found: ``("code"|"key"|"title", value)``."""
        for name in ("code", "key", "title"):
            if name in self.fields:
                return name, self.fields[name]
        raise AssertionError("read_discounts keeps only items with an identity")

    @property
    def key(self) -> str:
        by, value = self.identity
        return f"discount:{by}:{value.lower() if by == 'code' else value}"

    @property
    def tag(self) -> str | None:
        """The tag holding an automatic discount's key."""
        key = self.fields.get("key")
        return None if key is None else KEY_TAG_PREFIX + key

    @property
    def deletes(self) -> bool:
        return bool(self.fields.get("delete"))

    def as_item(self) -> dict[str, Any]:
        return {**self.fields, "version": self.version}


def _text(value: Any) -> bool:
    return isinstance(value, str) and bool(value.strip())


def _number(value: Any) -> bool:
    return isinstance(value, int | float) and not isinstance(value, bool) and math.isfinite(value)


def _texts(value: Any) -> bool:
    return isinstance(value, list) and bool(value) and all(_text(v) for v in value)


def _choice(value: Any, lists: tuple[str, ...]) -> str | None:
    """``{"all": true}`` or some of ``lists`` as lists of text."""
    if not isinstance(value, Mapping) or value.keys() - {"all", *lists}:
        return f"an object with all or {', '.join(lists)}"
    if value.get("all") is True and len(value) == 1:
        return None
    named = [name for name in lists if name in value]
    if "all" in value or not named or not all(_texts(value[name]) for name in named):
        return f"true all, or non-empty lists of text in {', '.join(lists)}"
    return None


def _value(value: Any) -> str | None:
    if not isinstance(value, Mapping) or value.keys() - {"percentage", "amount",
                                                         "applies_on_each_item"}:  # fmt: skip
        return "an object with percentage or amount"
    percentage, amount = value.get("percentage"), value.get("amount")
    if (percentage is None) == (amount is None):
        return "percentage or amount, one of them"
    if percentage is not None and not (_number(percentage) and 0 < percentage <= 100):
        return "a percentage above 0 and at most 100"
    if amount is not None and not _text(amount):
        return "an amount as a decimal string"
    if not isinstance(value.get("applies_on_each_item", False), bool):
        return "applies_on_each_item as true or false"
    return None


def _minimum(value: Any) -> str | None:
    if value is None:
        return None
    if not isinstance(value, Mapping) or len(value) != 1:
        return "null, or an object with subtotal or quantity"
    if "subtotal" in value and _text(value["subtotal"]):
        return None
    quantity = value.get("quantity")
    if isinstance(quantity, int) and not isinstance(quantity, bool) and quantity > 0:
        return None
    return "a subtotal as a decimal string, or a quantity above 0"


def _combines(value: Any) -> str | None:
    if not isinstance(value, Mapping) or value.keys() - {"order", "product", "shipping"}:
        return "an object with order, product, shipping"
    return None if all(isinstance(v, bool) for v in value.values()) else "true or false values"


def _is(check: Callable[[Any], bool], expected: str) -> Callable[[Any], str | None]:
    return lambda value: None if check(value) else expected


_FIELDS: Final[dict[str, Callable[[Any], str | None]]] = {
    "code": _is(_text, "a non-empty string"),
    "key": _is(_text, "a non-empty string"),
    "title": _is(_text, "a non-empty string"),
    "value": _value,
    "applies_to": lambda v: _choice(v, ("products", "variants")),
    "context": lambda v: _choice(v, ("markets", "customers")),
    "minimum": _minimum,
    "starts_at": _is(_text, "a time"),
    "ends_at": _is(lambda v: v is None or _text(v), "a time or null"),
    "usage_limit": _is(lambda v: v is None or (_number(v) and float(v).is_integer()), "a number"),
    "applies_once_per_customer": _is(lambda v: isinstance(v, bool), "true or false"),
    "combines_with": _combines,
    "status": _is(lambda v: v in ("active", "deactivated"), "active or deactivated"),
    "delete": _is(lambda v: v is True, "true"),
}


def _read_item(raw: Any) -> DiscountChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    kind = raw.get("type")
    if kind not in ("code", "automatic"):
        return BadItem(raw, "'type' must be 'code' or 'automatic'")
    unknown = raw.keys() - _FIELDS.keys() - {"type", "version"}
    if unknown:
        return BadItem(raw, f"unknown fields: {', '.join(sorted(unknown))}")
    for name, check in _FIELDS.items():
        problem = check(raw[name]) if name in raw else None
        if problem is not None:
            return BadItem(raw, f"'{name}' must be {problem}")
    if kind == "code" and "code" not in raw:
        return BadItem(raw, "a code discount needs its 'code'")
    if kind == "automatic" and "code" in raw:
        return BadItem(raw, "an automatic discount has no 'code'")
    if kind == "automatic" and "key" not in raw and "title" not in raw:
        return BadItem(raw, "an automatic discount needs its 'title' or 'key'")
    version = raw.get("version")
    if not isinstance(version, int | float) or not _number(version):
        return BadItem(raw, "'version' must be a finite number")
    fields = {name: value for name, value in raw.items() if name != "version"}
    return DiscountChange(kind, fields, float(version))


def read_discounts(body: bytes) -> ItemDocument:
    """Read a discounts job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
