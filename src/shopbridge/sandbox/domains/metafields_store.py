"""Metafields in the store: their own documents, keyed to the owner's GID (no GraphQL here).

A ``Metafield`` document carries ``ownerId`` (the owner's GID) and ``ownerType``, so
owners' domains need not know about metafields: the owner is looked up by its GID in
the state, and any stored type listed in ``METAFIELD_OWNERS`` can own metafields
(types added later work as soon as their documents exist). An omitted namespace is
the app-reserved one, ``app--<app id>``; ``$app`` and ``$app:<suffix>`` expand to
it, as Shopify documents for app-owned namespaces. ``compareDigest`` is a SHA-256
of the stored value and update time (Shopify's digest is opaque too). A value of
type ``id`` (a custom ID) held by another owner of the same type, namespace and key
is ``TAKEN``, as ``id`` definitions make values unique.
"""

from __future__ import annotations

import hashlib
import json
import re
import zlib
from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.domains.metafield_types import Invalid, is_known_type, validate
from shopbridge.sandbox.gid import InvalidGidError, parse_gid
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CUSTOM_ID_TYPE",
    "DEFINITION",
    "MAX_SET_INPUTS",
    "METAFIELD",
    "METAFIELD_OWNERS",
    "Problem",
    "app_namespace",
    "compare_digest",
    "definition_for",
    "delete_metafield",
    "find_metafield",
    "metafields_of",
    "owner_of",
    "resolve_namespace",
    "set_metafield",
]

METAFIELD: Final = "Metafield"
DEFINITION: Final = "MetafieldDefinition"
MAX_SET_INPUTS: Final = 25
CUSTOM_ID_TYPE: Final = "id"  # unique per owner type, namespace and key
# GraphQL type of an owner -> its ``MetafieldOwnerType``; the one list of owner types.
METAFIELD_OWNERS: Final = {
    "Product": "PRODUCT",
    "ProductVariant": "PRODUCTVARIANT",
    "Collection": "COLLECTION",
    "Customer": "CUSTOMER",
    "Order": "ORDER",
    "DraftOrder": "DRAFTORDER",
    "Location": "LOCATION",
    "Shop": "SHOP",
    "Market": "MARKET",
    "Company": "COMPANY",
    "CompanyLocation": "COMPANY_LOCATION",
}
_NAME: Final = re.compile(r"^[A-Za-z0-9_-]+$")


class Problem(Exception):
    """One invalid metafield input: ``code`` and ``field`` within the input object."""

    def __init__(
        self, code: str, field: str, message: str | None = None, element: int | None = None
    ) -> None:
        super().__init__(message or code)
        self.code, self.field, self.message, self.element = code, field, message, element


def app_namespace(app: str) -> str:
    """The app-reserved namespace of ``app`` (a stable number stands for its id)."""
    return f"app--{zlib.crc32(app.encode()) % 10_000_000}"


def resolve_namespace(namespace: str | None, app: str) -> str:
    if namespace is None or namespace == "$app":
        return app_namespace(app)
    if namespace.startswith("$app:"):
        return f"{app_namespace(app)}--{namespace.removeprefix('$app:')}"
    return namespace


def owner_of(state: State, owner_id: object) -> Doc | None:
    """The stored owner document for a GID, if its type can own metafields."""
    try:
        parsed = parse_gid(owner_id)
    except InvalidGidError:
        return None
    if parsed.type not in METAFIELD_OWNERS:
        return None
    return state.get(parsed.type, parsed.id)


def metafields_of(state: State, owner_id: str) -> list[Doc]:
    return state.find(METAFIELD, "ownerId", owner_id)


def find_metafield(state: State, owner_id: str, namespace: str, key: str) -> Doc | None:
    return next(
        (
            m
            for m in metafields_of(state, owner_id)
            if m["namespace"] == namespace and m["key"] == key
        ),
        None,
    )


def definition_for(state: State, owner_type: str, namespace: str, key: str) -> Doc | None:
    return next(
        (
            d
            for d in state.find(DEFINITION, "key", key)
            if d["ownerType"] == owner_type and d["namespace"] == namespace
        ),
        None,
    )


def compare_digest(metafield: Mapping[str, Any]) -> str:
    raw = json.dumps([metafield["value"], metafield["updatedAt"], metafield["id"]])
    return hashlib.sha256(raw.encode()).hexdigest()


def _check_name(value: str, field: str, low: int, high: int) -> None:
    if len(value) < low:
        raise Problem("TOO_SHORT", field, f"{field.capitalize()} is too short (minimum is {low}).")
    if len(value) > high:
        raise Problem("TOO_LONG", field, f"{field.capitalize()} is too long (maximum is {high}).")
    if not _NAME.match(value):
        message = f"{field.capitalize()} contains one or more invalid characters."
        raise Problem("INVALID", field, message)


def set_metafield(
    state: State, owner: Mapping[str, Any], given: Mapping[str, Any], app: str
) -> Doc:
    """Create or update one metafield of ``owner``; raises ``Problem`` when invalid.

    ``given`` has ``namespace``, ``key``, ``value``, ``type`` and, when sent,
    ``compareDigest``. The type may be left out when a definition or the existing
    metafield gives it; a type that contradicts the definition is ``INVALID_TYPE``.
    """
    namespace = resolve_namespace(given.get("namespace"), app)
    key = given.get("key") or ""
    _check_name(key, "key", 2, 64)
    if given.get("namespace") is not None and not namespace.startswith("app--"):
        _check_name(namespace, "namespace", 3, 255)
    owner_type = METAFIELD_OWNERS[owner["__typename"]]
    definition = definition_for(state, owner_type, namespace, key)
    existing = find_metafield(state, owner["id"], namespace, key)
    type_name = given.get("type")
    if definition is not None:
        if type_name is not None and type_name != definition["type"]["name"]:
            raise Problem("INVALID_TYPE", "type", "Type must match the definition's type.")
        type_name = definition["type"]["name"]
    type_name = type_name or (existing["type"] if existing else None)
    if not type_name:
        raise Problem("BLANK", "type", "Type can't be blank.")
    if not is_known_type(type_name):
        raise Problem("INVALID_TYPE", "type", f"Type '{type_name}' is not a supported type.")
    if "compareDigest" in given:
        wanted = given["compareDigest"]
        current = compare_digest(existing) if existing else None
        if wanted != current:
            raise Problem("STALE_OBJECT", "compareDigest")
    value = given.get("value")
    if value is None or value == "":
        raise Problem("BLANK", "value", "Value can't be blank.")
    try:
        validate(state, type_name, value)
    except Invalid as exc:
        raise Problem("INVALID_VALUE", "value", exc.message, exc.element) from exc
    if type_name == CUSTOM_ID_TYPE and _held_by_another(state, owner, namespace, key, value):
        raise Problem("TAKEN", "value", "Value has already been taken.")
    now = state.now()
    doc: Doc = (
        dict(existing)
        if existing
        else {
            "__typename": METAFIELD,
            "id": state.new_gid(METAFIELD),
            "namespace": namespace,
            "key": key,
            "ownerId": owner["id"],
            "ownerType": owner_type,
            "description": None,
            "createdAt": now,
        }
    )
    if existing and existing["value"] == value and existing["type"] == type_name:
        return dict(existing)
    doc.update({"type": type_name, "value": value, "updatedAt": now})
    return state.save(doc)


def _held_by_another(
    state: State, owner: Mapping[str, Any], namespace: str, key: str, value: str
) -> bool:
    """Whether another owner of ``owner``'s type has this custom ID already."""
    owner_type = METAFIELD_OWNERS[owner["__typename"]]
    return any(
        m["ownerType"] == owner_type
        and m["namespace"] == namespace
        and m["value"] == value
        and m["ownerId"] != owner["id"]
        for m in state.find(METAFIELD, "key", key)
    )


def delete_metafield(state: State, metafield: Mapping[str, Any]) -> None:
    state.delete(METAFIELD, parse_gid(metafield["id"]).id)
