"""What callers send to ``POST /v1/products``, and what we store for the writer.

A product is upserted with ``productSet``, found by one identity: its ``handle``, the
SKU of one of its variants (``sku``), or a custom ID (``external_id``); with ``sku``
or ``external_id``, ``handle`` is a field like the others. Scalar fields change only
when sent; list fields (``tags``, ``options``, ``variants``, ``metafields``, a
variant's ``metafields``) replace what the product had. Shopify judges the catalog
rules (duplicate option values, two variants alike, metafield types); what is
refused there becomes a dead item with its reason.
"""

from __future__ import annotations

from typing import Annotated, Final, Literal, NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field
from pydantic.config import JsonDict

from shopbridge.sources.inventory.document import ShopName, Text, Version
from shopbridge.sources.prices.document import Amount
from shopbridge.sources.products.metafields import (
    MAX_METAFIELDS,
    ExternalId,
    Metafield,
    StoredExternalId,
    StoredMetafield,
)

__all__ = [
    "MAX_ITEMS",
    "MAX_OPTIONS",
    "MAX_VARIANTS",
    "ProductBatch",
    "ProductOption",
    "ProductSingle",
    "ProductUpsert",
    "ProductVariant",
    "StoredDocument",
    "StoredItem",
]

MAX_ITEMS: Final = 1_000
MAX_OPTIONS: Final = 3  # Shopify's limit
MAX_VARIANTS: Final = 250  # one productSet call carries every variant; arrays stay ≤ 250
MAX_VALUES: Final = 250

Status = Literal["ACTIVE", "DRAFT", "ARCHIVED"]
Handle = Annotated[str, Field(min_length=1, max_length=255, pattern=r"^[a-z0-9][a-z0-9_-]*$")]


class StoredVariant(TypedDict):
    sku: str
    price: str
    compare_at_price: NotRequired[str | None]  # absent: leave it; null: clear it
    option_values: dict[str, str]
    metafields: NotRequired[list[StoredMetafield]]


class StoredOption(TypedDict):
    name: str
    values: list[str]


class StoredItem(TypedDict):
    """One normalized product in the stored event body; absent fields are not sent.

    The identity is ``external_id`` if present, else ``sku``, else ``handle``.
    """

    handle: NotRequired[str]
    sku: NotRequired[str]
    external_id: NotRequired[StoredExternalId]
    title: NotRequired[str]
    description_html: NotRequired[str]
    vendor: NotRequired[str]
    product_type: NotRequired[str]
    tags: NotRequired[list[str]]
    status: NotRequired[Status]
    options: NotRequired[list[StoredOption]]
    variants: NotRequired[list[StoredVariant]]
    metafields: NotRequired[list[StoredMetafield]]
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``products/upsert``, source ``products``."""

    shop: str
    items: list[StoredItem]


_EXAMPLE: JsonDict = {
    "handle": "classic-tee",
    "title": "Classic tee",
    "vendor": "Acme",
    "status": "ACTIVE",
    "tags": ["cotton"],
    "options": [{"name": "Size", "values": ["S", "M"]}],
    "variants": [
        {"sku": "TEE-S", "price": "19.99", "option_values": {"Size": "S"}},
        {"sku": "TEE-M", "price": "19.99", "option_values": {"Size": "M"}},
    ],
    "version": "2026-07-01T12:00:00Z",
}
_BY_ID_EXAMPLE: JsonDict = {
    "external_id": {"namespace": "erp", "key": "product_id", "value": "P-1042"},
    "handle": "linen-shirt",
    "title": "Linen shirt",
    "metafields": [
        {
            "namespace": "custom",
            "key": "material",
            "type": "single_line_text_field",
            "value": "linen",
        }
    ],
    "version": 1042,
}


class ProductOption(BaseModel):
    """An option (Size, Color…) and its values, in order."""

    model_config = ConfigDict(extra="forbid", strict=True)

    name: Text
    values: list[Text] = Field(min_length=1, max_length=MAX_VALUES)


class ProductVariant(BaseModel):
    """A variant: its SKU, price and one value for every option."""

    model_config = ConfigDict(extra="forbid", strict=True)

    sku: Text
    price: Amount
    compare_at_price: Amount | None = Field(
        None, description="null clears it; absent leaves an existing variant's as it is."
    )
    option_values: dict[str, Text] = Field(
        description="Option name -> value, one for every option.", examples=[{"Size": "M"}]
    )
    metafields: list[Metafield] | None = Field(
        None, max_length=MAX_METAFIELDS, description="Replaces the variant's metafields."
    )


class ProductUpsert(BaseModel):
    """One product, created or updated by handle, SKU or external id. List fields replace
    what Shopify has."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [_EXAMPLE, _BY_ID_EXAMPLE]}
    )

    handle: Handle | None = Field(
        None,
        description="Lowercase letters, digits, - and _. The upsert key unless sku or "
        "external_id is given; then the handle to set (a new product's, or a rename).",
    )
    sku: Text | None = Field(
        None,
        description="Upsert the product that has a variant with this SKU; if variants are "
        "sent, one of them must have it. No product has it: one is created (send title, "
        "options and variants).",
    )
    external_id: ExternalId | None = Field(
        None,
        description="Upsert the product holding this custom ID (a product metafield of an "
        "'id'-type definition); none does: one is created carrying it.",
    )
    title: Text | None = Field(None, description="Required by Shopify to create a product.")
    description_html: str | None = Field(None, max_length=65_535)
    vendor: Text | None = None
    product_type: Text | None = None
    tags: list[Text] | None = Field(None, max_length=250, description="Replaces the tags.")
    status: Status | None = None
    options: list[ProductOption] | None = Field(
        None, min_length=1, max_length=MAX_OPTIONS, description="Replaces the options."
    )
    variants: list[ProductVariant] | None = Field(
        None,
        min_length=1,
        max_length=MAX_VARIANTS,
        description="Replaces the variants: those left out are deleted. Send with options.",
    )
    metafields: list[Metafield] | None = Field(
        None,
        max_length=MAX_METAFIELDS,
        description="Replaces the product's metafields: those left out are deleted "
        "(productSet's list semantics). With external_id, its metafield is kept for you.",
    )
    version: Version | None = Field(
        None,
        description="The source's timestamp (epoch seconds, or ISO 8601 with a UTC offset) or "
        "sequence number. The newest version per handle wins; older ones are dropped as "
        "stale. Without one, the time shopbridge received the request is used.",
    )


class ProductSingle(ProductUpsert):
    """One product sent alone (no items list)."""

    shop: ShopName = None


class ProductBatch(BaseModel):
    """Up to 1,000 products for one shop, accepted or refused together."""

    model_config = ConfigDict(
        extra="forbid", strict=True, json_schema_extra={"examples": [{"items": [_EXAMPLE]}]}
    )

    shop: ShopName = None
    items: list[ProductUpsert] = Field(min_length=1, max_length=MAX_ITEMS)
