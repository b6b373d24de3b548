"""Metafield definitions (basic): ``metafieldDefinitionCreate``, ``metafieldDefinition(s)``.

A definition fixes the type of its owner type's metafields with that namespace and
key (``metafieldsSet`` then takes the type from it). The sandbox keeps ``name``,
``description``, ``validations``, ``access`` and the ``adminFilterable`` capability;
``constraints``, ``pin`` and other capabilities are refused. Validations are stored
and echoed, not enforced on values. Errors: ``TAKEN`` (same owner type, namespace
and key), ``INCLUSION`` (unknown type), ``TOO_SHORT``/``TOO_LONG``/``INVALID_CHARACTER``
on key and namespace, ``BLANK`` name.
"""

from __future__ import annotations

import re
from typing import Any, Final

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.metafield_types import REFERENCE_TYPES, is_known_type
from shopbridge.sandbox.domains.metafields_store import (
    DEFINITION,
    METAFIELD,
    definition_for,
    resolve_namespace,
)
from shopbridge.sandbox.errors import not_supported_argument
from shopbridge.sandbox.payloads import refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["definition_type", "metafield_definitions"]

metafield_definitions = Domain("metafield_definitions")
metafield_definitions.node("MetafieldDefinition")(stored_node)

_INPUTS: Final = {
    "name", "namespace", "key", "type", "description", "ownerType", "validations", "access",
    "capabilities",
}  # fmt: skip
_NAME: Final = re.compile(r"^[A-Za-z0-9_-]+$")


def definition_type(type_name: str) -> dict[str, Any]:
    """A ``MetafieldDefinitionType``'s stored part (name and category)."""
    base = type_name.removeprefix("list.")
    category = (
        "REFERENCE"
        if base in REFERENCE_TYPES
        else "NUMBER"
        if base.startswith("number_")
        else "DATE_TIME"
        if base.startswith("date")
        else "MEASUREMENT"
        if base in {"weight", "volume", "dimension"}
        else "TEXT"
        if base.endswith("text_field")
        else "OTHER"
    )
    return {"name": type_name, "category": category}


def _name_error(info: Info, value: str, field: str, low: int, high: int) -> dict[str, Any] | None:
    where = ["definition", field]
    if len(value) < low:
        return user_error(info, "TOO_SHORT", where, f"{field.capitalize()} is too short.")
    if len(value) > high:
        return user_error(info, "TOO_LONG", where, f"{field.capitalize()} is too long.")
    if not _NAME.match(value):
        return user_error(info, "INVALID_CHARACTER", where, f"{field.capitalize()} is invalid.")
    return None


@metafield_definitions.mutation("metafieldDefinitionCreate")
def metafield_definition_create(
    _root: None, info: Info, definition: dict[str, Any]
) -> dict[str, Any]:
    ctx = context_of(info)
    refuse_unsupported_inputs(definition, "MetafieldDefinitionInput", _INPUTS)
    capabilities = definition.get("capabilities") or {}
    refuse_unsupported_inputs(capabilities, "MetafieldCapabilityCreateInput", {"adminFilterable"})
    namespace = resolve_namespace(definition.get("namespace"), ctx.app)
    errors = [
        e
        for e in (
            _name_error(info, definition["key"], "key", 2, 64),
            None
            if definition.get("namespace") is None
            else _name_error(info, definition["namespace"], "namespace", 3, 255),
        )
        if e is not None
    ]
    if not definition["name"].strip():
        errors.append(user_error(info, "BLANK", ["definition", "name"], "Name can't be blank."))
    if not is_known_type(definition["type"]):
        errors.append(user_error(info, "INCLUSION", ["definition", "type"], "Type is invalid."))
    owner_type = definition["ownerType"]
    if not errors and definition_for(ctx.state, owner_type, namespace, definition["key"]):
        errors.append(user_error(info, "TAKEN", ["definition", "key"], "Key is in use."))
    if errors:
        return {
            "createdDefinition": None,
            "userErrors": [{**e, "elementKey": None, "elementIndex": None} for e in errors],
        }
    access = definition.get("access") or {}
    now = ctx.state.now()
    doc = ctx.state.save(
        {
            "__typename": DEFINITION,
            "id": ctx.state.new_gid(DEFINITION),
            "name": definition["name"],
            "namespace": namespace,
            "key": definition["key"],
            "type": definition_type(definition["type"]),
            "ownerType": owner_type,
            "description": definition.get("description"),
            "validations": [
                {"name": v["name"], "value": v["value"], "type": "single_line_text_field"}
                for v in definition.get("validations") or []
            ],
            "access": {
                "admin": access.get("admin") or "PUBLIC_READ_WRITE",
                "storefront": access.get("storefront") or "NONE",
                "customerAccount": access.get("customerAccount") or "NONE",
            },
            "capabilities": {
                "adminFilterable": {
                    "enabled": bool((capabilities.get("adminFilterable") or {}).get("enabled")),
                    "eligible": True,
                    "status": "FILTERABLE"
                    if (capabilities.get("adminFilterable") or {}).get("enabled")
                    else "NOT_FILTERABLE",
                },
            },
            "pinnedPosition": None,
            "useAsCollectionCondition": False,
            "validationStatus": "ALL_VALID",
            "constraints": None,
            "standardTemplate": None,
            "createdAt": now,
            "updatedAt": now,
        }
    )
    return {"createdDefinition": doc, "userErrors": []}


def _search() -> SearchSpec:
    return SearchSpec(
        filters={
            "id": Filter("id", lambda d: d["id"]),
            "key": Filter("keyword", lambda d: d["key"]),
            "namespace": Filter("keyword", lambda d: d["namespace"]),
            "owner_type": Filter("keyword", lambda d: d["ownerType"]),
            "type": Filter("keyword", lambda d: d["type"]["name"]),
            "created_at": Filter("time", lambda d: d["createdAt"]),
            "updated_at": Filter("time", lambda d: d["updatedAt"]),
        },
        default=lambda d: [d["name"], d["key"], d["namespace"]],
    )


@metafield_definitions.query("metafieldDefinitions")
def metafield_definitions_query(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    ctx = context_of(info)
    for unsupported in ("constraintStatus", "constraintSubtype", "pinnedStatus"):
        if args.get(unsupported) not in (None, "ANY"):
            raise not_supported_argument("QueryRoot", "metafieldDefinitions", unsupported)
    found = [d for d in ctx.state.all(DEFINITION) if d["ownerType"] == args["ownerType"]]
    if args.get("namespace") is not None:
        found = [
            d for d in found if d["namespace"] == resolve_namespace(args["namespace"], ctx.app)
        ]
    if args.get("key") is not None:
        found = [d for d in found if d["key"] == args["key"]]
    found = filter_items(info, found, args.get("query"), _search())
    sort = sort_function(
        args,
        {"ID": None, "RELEVANCE": None, "NAME": lambda d: d["name"].lower()},
        "ID",
        "QueryRoot.metafieldDefinitions",
    )
    return paginate(found, args, sort_value=sort)


@metafield_definitions.query("metafieldDefinition")
def metafield_definition(
    _root: None, info: Info, id: str | None = None, identifier: dict[str, Any] | None = None
) -> Doc | None:
    ctx = context_of(info)
    if id is not None:
        return lookup(ctx.state, id, DEFINITION)
    if identifier is None:
        return None
    namespace = resolve_namespace(identifier.get("namespace"), ctx.app)
    return definition_for(ctx.state, identifier["ownerType"], namespace, identifier["key"])


def _metafields_of(state: State, definition: Doc) -> list[Doc]:
    return [
        m
        for m in state.find(METAFIELD, "key", definition["key"])
        if m["namespace"] == definition["namespace"] and m["ownerType"] == definition["ownerType"]
    ]


@metafield_definitions.field("MetafieldDefinition", "metafields")
def definition_metafields(definition: Doc, info: Info, **args: Any) -> dict[str, Any]:
    if args.get("validationStatus") not in (None, "ANY", "VALID"):
        return paginate([], args)
    return paginate(_metafields_of(context_of(info).state, definition), args)


@metafield_definitions.field("MetafieldDefinition", "metafieldsCount")
def definition_metafields_count(
    definition: Doc, info: Info, validationStatus: str | None = None
) -> int:
    if validationStatus not in (None, "ANY", "VALID"):
        return 0
    return len(_metafields_of(context_of(info).state, definition))
