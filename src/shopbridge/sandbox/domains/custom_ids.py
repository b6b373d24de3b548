"""Custom IDs: finding an order or a customer by a unique metafield, and ``orderByIdentifier``.

Shopify's custom IDs are metafields whose definition gives them unique values (an
``id``-type definition is unique by itself); ``customerByIdentifier``,
``orderByIdentifier`` and ``customerSet(identifier: {customId:})`` look a resource up
by ``{namespace, key, value}``, the namespace defaulting to the app-reserved one.

The sandbox's reading: any metafield of the owner type with that namespace, key and
value identifies its owner (the sandbox neither requires the definition nor enforces
uniqueness; the first owner found wins), and a customer created by ``customerSet``
through a custom ID gets that metafield, typed as its definition says, else
an ``id`` metafield.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.metafields_store import (
    METAFIELD,
    METAFIELD_OWNERS,
    definition_for,
    resolve_namespace,
    set_metafield,
)
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["custom_ids", "find_by_custom_id", "set_custom_id"]

custom_ids = Domain("custom_ids")

DEFAULT_TYPE: Final = "id"


def find_by_custom_id(
    state: State, owner_type: str, custom_id: Mapping[str, Any], app: str
) -> Doc | None:
    """The ``owner_type`` document (``Customer``, ``Order``) whose metafield holds the value."""
    namespace = resolve_namespace(custom_id.get("namespace"), app)
    wanted = METAFIELD_OWNERS[owner_type]
    for metafield in state.find(METAFIELD, "key", custom_id["key"]):
        if (
            metafield["ownerType"] == wanted
            and metafield["namespace"] == namespace
            and metafield["value"] == custom_id["value"]
        ):
            found = lookup(state, metafield["ownerId"], owner_type)
            if found is not None:
                return found
    return None


def set_custom_id(
    state: State, owner: Mapping[str, Any], custom_id: Mapping[str, Any], app: str
) -> Doc:
    """Give ``owner`` the custom ID metafield (its definition's type, else ``id``).

    Raises ``metafields_store.Problem`` when the namespace, key or value is invalid.
    """
    namespace = resolve_namespace(custom_id.get("namespace"), app)
    owner_type = METAFIELD_OWNERS[owner["__typename"]]
    definition = definition_for(state, owner_type, namespace, custom_id["key"])
    entry = {
        "namespace": custom_id.get("namespace"),
        "key": custom_id["key"],
        "value": custom_id["value"],
        "type": definition["type"]["name"] if definition is not None else DEFAULT_TYPE,
    }
    return set_metafield(state, owner, entry, app)


@custom_ids.query("orderByIdentifier")
def order_by_identifier(_root: None, info: Info, identifier: dict[str, Any]) -> Doc | None:
    ctx = context_of(info)
    if identifier.get("customId") is not None:
        return find_by_custom_id(ctx.state, ORDER, identifier["customId"], ctx.app)
    return lookup(ctx.state, identifier.get("id"), ORDER)
