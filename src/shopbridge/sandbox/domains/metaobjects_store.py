"""Metaobject definitions and entries in the store (no GraphQL here).

A ``MetaobjectDefinition`` keeps its field definitions inside its document; a
``Metaobject`` keeps its values as ``{"fields": {key: value string}}`` next to its
``type``, ``handle`` and ``definitionId``. Values are checked with the metafield
types (``metafield_types``), as Shopify documents that metaobjects use the same data
types. A type ``$app:<name>`` is stored as ``app--<app id>--<name>``.

Handles: an omitted handle is made from the display name field's value when the
definition has one, else from the type and a number (the sandbox's choice; Shopify
adds a random suffix), lowercased with runs of other characters turned into ``-``,
then made unique within the type with ``-1``, ``-2``... as Shopify does.
"""

from __future__ import annotations

import json
import re
import unicodedata
from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.domains.metafield_types import Invalid, is_known_type, json_value, validate
from shopbridge.sandbox.domains.metafields_store import app_namespace
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "DEFINITION",
    "METAOBJECT",
    "FieldProblem",
    "check_fields",
    "definition_by_type",
    "display_name",
    "field_values",
    "handleize",
    "metaobject_by_handle",
    "resolve_type",
    "unique_handle",
]

DEFINITION: Final = "MetaobjectDefinition"
METAOBJECT: Final = "Metaobject"


class FieldProblem(Exception):
    """A field input the definition refuses: ``code``, the field's ``key`` and ``index``."""

    def __init__(self, code: str, key: str | None, index: int | None, message: str) -> None:
        super().__init__(message)
        self.code, self.key, self.index, self.message = code, key, index, message


def resolve_type(type_name: str, app: str) -> str:
    if type_name.startswith("$app:"):
        return f"{app_namespace(app)}--{type_name.removeprefix('$app:')}"
    return type_name


def definition_by_type(state: State, type_name: str) -> Doc | None:
    return state.first(DEFINITION, "type", type_name)


def metaobject_by_handle(state: State, type_name: str, handle: str) -> Doc | None:
    return next(
        (m for m in state.find(METAOBJECT, "handle", handle) if m["type"] == type_name), None
    )


def handleize(text: str) -> str:
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text.lower()).strip("-")


def unique_handle(state: State, type_name: str, wanted: str, own_id: str | None = None) -> str:
    candidate, n = wanted, 0
    while (found := metaobject_by_handle(state, type_name, candidate)) and found["id"] != own_id:
        n += 1
        candidate = f"{wanted}-{n}"
    return candidate


def _as_string(value: Any) -> str:
    return value if isinstance(value, str) else json.dumps(value)


def field_values(
    fields: list[Mapping[str, Any]] | None, values: Mapping[str, Any] | None
) -> list[tuple[str, str | None]]:
    """``(key, value)`` pairs from ``fields`` (``MetaobjectFieldInput``) or ``values`` (JSON);
    ``None`` in ``values`` clears the field."""
    if values is not None:
        return [(key, None if v is None else _as_string(v)) for key, v in values.items()]
    return [(entry["key"], entry["value"]) for entry in fields or []]


def check_fields(
    state: State,
    definition: Mapping[str, Any],
    given: list[tuple[str, str | None]],
    current: Mapping[str, str],
    *,
    creating: bool,
) -> dict[str, str]:
    """The entry's values after applying ``given``; raises ``FieldProblem``."""
    by_key = {f["key"]: f for f in definition["fieldDefinitions"]}
    result = dict(current)
    seen: set[str] = set()
    for index, (key, value) in enumerate(given):
        field = by_key.get(key)
        if field is None:
            raise FieldProblem(
                "UNDEFINED_OBJECT_FIELD", key, index, f"Field definition '{key}' does not exist."
            )
        if key in seen:
            raise FieldProblem("DUPLICATE_FIELD_INPUT", key, index, f"Field '{key}' is duplicated.")
        seen.add(key)
        if value is None or value == "":
            result.pop(key, None)
            continue
        try:
            validate(state, field["type"]["name"], value)
        except Invalid as exc:
            raise FieldProblem("INVALID_VALUE", key, index, exc.message) from exc
        result[key] = value
    for field in definition["fieldDefinitions"]:
        if field["required"] and field["key"] not in result and (creating or field["key"] in seen):
            message = f"Field '{field['key']}' is required."
            raise FieldProblem("OBJECT_FIELD_REQUIRED", field["key"], None, message)
    return result


def display_name(definition: Mapping[str, Any], metaobject: Mapping[str, Any]) -> str:
    """The display name field's value, else ``"<definition name> #<legacy id>"``
    (the sandbox's stand-in for Shopify's generated name)."""
    key = definition.get("displayNameKey")
    value = metaobject["fields"].get(key) if key else None
    return value or f"{definition['name']} #{legacy_id(metaobject['id'])}"


def is_valid_field_type(type_name: str) -> bool:
    return is_known_type(type_name)


def read_value(type_name: str, value: str | None) -> Any:
    return None if value is None else json_value(type_name, value)
