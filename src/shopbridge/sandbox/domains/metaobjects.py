"""Metaobjects: definitions and entries, by id, type and handle.

Mutations: ``metaobjectDefinitionCreate`` (type, name, fields, display name key,
``access``, the ``publishable``/``translatable`` capabilities), ``metaobjectCreate``,
``metaobjectUpdate``, ``metaobjectUpsert`` (by ``{type, handle}``: updates the entry
with the fields sent, or creates it) and ``metaobjectDelete``. Queries:
``metaobjectDefinition(ById|ByType|s)``, ``metaobject``, ``metaobjectByHandle``,
``metaobjects(type:, query:, sortKey:)``. Errors use ``MetaobjectUserErrorCode``:
``UNDEFINED_OBJECT_TYPE``, ``UNDEFINED_OBJECT_FIELD``, ``OBJECT_FIELD_REQUIRED``,
``INVALID_VALUE``, ``DUPLICATE_FIELD_INPUT``, ``TAKEN``, ``RECORD_NOT_FOUND``,
``TOO_SHORT``/``TOO_LONG``/``INVALID`` on names. Field ``capabilities`` of field
definitions, ``onlineStore`` and ``renderable`` are refused.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any, Final

from shopbridge.sandbox.connections import paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.metafield_definitions import definition_type
from shopbridge.sandbox.domains.metafield_types import REFERENCE_TYPES, is_known_type
from shopbridge.sandbox.domains.metaobjects_store import (
    DEFINITION,
    METAOBJECT,
    FieldProblem,
    check_fields,
    definition_by_type,
    display_name,
    field_values,
    handleize,
    metaobject_by_handle,
    read_value,
    resolve_type,
    unique_handle,
)
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, field_path, refuse_unsupported_inputs
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["metaobjects"]

metaobjects = Domain("metaobjects")
metaobjects.node("Metaobject")(stored_node)
metaobjects.node("MetaobjectDefinition")(stored_node)

_NAME: Final = re.compile(r"^[A-Za-z0-9_-]+$")
_DEFINITION_INPUTS: Final = {
    "type", "name", "description", "displayNameKey", "fieldDefinitions", "access", "capabilities"
}  # fmt: skip
_FIELD_INPUTS: Final = {"key", "name", "description", "required", "type", "validations"}


def _error(
    code: str,
    field: list[str] | None,
    message: str,
    key: str | None = None,
    index: int | None = None,
) -> dict[str, Any]:
    return {
        "code": code,
        "field": field,
        "message": message,
        "elementKey": key,
        "elementIndex": index,
    }


def _state(info: Info) -> State:
    return context_of(info).state


def _check_name(value: str, where: list[str], low: int, high: int) -> None:
    label = where[-1].capitalize()
    if len(value) < low:
        raise UserErrors([_error("TOO_SHORT", where, f"{label} is too short (minimum is {low}).")])
    if len(value) > high:
        raise UserErrors([_error("TOO_LONG", where, f"{label} is too long (maximum is {high}).")])
    if not _NAME.match(value):
        raise UserErrors([_error("INVALID", where, f"{label} contains invalid characters.")])


def _field_definition(index: int, given: Mapping[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(given, "MetaobjectFieldDefinitionCreateInput", _FIELD_INPUTS)
    where = field_path("definition", "fieldDefinitions", index)
    _check_name(given["key"], [*where, "key"], 2, 64)
    if not is_known_type(given["type"]):
        message = f"Type '{given['type']}' is not a valid field type."
        raise UserErrors([_error("INVALID", [*where, "type"], message, given["key"], index)])
    return {
        "key": given["key"],
        "name": given.get("name") or given["key"].replace("_", " ").title(),
        "description": given.get("description"),
        "required": bool(given.get("required")),
        "type": definition_type(given["type"]),
        "validations": [
            {"name": v["name"], "value": v["value"], "type": "single_line_text_field"}
            for v in given.get("validations") or []
        ],
        "capabilities": {"adminFilterable": {"enabled": False, "eligible": True}},
    }


def _create_definition(info: Info, given: Mapping[str, Any]) -> Doc:
    ctx = context_of(info)
    refuse_unsupported_inputs(given, "MetaobjectDefinitionCreateInput", _DEFINITION_INPUTS)
    capabilities = given.get("capabilities") or {}
    refuse_unsupported_inputs(
        capabilities, "MetaobjectCapabilityCreateInput", {"publishable", "translatable"}
    )
    _check_name(given["type"].removeprefix("$app:"), ["definition", "type"], 3, 255)
    type_name = resolve_type(given["type"], ctx.app)
    if definition_by_type(ctx.state, type_name) is not None:
        raise UserErrors([_error("TAKEN", ["definition", "type"], "Type has already been taken.")])
    fields = [_field_definition(i, f) for i, f in enumerate(given.get("fieldDefinitions") or [])]
    keys = [f["key"] for f in fields]
    for index, key in enumerate(keys):
        if key in keys[:index]:
            where = field_path("definition", "fieldDefinitions", index, "key")
            raise UserErrors([_error("TAKEN", where, f"Key '{key}' is in use.", key, index)])
    if given.get("displayNameKey") is not None and given["displayNameKey"] not in keys:
        where = ["definition", "displayNameKey"]
        raise UserErrors([_error("INVALID", where, "Display name key must be a field key.")])
    access = given.get("access") or {}
    now = ctx.state.now()
    return ctx.state.save(
        {
            "__typename": DEFINITION,
            "id": ctx.state.new_gid(DEFINITION),
            "type": type_name,
            "name": given.get("name") or type_name,
            "description": given.get("description"),
            "displayNameKey": given.get("displayNameKey"),
            "fieldDefinitions": fields,
            "access": {
                "admin": access.get("admin")
                or ("PRIVATE" if type_name.startswith("app--") else "PUBLIC_READ_WRITE"),
                "storefront": access.get("storefront") or "NONE",
                "customerAccount": access.get("customerAccount") or "NONE",
            },
            "capabilities": {
                "publishable": {
                    "enabled": bool((capabilities.get("publishable") or {}).get("enabled"))
                },
                "translatable": {
                    "enabled": bool((capabilities.get("translatable") or {}).get("enabled"))
                },
                "onlineStore": None,
                "renderable": None,
            },
            "hasThumbnailField": False,
            "standardTemplate": None,
            "createdAt": now,
            "updatedAt": now,
        }
    )


@metaobjects.mutation("metaobjectDefinitionCreate")
def metaobject_definition_create(
    _root: None, info: Info, definition: dict[str, Any]
) -> dict[str, Any]:
    try:
        with _state(info).savepoint():
            created = _create_definition(info, definition)
    except UserErrors as failure:
        return {"metaobjectDefinition": None, "userErrors": failure.errors}
    return {"metaobjectDefinition": created, "userErrors": []}


def _capabilities(definition: Mapping[str, Any], given: Mapping[str, Any] | None, old: Any) -> Any:
    refuse_unsupported_inputs(given, "MetaobjectCapabilityDataInput", {"publishable"})
    if not definition["capabilities"]["publishable"]["enabled"]:
        if given and given.get("publishable"):
            where = ["metaobject", "capabilities", "publishable"]
            raise UserErrors([_error("CAPABILITY_NOT_ENABLED", where, "Capability not enabled.")])
        return {"publishable": None, "onlineStore": None}
    status = ((given or {}).get("publishable") or {}).get("status")
    current = (old or {}).get("publishable") or {"status": "DRAFT"}
    return {"publishable": {"status": status or current["status"]}, "onlineStore": None}


def _write(
    info: Info,
    definition: Doc,
    given: Mapping[str, Any],
    existing: Doc | None,
    handle: str | None,
    values: Mapping[str, Any] | None = None,
) -> Doc:
    """Create (``existing`` None) or update an entry from a create/update/upsert input."""
    state = _state(info)
    if given.get("fields") is not None and (values is not None or given.get("values") is not None):
        where = ["metaobject", "values"]
        raise UserErrors([_error("INVALID", where, "Use either fields or values, not both.")])
    pairs = field_values(given.get("fields"), values if values is not None else given.get("values"))
    replacing = values is not None or given.get("values") is not None
    current = {} if existing is None or replacing else existing["fields"]
    try:
        fields = check_fields(
            state, definition, pairs, current, creating=existing is None or replacing
        )
    except FieldProblem as problem:
        where = (
            field_path("metaobject", "fields", problem.index)
            if problem.index is not None
            else ["metaobject", "fields"]
        )
        raise UserErrors(
            [_error(problem.code, where, problem.message, problem.key, problem.index)]
        ) from problem
    now = state.now()
    doc: Doc = (
        dict(existing)
        if existing
        else {
            "__typename": METAOBJECT,
            "id": state.new_gid(METAOBJECT),
            "type": definition["type"],
            "definitionId": definition["id"],
            "createdAt": now,
        }
    )
    doc["fields"] = fields
    doc["capabilities"] = _capabilities(
        definition, given.get("capabilities"), doc.get("capabilities")
    )
    doc["updatedAt"] = now
    if handle is not None:
        wanted = handleize(handle)
        if not wanted:
            raise UserErrors([_error("INVALID", ["metaobject", "handle"], "Handle is invalid.")])
        taken = metaobject_by_handle(state, definition["type"], wanted)
        if taken is not None and taken["id"] != doc["id"]:
            raise UserErrors(
                [_error("TAKEN", ["metaobject", "handle"], "Handle has already been taken.")]
            )
        doc["handle"] = wanted
    elif existing is None:
        source = fields.get(definition.get("displayNameKey") or "") or ""
        base = (
            handleize(source)
            or f"{handleize(definition['type'])}-{legacy_id(doc['id']) % 100_000_000}"
        )
        doc["handle"] = unique_handle(state, definition["type"], base)
    return state.save(doc)


def _definition_or_error(info: Info, type_name: str, where: list[str]) -> Doc:
    found = definition_by_type(_state(info), resolve_type(type_name, context_of(info).app))
    if found is None:
        message = f'No metaobject definition exists for type "{type_name}"'
        raise UserErrors([_error("UNDEFINED_OBJECT_TYPE", where, message)])
    return found


def _run(info: Info, action: Any) -> dict[str, Any]:
    try:
        with _state(info).savepoint():
            return {"metaobject": action(), "userErrors": []}
    except UserErrors as failure:
        return {"metaobject": None, "userErrors": failure.errors}


@metaobjects.mutation("metaobjectCreate")
def metaobject_create(_root: None, info: Info, metaobject: dict[str, Any]) -> dict[str, Any]:
    def create() -> Doc:
        definition = _definition_or_error(info, metaobject["type"], ["metaobject", "type"])
        return _write(info, definition, metaobject, None, metaobject.get("handle"))

    return _run(info, create)


@metaobjects.mutation("metaobjectUpdate")
def metaobject_update(
    _root: None, info: Info, id: str, metaobject: dict[str, Any]
) -> dict[str, Any]:
    refuse_unsupported_inputs(
        metaobject, "MetaobjectUpdateInput", {"fields", "values", "handle", "capabilities"}
    )

    def update() -> Doc:
        state = _state(info)
        existing = lookup(state, id, METAOBJECT)
        if existing is None:
            raise UserErrors([_error("RECORD_NOT_FOUND", ["id"], "Record not found")])
        definition = state.get_gid(existing["definitionId"]) or {}
        return _write(info, definition, metaobject, existing, metaobject.get("handle"))

    return _run(info, update)


@metaobjects.mutation("metaobjectUpsert")
def metaobject_upsert(
    _root: None,
    info: Info,
    handle: dict[str, Any],
    metaobject: dict[str, Any] | None = None,
    values: Any = None,
) -> dict[str, Any]:
    def upsert() -> Doc:
        if metaobject is not None and values is not None:
            where = ["values"]
            raise UserErrors(
                [_error("INVALID", where, "Use either metaobject or values, not both.")]
            )
        definition = _definition_or_error(info, handle["type"], ["handle", "type"])
        existing = metaobject_by_handle(
            _state(info), definition["type"], handleize(handle["handle"])
        )
        given = metaobject or {}
        new_handle = given.get("handle") or (None if existing else handle["handle"])
        return _write(info, definition, given, existing, new_handle, values)

    return _run(info, upsert)


@metaobjects.mutation("metaobjectDelete")
def metaobject_delete(_root: None, info: Info, id: str) -> dict[str, Any]:
    state = _state(info)
    found = lookup(state, id, METAOBJECT)
    if found is None:
        error = _error("RECORD_NOT_FOUND", ["id"], "Record not found")
        return {"deletedId": None, "userErrors": [error]}
    state.delete(METAOBJECT, legacy_id(found["id"]))
    return {"deletedId": found["id"], "userErrors": []}


@metaobjects.query("metaobjectDefinition")
def metaobject_definition(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, DEFINITION)


@metaobjects.query("metaobjectDefinitionByType")
def metaobject_definition_by_type(_root: None, info: Info, type: str) -> Doc | None:
    return definition_by_type(_state(info), resolve_type(type, context_of(info).app))


@metaobjects.query("metaobjectDefinitions")
def metaobject_definitions(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_state(info).all(DEFINITION), args)


@metaobjects.query("metaobject")
def metaobject(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, METAOBJECT)


@metaobjects.query("metaobjectByHandle")
def metaobject_by_handle_query(_root: None, info: Info, handle: dict[str, Any]) -> Doc | None:
    type_name = resolve_type(handle["type"], context_of(info).app)
    return metaobject_by_handle(_state(info), type_name, handle["handle"])


def _field_getter(key: str) -> Callable[[Mapping[str, Any]], Any]:
    return lambda entry: entry["fields"].get(key)


def _entries_search(state: State, definition: Mapping[str, Any] | None) -> SearchSpec:
    def name(entry: Mapping[str, Any]) -> str:
        return display_name(definition or {"name": ""}, entry)

    filters = {
        "id": Filter("id", lambda m: m["id"]),
        "handle": Filter("keyword", lambda m: m["handle"], multi=True),
        "display_name": Filter("text", name),
        "updated_at": Filter("time", lambda m: m["updatedAt"]),
    }
    for field in (definition or {}).get("fieldDefinitions", []):
        filters[f"fields.{field['key']}"] = Filter("keyword", _field_getter(field["key"]))
    return SearchSpec(filters=filters, default=lambda m: [m["handle"], name(m)])


@metaobjects.query("metaobjects")
def metaobjects_query(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    type_name = resolve_type(args["type"], context_of(info).app)
    definition = definition_by_type(state, type_name)
    entries = [m for m in state.find(METAOBJECT, "type", type_name)]
    entries = filter_items(info, entries, args.get("query"), _entries_search(state, definition))
    sort = sort_function(
        args,
        {
            "id": None,
            "type": lambda m: m["type"],
            "updated_at": lambda m: m["updatedAt"],
            "display_name": lambda m: display_name(definition or {"name": ""}, m).lower(),
        },
        "id",
        "QueryRoot.metaobjects",
    )
    return paginate(entries, args, sort_value=sort)


# --- computed fields --------------------------------------------------------------


def _definition_of(info: Info, entry: Mapping[str, Any]) -> Doc:
    found = _state(info).get_gid(entry["definitionId"])
    assert found is not None, "a metaobject's definition is never deleted before it"
    return found


def _field(
    info: Info, definition: Mapping[str, Any], field: Mapping[str, Any], entry: Mapping[str, Any]
) -> dict[str, Any]:
    value = entry["fields"].get(field["key"])
    type_name = field["type"]["name"]
    base = type_name.removeprefix("list.")
    single_ref = base in REFERENCE_TYPES and not type_name.startswith("list.")
    return {
        "key": field["key"],
        "type": type_name,
        "value": value,
        "jsonValue": read_value(type_name, value),
        "definition": field,
        "reference": _state(info).get_gid(value) if single_ref and value else None,
        "thumbnail": None,
    }


@metaobjects.field("Metaobject", "definition")
def metaobject_definition_field(entry: Doc, info: Info) -> Doc:
    return _definition_of(info, entry)


@metaobjects.field("Metaobject", "fields")
def metaobject_fields(entry: Doc, info: Info) -> list[dict[str, Any]]:
    definition = _definition_of(info, entry)
    return [_field(info, definition, f, entry) for f in definition["fieldDefinitions"]]


@metaobjects.field("Metaobject", "field")
def metaobject_field(entry: Doc, info: Info, key: str) -> dict[str, Any] | None:
    definition = _definition_of(info, entry)
    found = next((f for f in definition["fieldDefinitions"] if f["key"] == key), None)
    return _field(info, definition, found, entry) if found else None


@metaobjects.field("Metaobject", "displayName")
def metaobject_display_name(entry: Doc, info: Info) -> str:
    return display_name(_definition_of(info, entry), entry)


@metaobjects.field("Metaobject", "values")
def metaobject_values(entry: Doc, info: Info) -> dict[str, Any]:
    definition = _definition_of(info, entry)
    return {
        f["key"]: read_value(f["type"]["name"], entry["fields"].get(f["key"]))
        for f in definition["fieldDefinitions"]
    }


@metaobjects.field("MetaobjectDefinition", "metaobjects")
def definition_entries(definition: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_state(info).find(METAOBJECT, "type", definition["type"]), args)


@metaobjects.field("MetaobjectDefinition", "metaobjectsCount")
def definition_entries_count(definition: Doc, info: Info) -> int:
    return len(_state(info).find(METAOBJECT, "type", definition["type"]))
