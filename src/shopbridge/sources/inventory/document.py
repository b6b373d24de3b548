"""What callers send to ``POST /v1/inventory``, and what we store for the writer.

The request models validate each update and document it in OpenAPI, so the
schema users read is the one that judges them. The limits follow Shopify's
``inventorySetQuantities``: only ``available`` or ``on_hand`` may be set, and a
quantity below 0 or above 1,000,000,000 is refused (``INVALID_QUANTITY_NEGATIVE``,
``INVALID_QUANTITY_TOO_HIGH``), so such an update is refused here, before it is
queued, rather than dead-lettered later.
"""

from __future__ import annotations

import math
import re
from collections.abc import Callable
from datetime import datetime
from typing import Annotated, Final, Literal, TypedDict

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic.config import JsonDict

__all__ = [
    "MAX_ITEMS",
    "MAX_QUANTITY",
    "InventoryBatch",
    "InventorySingle",
    "InventoryUpdate",
    "QuantityName",
    "StoredDocument",
    "StoredItem",
]

MAX_ITEMS: Final = 10_000
MAX_QUANTITY: Final = 1_000_000_000  # inventorySetQuantities: INVALID_QUANTITY_TOO_HIGH above
MAX_TEXT_CHARS: Final = 255
# Versions are compared as floats; above 2**53 two different integers can compare equal.
MAX_EXACT_VERSION: Final = 2**53

QuantityName = Literal["available", "on_hand"]


class StoredItem(TypedDict):
    """One normalized update in the stored event body (what the writer reads)."""

    sku: str | None
    inventory_item_id: str | None
    location: str | None
    location_id: str | None
    name: QuantityName
    quantity: int
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``inventory/set``, source ``inventory``."""

    shop: str
    items: list[StoredItem]


def to_gid(kind: str) -> Callable[[object], str]:
    """A validator turning ``123``, ``"123"`` or the GID itself into ``gid://shopify/{kind}/123``."""
    prefix = f"gid://shopify/{kind}/"
    shape = re.compile(rf"(?:{re.escape(prefix)})?([0-9]{{1,20}})")
    message = f"must be a positive number or {prefix}<number>"

    def parse(value: object) -> str:
        if isinstance(value, int) and not isinstance(value, bool):
            digits = str(value)
        elif isinstance(value, str) and (match := shape.fullmatch(value)):
            digits = match.group(1)
        else:
            raise ValueError(message)
        if int(digits) <= 0:
            raise ValueError(message)
        return f"{prefix}{int(digits)}"

    return parse


def _version(value: object) -> float:
    """A sequence number or epoch seconds as given, or an ISO 8601 time as epoch seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        if not math.isfinite(value) or value < 0:
            raise ValueError("must be a finite number, 0 or more")
        if value > MAX_EXACT_VERSION:
            raise ValueError("is too large to compare exactly (at most 2**53)")
        return float(value)
    if isinstance(value, str):
        try:
            moment = datetime.fromisoformat(value)
        except ValueError:
            raise ValueError(
                "must be a number (sequence or epoch seconds) or an ISO 8601 time"
            ) from None
        if moment.tzinfo is None:
            raise ValueError("needs a UTC offset, as in 2026-07-01T12:00:00Z")
        return moment.timestamp()
    raise ValueError("must be a number (sequence or epoch seconds) or an ISO 8601 time")


def _not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be blank")
    return value


def id_schema(kind: str) -> dict[str, object]:
    return {
        "anyOf": [
            {"type": "integer", "minimum": 1},
            {"type": "string", "pattern": rf"^(gid://shopify/{kind}/)?[0-9]+$"},
        ]
    }


Text = Annotated[str, Field(min_length=1, max_length=MAX_TEXT_CHARS), AfterValidator(_not_blank)]
InventoryItemId = Annotated[
    str, PlainValidator(to_gid("InventoryItem")), WithJsonSchema(id_schema("InventoryItem"))
]
LocationId = Annotated[
    str, PlainValidator(to_gid("Location")), WithJsonSchema(id_schema("Location"))
]
Version = Annotated[
    float,
    PlainValidator(_version),
    WithJsonSchema(
        {"anyOf": [{"type": "number", "minimum": 0}, {"type": "string", "format": "date-time"}]}
    ),
]
ShopName = Annotated[
    str | None,
    Field(
        description="The shop's name in shopbridge.yaml (or its myshopify domain); "
        "optional when exactly one shop is configured.",
        examples=["acme"],
    ),
]
"""The ``shop`` of a request body, shared by every inbound endpoint."""

_SINGLE_EXAMPLE: JsonDict = {
    "sku": "TSHIRT-RED-M",
    "location": "Main warehouse",
    "name": "available",
    "quantity": 42,
    "version": "2026-07-01T12:00:00Z",
}


class InventoryUpdate(BaseModel):
    """One absolute quantity for one item at one location.

    Name the item by sku or inventory_item_id and the location by location
    (its name) or location_id: exactly one of each pair.
    """

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [_SINGLE_EXAMPLE]}
    )

    sku: Text | None = Field(None, description="The variant's SKU.", examples=["TSHIRT-RED-M"])
    inventory_item_id: InventoryItemId | None = Field(
        None,
        description="Shopify's inventory item id, as a number or a GID (stored as a GID).",
        examples=["gid://shopify/InventoryItem/30322695", 30322695],
    )
    location: Text | None = Field(
        None, description="The location's name, as shown in Shopify.", examples=["Main warehouse"]
    )
    location_id: LocationId | None = Field(
        None,
        description="Shopify's location id, as a number or a GID (stored as a GID).",
        examples=["gid://shopify/Location/64244891"],
    )
    name: QuantityName = Field(
        "available", description="Which quantity to set: 'available' (default) or 'on_hand'."
    )
    quantity: int = Field(
        ge=0,
        le=MAX_QUANTITY,
        description="The absolute quantity, 0 to 1,000,000,000 (Shopify refuses others).",
        examples=[42],
    )
    version: Version | None = Field(
        None,
        description="The source's timestamp (epoch seconds, or ISO 8601 with a UTC offset) or "
        "sequence number. The newest version per SKU and location wins; older ones are dropped "
        "as stale. Without one, the time shopbridge received the request is used.",
        examples=["2026-07-01T12:00:00Z", 1782907200, 1042],
    )


class InventorySingle(InventoryUpdate):
    """One update sent alone (no items list)."""

    model_config = ConfigDict(json_schema_extra={"examples": [{**_SINGLE_EXAMPLE, "shop": "acme"}]})

    shop: ShopName = None


class InventoryBatch(BaseModel):
    """Up to 10,000 updates for one shop, accepted or refused together."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [
                {
                    "shop": "acme",
                    "items": [
                        _SINGLE_EXAMPLE,
                        {
                            "inventory_item_id": 30322695,
                            "location_id": 64244891,
                            "name": "on_hand",
                            "quantity": 7,
                            "version": 1042,
                        },
                    ],
                }
            ]
        },
    )

    shop: ShopName = None
    items: list[InventoryUpdate] = Field(min_length=1, max_length=MAX_ITEMS)
