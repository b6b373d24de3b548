"""Metafields and custom IDs in product requests: their shapes and the checks across a list.

A metafield is ``{namespace, key, type, value}`` as Shopify's ``MetafieldInput`` takes
it (namespace 3-255 and key 2-64 letters, digits, ``-`` and ``_``; the value always a
string, judged by Shopify against its type). An external id names a custom ID: a
product metafield of an ``id``-type definition, unique per shop, that ``productSet``
finds the product by (``identifier: {customId: {namespace, key, value}}``).
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Annotated, Final, TypedDict

from pydantic import BaseModel, ConfigDict, Field

from shopbridge.sources.inventory.document import Text
from shopbridge.sources.verdict import FieldError

__all__ = [
    "CUSTOM_ID_TYPE",
    "MAX_METAFIELDS",
    "ExternalId",
    "Metafield",
    "StoredExternalId",
    "StoredMetafield",
    "check_metafields",
    "custom_id_metafield",
]

CUSTOM_ID_TYPE: Final = "id"
MAX_METAFIELDS: Final = 250  # an input array of one call

Namespace = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{3,255}$", examples=["custom"])]
Key = Annotated[str, Field(pattern=r"^[A-Za-z0-9_-]{2,64}$", examples=["material"])]


class StoredMetafield(TypedDict):
    namespace: str
    key: str
    type: str
    value: str


class StoredExternalId(TypedDict):
    namespace: str
    key: str
    value: str


class Metafield(BaseModel):
    """One metafield, set as ``productSet`` sets the list it is in."""

    model_config = ConfigDict(extra="forbid", strict=True)

    namespace: Namespace
    key: Key
    type: Annotated[
        str,
        Field(
            pattern=r"^[a-z][a-z0-9_.]{0,99}$",
            description="Shopify's type name; it must match the metafield's definition.",
            examples=["single_line_text_field", "number_integer", "json"],
        ),
    ]
    value: str = Field(
        min_length=1,
        max_length=65_535,
        description="The value as a string, in the format of its type ('3' for a number).",
    )


class ExternalId(BaseModel):
    """The product's custom ID: the metafield of an ``id``-type definition that holds it."""

    model_config = ConfigDict(extra="forbid", strict=True)

    namespace: Namespace
    key: Key = Field(examples=["product_id"])
    value: Text = Field(examples=["P-1042"])


def custom_id_metafield(external_id: StoredExternalId) -> StoredMetafield:
    """The metafield holding ``external_id``, as sent along ``productSet``'s metafields."""
    return StoredMetafield(
        namespace=external_id["namespace"],
        key=external_id["key"],
        type=CUSTOM_ID_TYPE,
        value=external_id["value"],
    )


def check_metafields(
    where: str,
    metafields: Sequence[Metafield],
    external_id: ExternalId | None,
    problems: list[FieldError],
) -> None:
    """Each namespace and key once; the custom ID, if listed, with its own value and type."""
    seen: dict[tuple[str, str], int] = {}
    for index, metafield in enumerate(metafields):
        at = f"{where}.{index}."
        name = (metafield.namespace, metafield.key)
        first = seen.setdefault(name, index)
        if first != index:
            problems.append(FieldError(at + "key", f"'{'.'.join(name)}' is also item {first}"))
        if external_id is None or name != (external_id.namespace, external_id.key):
            continue
        if metafield.value != external_id.value:
            problems.append(FieldError(at + "value", "must equal external_id.value"))
        if metafield.type != CUSTOM_ID_TYPE:
            problems.append(FieldError(at + "type", f"must be '{CUSTOM_ID_TYPE}' (a custom ID)"))
