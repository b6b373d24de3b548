"""What callers send to ``POST /v1/discounts``, and what we store for the writer.

A basic (amount off) discount is upserted by its identity: its ``code`` for a code
discount; its ``title``, or an explicit ``key``, for an automatic one. Fields change
only when sent; ``ends_at``, ``usage_limit`` and ``minimum`` sent as null clear them.
``applies_to`` and ``context`` replace what the discount had. The shapes follow
Shopify's ``DiscountCodeBasicInput``/``DiscountAutomaticBasicInput`` (API 2026-07),
named for people: a percentage is 0-100 here and 0-1 in Shopify.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Any, Final, Literal, NotRequired, TypedDict

from pydantic import BaseModel, ConfigDict, Field, PlainValidator, WithJsonSchema
from pydantic.config import JsonDict

from shopbridge.sources.inventory.document import ShopName, Text, Version
from shopbridge.sources.prices.document import Amount

__all__ = [
    "KEY_PATTERN",
    "MAX_ITEMS",
    "MAX_TARGETS",
    "DiscountBatch",
    "DiscountCombinesWith",
    "DiscountContext",
    "DiscountMinimum",
    "DiscountSingle",
    "DiscountTargets",
    "DiscountUpsert",
    "DiscountValue",
    "StoredDocument",
    "StoredItem",
]

MAX_ITEMS: Final = 1_000
# Per list (products, variants, markets, customers): the writer reads a discount's current
# lists to replace them, and one read of 100 per list stays well under 1,000 cost points.
MAX_TARGETS: Final = 100
MAX_QUANTITY: Final = 1_000_000
MAX_USAGE_LIMIT: Final = 2**31 - 1  # an Int in GraphQL
KEY_PATTERN: Final = r"^[A-Za-z0-9][A-Za-z0-9_.-]{0,99}$"

_EMAIL = re.compile(r"[^@\s]+@[^@\s]+\.[^@\s]+")
_CUSTOMER_ID = re.compile(r"(?:gid://shopify/Customer/)?([0-9]{1,20})")

DiscountType = Literal["code", "automatic"]
Status = Literal["active", "deactivated"]


class StoredValue(TypedDict, total=False):
    percentage: float
    amount: str
    applies_on_each_item: bool


class StoredTargets(TypedDict, total=False):
    all: bool
    products: list[str]
    variants: list[str]


class StoredContext(TypedDict, total=False):
    all: bool
    markets: list[str]
    customers: list[str]


class StoredMinimum(TypedDict, total=False):
    subtotal: str
    quantity: int


class StoredCombinesWith(TypedDict, total=False):
    order: bool
    product: bool
    shipping: bool


class StoredItem(TypedDict):
    """One normalized discount in the stored event body; absent fields are not sent."""

    type: DiscountType
    code: NotRequired[str]
    key: NotRequired[str]
    title: NotRequired[str]
    value: NotRequired[StoredValue]
    applies_to: NotRequired[StoredTargets]
    context: NotRequired[StoredContext]
    minimum: NotRequired[StoredMinimum | None]  # null: no minimum
    starts_at: NotRequired[str]
    ends_at: NotRequired[str | None]  # null: no end
    usage_limit: NotRequired[int | None]  # null: unlimited
    applies_once_per_customer: NotRequired[bool]
    combines_with: NotRequired[StoredCombinesWith]
    status: NotRequired[Status]
    delete: NotRequired[bool]
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``discounts/upsert``, source ``discounts``."""

    shop: str
    items: list[StoredItem]


def _moment(value: object) -> str:
    """An ISO 8601 time with a UTC offset, stored as ``YYYY-MM-DDTHH:MM:SSZ`` in UTC."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 time, as in 2026-07-01T00:00:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO 8601 time, as in 2026-07-01T00:00:00Z") from None
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, as in 2026-07-01T00:00:00Z")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _customer(value: object) -> str:
    """An email as given, or a customer id (number or GID) as a GID."""
    message = "must be an email address or a customer id (a number or gid://shopify/Customer/<n>)"
    if isinstance(value, int) and not isinstance(value, bool):
        digits = str(value)
    elif isinstance(value, str) and _EMAIL.fullmatch(value.strip()):
        return value.strip()
    elif isinstance(value, str) and (match := _CUSTOMER_ID.fullmatch(value)):
        digits = match.group(1)
    else:
        raise ValueError(message)
    if int(digits) <= 0:
        raise ValueError(message)
    return f"gid://shopify/Customer/{int(digits)}"


Moment = Annotated[
    str,
    PlainValidator(_moment),
    WithJsonSchema({"type": "string", "format": "date-time", "examples": ["2026-07-01T00:00:00Z"]}),
]
CustomerRef = Annotated[
    str,
    PlainValidator(_customer),
    WithJsonSchema(
        {
            "anyOf": [
                {"type": "string", "format": "email"},
                {"type": "integer", "minimum": 1},
                {"type": "string", "pattern": r"^(gid://shopify/Customer/)?[0-9]+$"},
            ]
        }
    ),
]
Key = Annotated[str, Field(pattern=KEY_PATTERN)]


def _targets(what: str) -> Any:
    return Field(None, min_length=1, max_length=MAX_TARGETS, description=what)


class DiscountValue(BaseModel):
    """What the discount takes off: a percentage, or a fixed amount in the shop currency."""

    model_config = ConfigDict(extra="forbid", strict=True)

    percentage: float | None = Field(
        None, gt=0, le=100, description="Percent off, more than 0 and at most 100.", examples=[15]
    )
    amount: Amount | None = Field(None, description="A fixed amount off, a decimal string.")
    applies_on_each_item: bool | None = Field(
        None,
        description="With amount: take it off each eligible item (true) or once, spread "
        "over the eligible items (false, Shopify's default).",
    )


class DiscountTargets(BaseModel):
    """The items the discount applies to: all, or products and/or variants."""

    model_config = ConfigDict(extra="forbid", strict=True)

    all: Literal[True] | None = Field(None, description="Every item (the default on create).")
    products: list[Text] | None = _targets("Products by handle or GID (gid://shopify/Product/<n>).")
    variants: list[Text] | None = _targets(
        "Variants by SKU or GID (gid://shopify/ProductVariant/<n>)."
    )


class DiscountContext(BaseModel):
    """Who may use the discount: all buyers, buyers in some markets, or some customers."""

    model_config = ConfigDict(extra="forbid", strict=True)

    all: Literal[True] | None = Field(None, description="Every buyer (the default on create).")
    markets: list[Text] | None = _targets("Markets by name, handle or GID.")
    customers: list[CustomerRef] | None = _targets(
        "Customers by email, or by id (a number or GID)."
    )


class DiscountMinimum(BaseModel):
    """What an order needs for the discount: a subtotal or a quantity of eligible items."""

    model_config = ConfigDict(extra="forbid", strict=True)

    subtotal: Amount | None = Field(None, description="Minimum subtotal, a decimal string.")
    quantity: int | None = Field(None, ge=1, le=MAX_QUANTITY, description="Minimum quantity.")


class DiscountCombinesWith(BaseModel):
    """Which discount classes this discount combines with (absent: left as it is)."""

    model_config = ConfigDict(extra="forbid", strict=True)

    order: bool | None = None
    product: bool | None = None
    shipping: bool | None = None


_CODE_EXAMPLE: JsonDict = {
    "type": "code",
    "code": "SUMMER15",
    "title": "Summer 15% off tees",
    "value": {"percentage": 15},
    "applies_to": {"products": ["classic-tee"], "variants": ["MUG-RED"]},
    "minimum": {"subtotal": "40.00"},
    "starts_at": "2026-07-01T00:00:00Z",
    "ends_at": "2026-08-31T23:59:59Z",
    "usage_limit": 500,
    "applies_once_per_customer": True,
    "combines_with": {"shipping": True},
    "version": "2026-06-20T09:30:00Z",
}
_AUTOMATIC_EXAMPLE: JsonDict = {
    "type": "automatic",
    "title": "EU autumn: 10 EUR off",
    "value": {"amount": "10.00"},
    "context": {"markets": ["Europe"]},
    "minimum": {"quantity": 2},
    "version": 1042,
}


class DiscountUpsert(BaseModel):
    """One basic discount, created or updated by its code (or automatic title or key).

    Fields change only when sent; ends_at, usage_limit and minimum sent as null clear
    them; applies_to and context replace what the discount had. With delete, send only
    the type and the identity.
    """

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [_CODE_EXAMPLE, _AUTOMATIC_EXAMPLE]},
    )

    type: DiscountType = Field(description="'code' (customers enter it) or 'automatic'.")
    code: Text | None = Field(
        None, description="Code discounts: the code, and the upsert key (any case)."
    )
    key: Key | None = Field(
        None,
        description="Automatic discounts: an upsert key of your own, so that the title may "
        "change; kept in Shopify as the discount's tag 'shopbridge:<key>'.",
    )
    title: Text | None = Field(
        None,
        description="The name shown in the admin and at checkout. Automatic discounts without "
        "key are upserted by title; code discounts default to their code.",
    )
    value: DiscountValue | None = Field(None, description="Required by Shopify to create one.")
    applies_to: DiscountTargets | None = Field(
        None, description="Replaces the items the discount applies to (default on create: all)."
    )
    context: DiscountContext | None = Field(
        None, description="Replaces who may use it (default on create: all buyers)."
    )
    minimum: DiscountMinimum | None = Field(None, description="null: no minimum requirement.")
    starts_at: Moment | None = Field(None, description="Default on create: now.")
    ends_at: Moment | None = Field(None, description="After starts_at; null: no end.")
    usage_limit: int | None = Field(
        None, ge=1, le=MAX_USAGE_LIMIT, description="Code discounts: total uses; null: unlimited."
    )
    applies_once_per_customer: bool | None = Field(
        None, description="Code discounts: one use per customer."
    )
    combines_with: DiscountCombinesWith | None = None
    status: Status | None = Field(
        None,
        description="'deactivated' ends the discount now (Shopify's deactivate); 'active' "
        "reopens one that was deactivated.",
    )
    delete: Literal[True] | None = Field(
        None, description="Delete the discount (nothing happens if Shopify has none)."
    )
    version: Version | None = Field(
        None,
        description="The source's timestamp (epoch seconds, or ISO 8601 with a UTC offset) or "
        "sequence number. The newest version per discount wins; older ones are dropped as "
        "stale. Without one, the time shopbridge received the request is used.",
    )


class DiscountSingle(DiscountUpsert):
    """One discount sent alone (no items list)."""

    shop: ShopName = None


class DiscountBatch(BaseModel):
    """Up to 1,000 discounts for one shop, accepted or refused together."""

    model_config = ConfigDict(
        extra="forbid",
        strict=True,
        json_schema_extra={"examples": [{"items": [_CODE_EXAMPLE, _AUTOMATIC_EXAMPLE]}]},
    )

    shop: ShopName = None
    items: list[DiscountUpsert] = Field(min_length=1, max_length=MAX_ITEMS)
