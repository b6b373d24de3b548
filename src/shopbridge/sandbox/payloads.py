"""Building mutation payloads the way Shopify shapes them.

* ``user_error(info, code, field)``: one ``userErrors`` entry; the message is the
  schema's description of the error code for this mutation's error type (Shopify's
  own wording of what the code means; live messages can be worded differently);
* ``field_path("variants", 0, "price")`` -> ``["variants", "0", "price"]`` (Shopify
  writes list indices as strings in ``field``);
* money: ``Money`` scalars as ``"19.00"``, ``Decimal`` scalars as ``"19.0"``/``"19.99"``;
* ``refuse_unsupported_inputs``: an input field the sandbox ignores would be a silent
  lie, so it answers "not supported by the sandbox" instead.
"""

from __future__ import annotations

from collections.abc import Collection, Mapping
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from typing import Any

from graphql import GraphQLEnumType, GraphQLObjectType, get_named_type

from shopbridge.sandbox.context import Info
from shopbridge.sandbox.errors import not_supported

__all__ = [
    "UserErrors",
    "decimal_string",
    "field_path",
    "money",
    "money_v2",
    "parse_decimal",
    "refuse_unsupported_inputs",
    "user_error",
]

_CENT = Decimal("0.01")


class UserErrors(Exception):
    """Raise inside ``state.savepoint()`` to undo the writes and answer these userErrors."""

    def __init__(self, errors: list[dict[str, Any]]) -> None:
        super().__init__(f"{len(errors)} user error(s)")
        self.errors = errors


def field_path(*parts: str | int) -> list[str]:
    return [str(part) for part in parts]


def _code_description(info: Info, code: str) -> str | None:
    payload = get_named_type(info.return_type)
    if not isinstance(payload, GraphQLObjectType) or "userErrors" not in payload.fields:
        return None
    error_type = get_named_type(payload.fields["userErrors"].type)
    if not isinstance(error_type, GraphQLObjectType) or "code" not in error_type.fields:
        return None
    enum = get_named_type(error_type.fields["code"].type)
    if not isinstance(enum, GraphQLEnumType) or code not in enum.values:
        return None
    description = enum.values[code].description
    return " ".join(description.split()) if description else None


def user_error(
    info: Info,
    code: str | None,
    field: list[str] | None,
    message: str | None = None,
) -> dict[str, Any]:
    """A ``userErrors`` entry; ``message`` defaults to the code's documented meaning."""
    text = message or (_code_description(info, code) if code else None) or "Invalid input."
    return {"field": field, "message": text, "code": code}


def parse_decimal(value: Any) -> Decimal:
    """A ``Money``/``Decimal`` input (string or number) as a ``Decimal``."""
    try:
        parsed = Decimal(str(value).strip())
    except (InvalidOperation, ValueError) as exc:
        raise ValueError(f"invalid decimal {value!r}") from exc
    if not parsed.is_finite():
        raise ValueError(f"invalid decimal {value!r}")
    return parsed


def money(value: Any) -> str:
    """A ``Money`` scalar: ``"19.00"``."""
    return str(parse_decimal(value).quantize(_CENT, rounding=ROUND_HALF_UP))


def decimal_string(value: Any) -> str:
    """A ``Decimal`` scalar as Shopify writes it: ``"19.0"``, ``"19.99"``, ``"0.125"``."""
    text = format(parse_decimal(value).normalize(), "f")
    return text if "." in text else f"{text}.0"


def money_v2(amount: Any, currency_code: str) -> dict[str, Any]:
    """A ``MoneyV2`` object."""
    return {"amount": decimal_string(amount), "currencyCode": currency_code}


def refuse_unsupported_inputs(
    value: Mapping[str, Any] | None, type_name: str, supported: Collection[str]
) -> None:
    """Raise "not supported" for an input field outside ``supported`` that asks for
    something (``null``, ``false`` and empty values are defaults: nothing to honour)."""
    for key, item in (value or {}).items():
        if key not in supported and item not in (None, False, [], ""):
            raise not_supported(f"Input field '{type_name}.{key}'")
