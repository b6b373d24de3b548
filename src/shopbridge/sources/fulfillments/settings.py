"""The ``fulfillments:`` section of ``shopbridge.yaml``: how an ERP's order reference is found.

``POST /v1/fulfillments`` names an order by id, by name (``#1001``) or by
``order_reference``, the ERP's own number; this says where Shopify keeps that number.

This module depends on pydantic only, so :mod:`shopbridge.config.schema` can import it.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

__all__ = ["FulfillmentSettings", "OrderReferenceSettings"]


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class OrderReferenceSettings(_Model):
    """Where an order carries the ERP's reference.

    ``tag``: a tag ``<prefix><reference>`` (``erp:SO-778``); ``metafield``: an order
    metafield that is a Shopify custom ID (an ``id``-type definition with this
    namespace and key); ``source_identifier``: the order's ``sourceIdentifier`` (orders
    the ERP imported with ``orderCreate``); ``po_number``: the purchase order number.
    """

    type: Literal["tag", "metafield", "source_identifier", "po_number"] = "tag"
    prefix: str = Field(
        "", description="tag: what precedes the reference in the tag.", examples=["erp:"]
    )
    namespace: str | None = Field(None, description="metafield: its namespace.")
    key: str | None = Field(None, description="metafield: its key.", examples=["erp_order"])

    @model_validator(mode="after")
    def _complete(self) -> OrderReferenceSettings:
        if self.type == "metafield" and not (self.namespace and self.key):
            raise ValueError("type 'metafield' needs 'namespace' and 'key'")
        if self.type != "metafield" and (self.namespace or self.key):
            raise ValueError("'namespace' and 'key' only apply to type 'metafield'")
        if self.type != "tag" and self.prefix:
            raise ValueError("'prefix' only applies to type 'tag'")
        return self


class FulfillmentSettings(_Model):
    """Tracking back from a WMS or 3PL (``POST /v1/fulfillments``)."""

    order_reference: OrderReferenceSettings = Field(
        default_factory=OrderReferenceSettings,
        description="Where orders carry the reference 'order_reference' names.",
    )
