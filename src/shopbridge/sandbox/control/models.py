"""Request bodies of the control API (validated by pydantic; unknown fields refused)."""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel, ConfigDict, Field, HttpUrl, model_validator

__all__ = [
    "CartCheckout",
    "CheckoutCompletion",
    "CheckoutLine",
    "CheckoutStart",
    "CheckoutUpdate",
    "CustomerEdit",
    "FaultSettings",
    "ProductView",
    "SeedRequest",
    "StockEdit",
]


class _Body(BaseModel):
    model_config = ConfigDict(extra="forbid")


class SeedRequest(_Body):
    """A deterministic catalog: the same numbers always give the same products."""

    products: int = Field(10, ge=0, le=100_000)
    variants: int = Field(3, ge=1, le=100)
    locations: int = Field(1, ge=1, le=50)
    seed: int = 0
    max_quantity: int = Field(100, ge=0)


class StockEdit(_Body):
    """One quantity of a SKU at a location, set (``set``) or moved (``delta``)."""

    sku: str = Field(min_length=1, description="SKU or ProductVariant GID")
    location: str | None = Field(None, description="Location name or GID; primary if absent")
    name: Literal["available", "on_hand", "incoming", "damaged", "safety_stock"] = "available"
    set: int | None = Field(None, ge=0)
    delta: int | None = None
    reason: str = "correction"

    @model_validator(mode="after")
    def _one_of(self) -> StockEdit:
        if (self.set is None) == (self.delta is None):
            raise ValueError("give exactly one of 'set' and 'delta'")
        return self


class FaultSettings(_Body):
    """Fault switches to change; fields left out keep their value."""

    api: dict[str, Any] = Field(default_factory=dict, description="ApiFaults fields")
    webhooks: dict[str, Any] = Field(default_factory=dict, description="WebhookFaults fields")


class ProductView(_Body):
    """A shopper viewing a product page: a Web Pixels ``product_viewed`` event."""

    sku: str = Field(min_length=1, description="SKU or ProductVariant GID")
    collector_url: HttpUrl | None = Field(
        None, description="Where the pixel posts; the sandbox's --collector-url if absent"
    )
    client_id: str | None = Field(None, description="The browser's anonymous id")


class CheckoutLine(_Body):
    sku: str = Field(min_length=1, description="SKU or ProductVariant GID")
    quantity: int = Field(1, ge=1, le=10_000)


class CheckoutStart(_Body):
    """A shopper starts a checkout (Shopify then sends checkouts/create)."""

    lines: list[CheckoutLine] = Field(min_length=1, max_length=250)
    email: str | None = None
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    shipping_address: dict[str, Any] | None = Field(
        None, description="address1, city, province_code, country_code, zip..."
    )
    accepts_marketing: bool = False


class CheckoutUpdate(_Body):
    """The shopper changes the checkout (Shopify then sends checkouts/update)."""

    lines: list[CheckoutLine] | None = Field(None, min_length=1, max_length=250)
    email: str | None = None
    shipping_address: dict[str, Any] | None = None


class CheckoutCompletion(_Body):
    """The shopper pays: the payment succeeds, fails or stays pending."""

    payment: Literal["success", "failure", "pending"] = "success"
    gateway: str = "bogus"


class CustomerEdit(_Body):
    """A merchant creates a customer in the admin, or edits one found by email."""

    email: str = Field(min_length=3)
    first_name: str | None = None
    last_name: str | None = None
    phone: str | None = None
    tags: list[str] | None = None
    note: str | None = None
    accepts_marketing: bool | None = None


class CartCheckout(_Body):
    """A Storefront API cart, by its id (``gid://shopify/Cart/<token>?key=<key>``)."""

    cart_id: str = Field(min_length=1)
