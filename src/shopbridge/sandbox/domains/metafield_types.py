"""Metafield data types: checking a value string and reading it as ``jsonValue``.

Values always travel as strings (Shopify's "List of data types"); each type has its
own format, and ``jsonValue`` is the value read as JSON the way that page lists it:
``number_integer`` an integer, ``number_decimal`` a string, ``boolean`` a boolean,
``json``/``money``/measurements objects, references GID strings, ``list.*`` arrays.
Types the sandbox does not know are refused as ``INVALID_TYPE`` (a list of every
type Shopify supports is not vendored). Error messages are the sandbox's own words.
``id`` is a custom ID: one line of at most 255 characters (the sandbox's reading of
"a unique single-line text field"), with no ``list.`` form; its uniqueness is kept
by ``metafields_store.set_metafield``.
"""

from __future__ import annotations

import json
import re
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from typing import Any, Final

from shopbridge.sandbox.gid import InvalidGidError, parse_gid
from shopbridge.sandbox.state import State

__all__ = [
    "REFERENCE_TYPES",
    "Invalid",
    "is_known_type",
    "json_value",
    "reference_targets",
    "validate",
]

_INT_LIMIT: Final = 9_999_999_999_999
_ID_MAX_CHARS: Final = 255
_DECIMAL_LIMIT: Final = Decimal("9999999999999.999999999")
_URL_SCHEMES: Final = ("https://", "http://", "mailto:", "sms:", "tel:")
_UNITS: Final = {
    "weight": {"oz", "lb", "g", "kg"},
    "volume": {"ml", "cl", "l", "m3", "us_fl_oz", "us_pt", "us_qt", "us_gal",
               "imp_fl_oz", "imp_pt", "imp_qt", "imp_gal"},
    "dimension": {"mm", "cm", "m", "in", "ft", "yd"},
}  # fmt: skip
# reference type -> GID types it may point at
REFERENCE_TYPES: Final = {
    "product_reference": ("Product",),
    "variant_reference": ("ProductVariant",),
    "collection_reference": ("Collection",),
    "customer_reference": ("Customer",),
    "order_reference": ("Order",),
    "company_reference": ("Company",),
    "page_reference": ("Page",),
    "metaobject_reference": ("Metaobject",),
    "file_reference": ("MediaImage", "Video", "GenericFile", "Model3d"),
    "mixed_reference": ("Metaobject",),
}


@dataclass(frozen=True, slots=True)
class Invalid(Exception):
    """A value that does not fit its type; ``element`` is the failing list index."""

    message: str
    element: int | None = None


def _text(_state: State, value: str) -> Any:
    return value


def _custom_id(_state: State, value: str) -> Any:
    if "\n" in value or "\r" in value:
        raise Invalid("Value must be a single line.")
    if len(value) > _ID_MAX_CHARS:
        raise Invalid(f"Value must be at most {_ID_MAX_CHARS} characters.")
    return value


def _integer(_state: State, value: str) -> Any:
    if not re.fullmatch(r"[+-]?\d+", value.strip()):
        raise Invalid("Value must be an integer.")
    number = int(value)
    if abs(number) > _INT_LIMIT:
        raise Invalid(f"Value must be between -{_INT_LIMIT} and {_INT_LIMIT}.")
    return number


def _decimal(_state: State, value: str) -> Any:
    try:
        number = Decimal(value.strip())
    except InvalidOperation as exc:
        raise Invalid("Value must be a decimal.") from exc
    if not number.is_finite() or abs(number) > _DECIMAL_LIMIT:
        raise Invalid("Value must be a decimal within the supported range.")
    return value.strip()


def _boolean(_state: State, value: str) -> Any:
    if value not in ("true", "false"):
        raise Invalid("Value must be true or false.")
    return value == "true"


def _json(_state: State, value: str) -> Any:
    try:
        return json.loads(value)
    except ValueError as exc:
        raise Invalid("Value must be valid JSON.") from exc


def _object(state: State, value: str) -> dict[str, Any]:
    parsed = _json(state, value)
    if not isinstance(parsed, dict):
        raise Invalid("Value must be a JSON object.")
    return parsed


def _date(_state: State, value: str) -> Any:
    try:
        date.fromisoformat(value)
    except ValueError as exc:
        raise Invalid("Value must be a date in ISO 8601 format (YYYY-MM-DD).") from exc
    if not re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        raise Invalid("Value must be a date in ISO 8601 format (YYYY-MM-DD).")
    return value


def _date_time(_state: State, value: str) -> Any:
    try:
        datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError as exc:
        raise Invalid("Value must be a date and time in ISO 8601 format.") from exc
    if "T" not in value:
        raise Invalid("Value must be a date and time in ISO 8601 format.")
    return value


def _url(_state: State, value: str) -> Any:
    if not value.lower().startswith(_URL_SCHEMES) or len(value) < 8:
        raise Invalid("Value must be a URL with scheme https, http, mailto, sms or tel.")
    return value


def _color(_state: State, value: str) -> Any:
    if not re.fullmatch(r"#[0-9A-Fa-f]{6}", value):
        raise Invalid("Value must be a hexadecimal color code (#RRGGBB).")
    return value


def _money(state: State, value: str) -> Any:
    parsed = _object(state, value)
    if set(parsed) != {"amount", "currency_code"}:
        raise Invalid("Value must have exactly the keys amount and currency_code.")
    try:
        Decimal(str(parsed["amount"]))
    except InvalidOperation as exc:
        raise Invalid("Amount must be a decimal.") from exc
    shops = state.all("Shop")
    if shops and parsed["currency_code"] != shops[0]["currencyCode"]:
        raise Invalid("Currency code must match the shop's currency.")
    return parsed


def _measure(kind: str) -> Callable[[State, str], Any]:
    def check(state: State, value: str) -> Any:
        parsed = _object(state, value)
        if (
            not isinstance(parsed.get("value"), int | float)
            or parsed.get("unit") not in _UNITS[kind]
        ):
            raise Invalid(f"Value must be a {kind} with a numeric value and a valid unit.")
        return parsed

    return check


def _rating(state: State, value: str) -> Any:
    parsed = _object(state, value)
    try:
        low, high, given = (Decimal(str(parsed[k])) for k in ("scale_min", "scale_max", "value"))
    except (KeyError, InvalidOperation) as exc:
        raise Invalid("Value must have numeric value, scale_min and scale_max.") from exc
    if not low <= given <= high:
        raise Invalid("Value must be between scale_min and scale_max.")
    return parsed


def _link(state: State, value: str) -> Any:
    parsed = _object(state, value)
    if not isinstance(parsed.get("text"), str) or not isinstance(parsed.get("url"), str):
        raise Invalid("Value must have text and url.")
    _url(state, parsed["url"])
    return parsed


def _rich_text(state: State, value: str) -> Any:
    parsed = _object(state, value)
    if parsed.get("type") != "root" or not isinstance(parsed.get("children"), list):
        raise Invalid("Value must be a rich text document with a root node.")
    return parsed


def _reference(kind: str) -> Callable[[State, str], Any]:
    def check(state: State, value: str) -> Any:
        try:
            target = parse_gid(value)
        except InvalidGidError as exc:
            raise Invalid("Value must be a global ID.") from exc
        if target.type not in REFERENCE_TYPES[kind] or state.get_gid(value) is None:
            raise Invalid(
                f"Value must be the ID of an existing {' or '.join(REFERENCE_TYPES[kind])}."
            )
        return value

    return check


_CHECKS: Final[dict[str, Callable[[State, str], Any]]] = {
    "single_line_text_field": _text,
    "multi_line_text_field": _text,
    "id": _custom_id,
    "number_integer": _integer,
    "number_decimal": _decimal,
    "boolean": _boolean,
    "json": _json,
    "date": _date,
    "date_time": _date_time,
    "url": _url,
    "color": _color,
    "money": _money,
    "rating": _rating,
    "link": _link,
    "rich_text_field": _rich_text,
    "weight": _measure("weight"),
    "volume": _measure("volume"),
    "dimension": _measure("dimension"),
    **{kind: _reference(kind) for kind in REFERENCE_TYPES},
}
_NOT_IN_LISTS: Final = {
    "boolean", "id", "json", "money", "multi_line_text_field", "rich_text_field",
}  # fmt: skip


def is_known_type(type_name: str) -> bool:
    base = type_name.removeprefix("list.")
    if type_name.startswith("list.") and base in _NOT_IN_LISTS:
        return False
    return base in _CHECKS


def _element_string(item: Any) -> str:
    return item if isinstance(item, str) else json.dumps(item)


def validate(state: State, type_name: str, value: str) -> Any:
    """``value``'s ``jsonValue``; raises ``Invalid`` when it does not fit ``type_name``."""
    if not type_name.startswith("list."):
        return _CHECKS[type_name](state, value)
    items = _json(state, value)
    if not isinstance(items, list):
        raise Invalid("Value must be an array.")
    check = _CHECKS[type_name.removeprefix("list.")]
    parsed = []
    for index, item in enumerate(items):
        try:
            parsed.append(check(state, _element_string(item)))
        except Invalid as exc:
            raise Invalid(exc.message, index) from exc
    return parsed


def json_value(type_name: str, value: str) -> Any:
    """The stored ``value`` (already valid) read as ``jsonValue``, without the store."""
    base = type_name.removeprefix("list.")
    if type_name.startswith("list."):
        return [_read(base, _element_string(item)) for item in json.loads(value)]
    return _read(base, value)


def _read(base: str, value: str) -> Any:
    if base == "number_integer":
        return int(value)
    if base == "boolean":
        return value == "true"
    if base in {"json", "money", "rating", "link", "rich_text_field", *_UNITS}:
        return json.loads(value)
    return value


def reference_targets(type_name: str, value: str) -> list[str]:
    """The GIDs a reference (or list of references) metafield points at."""
    base = type_name.removeprefix("list.")
    if base not in REFERENCE_TYPES:
        return []
    if type_name.startswith("list."):
        return [str(item) for item in json.loads(value)]
    return [value]
