"""Metafields: ``metafieldsSet``, ``metafieldsDelete`` and the fields that read them.

Every type in ``metafields_store.METAFIELD_OWNERS`` answers ``metafield(namespace:,
key:)`` and ``metafields(first:, namespace:, keys:)`` (``keys`` as
``namespace.key``). ``metafieldsSet`` takes at most 25 inputs (more:
``LESS_THAN_OR_EQUAL_TO`` on ``metafields``) and is atomic as documented: one invalid
input and nothing is written; the payload then has ``metafields: []`` (the sandbox's
choice) and the errors, each with ``field`` ``["metafields", "<i>", "<input>"]``
and ``elementIndex`` for a failing list element. An ``ownerId`` that names no stored
owner is ``INVALID`` on ``ownerId`` (Shopify's exact code for it is not documented).
"""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import stored_node
from shopbridge.sandbox.domains.metafield_types import json_value, reference_targets
from shopbridge.sandbox.domains.metafields_store import (
    MAX_SET_INPUTS,
    METAFIELD_OWNERS,
    Problem,
    compare_digest,
    definition_for,
    delete_metafield,
    find_metafield,
    metafields_of,
    owner_of,
    resolve_namespace,
    set_metafield,
)
from shopbridge.sandbox.payloads import UserErrors, field_path, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc

__all__ = ["apply_metafield_inputs", "metafields"]

metafields = Domain("metafields")
metafields.node("Metafield")(stored_node)


def _owner_metafield(owner: Doc, info: Info, key: str, namespace: str | None = None) -> Doc | None:
    ctx = context_of(info)
    return find_metafield(ctx.state, owner["id"], resolve_namespace(namespace, ctx.app), key)


def _owner_metafields(owner: Doc, info: Info, **args: Any) -> dict[str, Any]:
    ctx = context_of(info)
    found = metafields_of(ctx.state, owner["id"])
    if args.get("namespace") is not None:
        wanted = resolve_namespace(args["namespace"], ctx.app)
        found = [m for m in found if m["namespace"] == wanted]
    if args.get("keys") is not None:
        keys = set(args["keys"])
        found = [m for m in found if f"{m['namespace']}.{m['key']}" in keys]
    return paginate(found, args)


for _owner_type in METAFIELD_OWNERS:
    metafields.field(_owner_type, "metafield")(_owner_metafield)
    metafields.field(_owner_type, "metafields")(_owner_metafields)


@metafields.field("Metafield", "jsonValue")
def metafield_json_value(metafield: Doc, _info: Info) -> Any:
    return json_value(metafield["type"], metafield["value"])


@metafields.field("Metafield", "compareDigest")
def metafield_compare_digest(metafield: Doc, _info: Info) -> str:
    return compare_digest(metafield)


@metafields.field("Metafield", "owner")
def metafield_owner(metafield: Doc, info: Info) -> Doc | None:
    return context_of(info).state.get_gid(metafield["ownerId"])


@metafields.field("Metafield", "sizeInBytes")
def metafield_size(metafield: Doc, _info: Info) -> int:
    return len(metafield["value"].encode())


@metafields.field("Metafield", "definition")
def metafield_definition(metafield: Doc, info: Info) -> Doc | None:
    return definition_for(
        context_of(info).state, metafield["ownerType"], metafield["namespace"], metafield["key"]
    )


@metafields.field("Metafield", "reference")
def metafield_reference(metafield: Doc, info: Info) -> Doc | None:
    if metafield["type"].startswith("list."):
        return None
    targets = reference_targets(metafield["type"], metafield["value"])
    return context_of(info).state.get_gid(targets[0]) if targets else None


@metafields.field("Metafield", "references")
def metafield_references(metafield: Doc, info: Info, **args: Any) -> dict[str, Any] | None:
    if not metafield["type"].startswith("list."):
        return None
    state = context_of(info).state
    found = [state.get_gid(t) for t in reference_targets(metafield["type"], metafield["value"])]
    docs = [doc for doc in found if doc is not None]
    order = {doc["id"]: index for index, doc in enumerate(docs)}
    return paginate(docs, args, sort_value=lambda doc: order[doc["id"]])


def apply_metafield_inputs(
    info: Info,
    owner: Doc,
    given: list[dict[str, Any]],
    prefix: tuple[str | int, ...],
    *,
    code: str | None = None,
    replace: bool = False,
) -> list[Doc]:
    """Set ``MetafieldInput``s on ``owner`` (``productSet``/``productUpdate``'s
    ``metafields``); raises ``UserErrors`` with fields under ``prefix`` and ``code``
    (the caller's error enum has no metafield codes of its own). ``replace`` deletes
    the owner's other metafields (``productSet``'s documented list semantics)."""
    ctx = context_of(info)
    saved: list[Doc] = []
    for index, entry in enumerate(given):
        if entry.get("id") is not None:
            found = ctx.state.get_gid(entry["id"])
            if found is None or found.get("ownerId") != owner["id"]:
                where = field_path(*prefix, index, "id")
                error = user_error(info, code, where, "Metafield does not exist.")
                raise UserErrors([error])
            sent = {k: v for k, v in entry.items() if k != "id" and v is not None}
            entry = {"namespace": found["namespace"], "key": found["key"], **sent}  # noqa: PLW2901
        try:
            saved.append(set_metafield(ctx.state, owner, entry, ctx.app))
        except Problem as problem:
            where = field_path(*prefix, index, problem.field)
            error = user_error(info, code, where, problem.message)
            raise UserErrors([error]) from problem
    if replace:
        kept = {doc["id"] for doc in saved}
        for metafield in metafields_of(ctx.state, owner["id"]):
            if metafield["id"] not in kept:
                delete_metafield(ctx.state, metafield)
    return saved


@metafields.mutation("metafieldsSet")
def metafields_set(_root: None, info: Info, metafields: list[dict[str, Any]]) -> dict[str, Any]:
    ctx = context_of(info)
    if len(metafields) > MAX_SET_INPUTS:
        message = f"Exceeded the maximum metafields input limit of {MAX_SET_INPUTS}."
        error = user_error(info, "LESS_THAN_OR_EQUAL_TO", ["metafields"], message)
        return {"metafields": [], "userErrors": [{**error, "elementIndex": None}]}
    errors: list[dict[str, Any]] = []
    saved: list[Doc] = []
    try:
        with ctx.state.savepoint():
            for index, given in enumerate(metafields):
                owner = owner_of(ctx.state, given["ownerId"])
                try:
                    if owner is None:
                        raise Problem("INVALID", "ownerId", "Owner does not exist.")
                    saved.append(set_metafield(ctx.state, owner, given, ctx.app))
                except Problem as problem:
                    where = field_path("metafields", index, problem.field)
                    error = user_error(info, problem.code, where, problem.message)
                    errors.append({**error, "elementIndex": problem.element})
            if errors:
                raise UserErrors(errors)
    except UserErrors:
        return {"metafields": [], "userErrors": errors}
    return {"metafields": saved, "userErrors": []}


@metafields.mutation("metafieldsDelete")
def metafields_delete(_root: None, info: Info, metafields: list[dict[str, Any]]) -> dict[str, Any]:
    ctx = context_of(info)
    if not metafields:
        error = user_error(info, None, ["metafields"], "At least one identifier must be specified.")
        return {"deletedMetafields": [], "userErrors": [error]}
    deleted: list[dict[str, Any] | None] = []
    for given in metafields:
        namespace = resolve_namespace(given["namespace"], ctx.app)
        found = find_metafield(ctx.state, given["ownerId"], namespace, given["key"])
        if found is None:
            deleted.append(None)
            continue
        delete_metafield(ctx.state, found)
        deleted.append({"ownerId": found["ownerId"], "namespace": namespace, "key": found["key"]})
    return {"deletedMetafields": deleted, "userErrors": []}
