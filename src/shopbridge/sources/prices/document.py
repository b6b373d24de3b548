"""What callers send to ``POST /v1/prices``, and what we store for the writer.

An item sets a variant's own price and compare-at price (``productVariantsBulkUpdate``),
or, with ``price_list`` and ``currency``, its fixed price in that price list
(``priceListFixedPricesUpdate``). Amounts are decimal strings, as Shopify takes them,
so that no float ever rounds a price.
"""

from __future__ import annotations

import re
from typing import Annotated, Final, NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic.config import JsonDict

from shopbridge.sources.inventory.document import ShopName, Text, Version, id_schema, to_gid

__all__ = ["MAX_ITEMS", "PriceBatch", "PriceSingle", "PriceUpdate", "StoredDocument", "StoredItem"]

MAX_ITEMS: Final = 10_000
_AMOUNT = re.compile(r"[0-9]{1,15}(?:\.[0-9]{1,4})?")
_AMOUNT_MESSAGE: Final = "must be a decimal string such as '19.99' (0 or more, up to 4 decimals)"


class StoredItem(TypedDict):
    """One normalized price in the stored event body (what the writer reads)."""

    sku: str | None
    variant_id: str | None
    price: str | None
    compare_at_price: NotRequired[str | None]  # absent: leave it; null: clear it
    price_list: str | None
    currency: str | None
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``prices/set``, source ``prices``."""

    shop: str
    items: list[StoredItem]


def _amount(value: object) -> str:
    if not isinstance(value, str) or not _AMOUNT.fullmatch(value):
        raise ValueError(_AMOUNT_MESSAGE)
    return value


Amount = Annotated[
    str,
    PlainValidator(_amount),
    WithJsonSchema({"type": "string", "pattern": rf"^{_AMOUNT.pattern}$", "examples": ["19.99"]}),
]
VariantId = Annotated[
    str, PlainValidator(to_gid("ProductVariant")), WithJsonSchema(id_schema("ProductVariant"))
]
Currency = Annotated[str, Field(pattern=r"^[A-Z]{3}$")]

_SINGLE_EXAMPLE: JsonDict = {
    "sku": "TSHIRT-RED-M",
    "price": "19.99",
    "compare_at_price": "24.99",
    "version": "2026-07-01T12:00:00Z",
}
_LIST_EXAMPLE: JsonDict = {
    "sku": "TSHIRT-RED-M",
    "price_list": "Europe",
    "currency": "EUR",
    "price": "18.50",
    "version": 1042,
}


class PriceUpdate(BaseModel):
    """One price for one variant: its own price, or a fixed price in a price list.

    Name the variant by sku or variant_id (exactly one). Give price, compare_at_price
    or both; compare_at_price null clears it. With price_list, price and currency are
    required and the fixed price replaces the one the list had for the variant.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [_SINGLE_EXAMPLE, _LIST_EXAMPLE]},
    )

    sku: Text | None = Field(None, description="The variant's SKU.", examples=["TSHIRT-RED-M"])
    variant_id: VariantId | None = Field(
        None,
        description="Shopify's variant id, as a number or a GID (stored as a GID).",
        examples=["gid://shopify/ProductVariant/4470192"],
    )
    price: Amount | None = Field(None, description="The price, a decimal string.")
    compare_at_price: Amount | None = Field(
        None, description="The compare-at price; null clears it, absent leaves it as it is."
    )
    price_list: Text | None = Field(
        None,
        description="A price list's name or GID: set a fixed price there instead of the "
        "variant's own price (one per market or catalog).",
        examples=["Europe"],
    )
    currency: Currency | None = Field(
        None, description="The price list's currency (ISO 4217), required with price_list."
    )
    version: Version | None = Field(
        None,
        description="The source's timestamp (epoch seconds, or ISO 8601 with a UTC offset) or "
        "sequence number. The newest version per variant (and price list) wins; older ones are "
        "dropped as stale. Without one, the time shopbridge received the request is used.",
        examples=["2026-07-01T12:00:00Z", 1042],
    )


class PriceSingle(PriceUpdate):
    """One price sent alone (no items list)."""

    shop: ShopName = None


class PriceBatch(BaseModel):
    """Up to 10,000 prices for one shop, accepted or refused together."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={
            "examples": [{"shop": "acme", "items": [_SINGLE_EXAMPLE, _LIST_EXAMPLE]}]
        },
    )

    shop: ShopName = None
    items: list[PriceUpdate] = Field(min_length=1, max_length=MAX_ITEMS)
