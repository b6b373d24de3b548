"""What callers send to ``POST /v1/fulfillments``, and what we store for the writer.

A shipment is the WMS's own record (``shipment_id``) of parcels leaving for one order:
its lines (by SKU and quantity, or ``"all"``), its carrier and tracking, and the
carrier's latest status. Each call states the shipment as the WMS knows it now; calls
for one shipment coalesce (the newest version wins). The first call that reaches
Shopify creates the fulfillment; later ones update its tracking and record new
statuses as fulfillment events. The order is named by exactly one of ``order_id``,
``order_name`` or ``order_reference``.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Annotated, Final, Literal, NotRequired, TypedDict
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    PlainValidator,
    Tag,
    WithJsonSchema,
)
from pydantic.config import JsonDict

from shopbridge.sources.inventory.document import ShopName, Text, Version, id_schema, to_gid

__all__ = [
    "MAX_ITEMS",
    "MAX_LINES",
    "MAX_TRACKING_NUMBERS",
    "SHIPMENT_STATUSES",
    "OrderLookup",
    "ShipmentBatch",
    "ShipmentLine",
    "ShipmentSingle",
    "ShipmentStatus",
    "ShipmentUpdate",
    "StoredDocument",
    "StoredItem",
    "StoredLine",
    "StoredTracking",
    "Tracking",
]

MAX_ITEMS: Final = 1_000
MAX_LINES: Final = 250
MAX_TRACKING_NUMBERS: Final = 50
MAX_QUANTITY: Final = 100_000
MAX_URL_CHARS: Final = 2_048

# FulfillmentEventStatus (2026-07), lower case as REST and webhooks write it.
ShipmentStatus = Literal[
    "label_purchased",
    "label_printed",
    "ready_for_pickup",
    "confirmed",
    "carrier_picked_up",
    "in_transit",
    "out_for_delivery",
    "attempted_delivery",
    "delayed",
    "delivered",
    "failure",
]
SHIPMENT_STATUSES: Final[tuple[str, ...]] = ShipmentStatus.__args__  # type: ignore[attr-defined]


def _moment(value: object) -> str:
    """An ISO 8601 time with a UTC offset, as Shopify's ``DateTime`` (``…Z``)."""
    if not isinstance(value, str):
        raise ValueError("must be an ISO 8601 time such as 2026-07-01T12:00:00Z")
    try:
        moment = datetime.fromisoformat(value)
    except ValueError:
        raise ValueError("must be an ISO 8601 time such as 2026-07-01T12:00:00Z") from None
    if moment.tzinfo is None:
        raise ValueError("needs a UTC offset, as in 2026-07-01T12:00:00Z")
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


def _url(value: object) -> str:
    """An absolute http(s) URL (Shopify takes RFC 3986 URIs for tracking links)."""
    if not isinstance(value, str) or len(value) > MAX_URL_CHARS:
        raise ValueError("must be an http(s) URL")
    parts = urlsplit(value)
    if parts.scheme not in ("http", "https") or not parts.netloc or any(c.isspace() for c in value):
        raise ValueError("must be an http(s) URL such as https://carrier.example/track?n=1Z9")
    return value


Moment = Annotated[
    str, PlainValidator(_moment), WithJsonSchema({"type": "string", "format": "date-time"})
]
Url = Annotated[
    str,
    PlainValidator(_url),
    WithJsonSchema({"type": "string", "format": "uri", "maxLength": 2048}),
]
OrderId = Annotated[str, PlainValidator(to_gid("Order")), WithJsonSchema(id_schema("Order"))]


class StoredLine(TypedDict):
    sku: str
    quantity: int


class StoredTracking(TypedDict):
    company: str | None
    numbers: list[str]
    urls: list[str]


class OrderLookup(TypedDict):
    """How the writer finds the order: ``by`` id, name, tag, metafield, source_identifier or
    po_number, and the value (a metafield lookup also names its namespace and key)."""

    by: str
    value: str
    namespace: NotRequired[str]
    key: NotRequired[str]


class StoredItem(TypedDict):
    """One normalized shipment in the stored event body; absent parts are not changed."""

    shipment_id: str
    order: OrderLookup
    lines: NotRequired[Literal["all"] | list[StoredLine]]
    tracking: NotRequired[StoredTracking]
    notify_customer: bool
    status: NotRequired[str]  # FulfillmentEventStatus, upper case
    status_message: NotRequired[str]
    happened_at: NotRequired[str]
    estimated_delivery_at: NotRequired[str]
    version: float


class StoredDocument(TypedDict):
    """The stored event body: topic ``fulfillments/upsert``, source ``fulfillments``."""

    shop: str
    items: list[StoredItem]


_EXAMPLE: JsonDict = {
    "shipment_id": "WMS-SHP-20417",
    "order_name": "#1001",
    "lines": [{"sku": "TEE-M", "quantity": 2}],
    "tracking": {
        "company": "UPS",
        "numbers": ["1Z999AA10123456784"],
        "urls": ["https://www.ups.com/track?tracknum=1Z999AA10123456784"],
    },
    "notify_customer": True,
    "status": "in_transit",
    "version": "2026-07-01T12:00:00Z",
}


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ShipmentLine(_Strict):
    """Units of one SKU in the shipment."""

    sku: Text
    quantity: int = Field(ge=1, le=MAX_QUANTITY)


class Tracking(_Strict):
    """The carrier and the parcels' tracking numbers (and URLs, in the same order)."""

    company: Text | None = Field(
        None,
        description="The carrier, as Shopify names it (UPS, FedEx, DHL Express…), so that "
        "Shopify builds tracking links and follows the shipment itself.",
        examples=["UPS"],
    )
    numbers: list[Text] = Field(default_factory=list, max_length=MAX_TRACKING_NUMBERS)
    urls: list[Url] = Field(
        default_factory=list,
        max_length=MAX_TRACKING_NUMBERS,
        description="One per tracking number, in the same order (or none).",
    )


def _lines_kind(value: object) -> str:
    return "all" if isinstance(value, str) else "list"


# "all" or a list; the discriminator makes a bad list report its own errors only.
Lines = Annotated[
    Annotated[Literal["all"], Tag("all")]
    | Annotated[list[ShipmentLine], Field(min_length=1, max_length=MAX_LINES), Tag("list")],
    Discriminator(_lines_kind),
]


class ShipmentUpdate(_Strict):
    """One shipment as the WMS knows it now: its order, lines, tracking and status."""

    model_config = ConfigDict(json_schema_extra={"examples": [_EXAMPLE]})

    shipment_id: Text = Field(
        description="The WMS's id of the shipment: a shipment sent twice is fulfilled once.",
        examples=["WMS-SHP-20417"],
    )
    order_id: OrderId | None = Field(
        None, description="Shopify's order id, a number or a GID.", examples=[450789469]
    )
    order_name: Text | None = Field(None, description="The order's name.", examples=["#1001"])
    order_reference: Text | None = Field(
        None,
        description="The ERP's reference for the order, found where fulfillments."
        "order_reference in shopbridge.yaml says (a tag by default).",
        examples=["SO-778"],
    )
    lines: Lines | None = Field(
        None,
        description="'all' (every line left to fulfil) or SKUs and quantities, spread over "
        "the order's open fulfillment orders at one location. Needed to create the "
        "fulfillment; ignored once it exists.",
    )
    tracking: Tracking | None = Field(
        None, description="Replaces the fulfillment's tracking when it differs."
    )
    notify_customer: bool = Field(
        False, description="Send the customer the shipping confirmation or update email."
    )
    status: ShipmentStatus | None = Field(
        None,
        description="The carrier's latest status, recorded as a fulfillment event unless the "
        "newest event already says it.",
    )
    status_message: Text | None = Field(None, description="A message for the event.")
    happened_at: Moment | None = Field(None, description="When the status happened.")
    estimated_delivery_at: Moment | None = Field(None, description="The carrier's estimate.")
    version: Version | None = Field(
        None,
        description="The WMS's timestamp or sequence number. The newest version per shipment "
        "wins; older ones are dropped as stale. Without one, the time of receipt is used.",
    )


class ShipmentSingle(ShipmentUpdate):
    """One shipment sent alone (no items list)."""

    shop: ShopName = None


class ShipmentBatch(_Strict):
    """Up to 1,000 shipments for one shop, accepted or refused together."""

    model_config = ConfigDict(json_schema_extra={"examples": [{"items": [_EXAMPLE]}]})

    shop: ShopName = None
    items: list[ShipmentUpdate] = Field(min_length=1, max_length=MAX_ITEMS)
