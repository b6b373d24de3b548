"""Read what a custom pixel posts: Web Pixels events, one or a batch, checked field by field.

Three body shapes are accepted:

* one event, as ``analytics.subscribe`` hands it to the pixel (``{"id", "name", …}``);
* a JSON array of events;
* ``{"events": [...], "customer_id": "…"}``, which lets the pixel say who is logged in
  (``init.data.customer.id``), since the events themselves do not.

Each event needs the standard envelope: ``id`` (the dedupe key), ``name``,
``timestamp`` (ISO 8601) and ``clientId`` (the browser's id); ``type``, ``seq``,
``context`` and ``data`` are optional, other fields pass through. A ``product_viewed``
event needs ``data.productVariant.product.id``. Events are kept exactly as sent. The
verdict lists every problem with its path (``events.3.clientId``), or none.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Annotated, Any

from pydantic import (
    BaseModel,
    ConfigDict,
    Field,
    StrictInt,
    StrictStr,
    ValidationError,
    field_validator,
)

from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONObject, JSONValue

from .shapes import numeric_id

__all__ = ["PixelBatch", "PixelEvent", "product_of", "read_batch"]

Text = Annotated[StrictStr, Field(min_length=1, max_length=128)]


class _Envelope(BaseModel):
    """The fields every Web Pixels event carries (``@shopify/web-pixels-extension``)."""

    model_config = ConfigDict(extra="allow")

    id: Text
    name: Annotated[StrictStr, Field(min_length=1, max_length=64)]
    type: StrictStr | None = None
    timestamp: datetime
    clientId: Text
    seq: StrictInt | None = None
    context: dict[str, Any] | None = None
    data: dict[str, Any] | None = None


class _Product(BaseModel):
    model_config = ConfigDict(extra="allow")
    id: Any

    @field_validator("id")
    @classmethod
    def _an_id(cls, value: Any) -> Any:
        if isinstance(value, bool) or not isinstance(value, str | int) or value in ("", 0):
            raise ValueError("must be the product's id (a string or an integer)")
        return value


class _Variant(BaseModel):
    model_config = ConfigDict(extra="allow")
    product: _Product


class _ProductViewed(BaseModel):
    model_config = ConfigDict(extra="allow")
    productVariant: _Variant


@dataclass(frozen=True, slots=True)
class PixelEvent:
    """One accepted event: its id, name and browser, and the event exactly as sent."""

    id: str
    name: str
    client_id: str
    raw: JSONObject


@dataclass(frozen=True, slots=True)
class PixelBatch:
    events: list[PixelEvent]
    customer_id: str | None


def read_batch(payload: JSONValue, max_events: int) -> PixelBatch | list[FieldError]:
    """The events of a collector request, or every problem found (nothing half-read)."""
    problems: list[FieldError] = []
    customer_id: str | None = None
    if isinstance(payload, dict) and "events" in payload:
        for key in sorted(payload.keys() - {"events", "customer_id"}):
            problems.append(FieldError(key, "unknown field (expected events and customer_id)"))
        raw_customer = payload.get("customer_id")
        if raw_customer is not None:
            customer_id = numeric_id(raw_customer)
            if customer_id is None:
                problems.append(
                    FieldError(
                        "customer_id", "must be a customer id (7 or gid://shopify/Customer/7)"
                    )
                )
        entries, prefix = payload["events"], "events."
    elif isinstance(payload, list):
        entries, prefix = payload, ""
    elif isinstance(payload, dict):
        entries, prefix = [payload], None
    else:
        return [FieldError("body", "must be a Web Pixels event, an array of them, or {events}")]
    if not isinstance(entries, list) or not 1 <= len(entries) <= max_events:
        where = "events" if prefix == "events." else "body"
        return [FieldError(where, f"must hold 1 to {max_events} events")]
    events = [
        _event(raw, "" if prefix is None else f"{prefix}{index}.", problems)
        for index, raw in enumerate(entries)
    ]
    if problems:
        return problems
    return PixelBatch([e for e in events if e is not None], customer_id)


def _event(raw: object, prefix: str, problems: list[FieldError]) -> PixelEvent | None:
    if not isinstance(raw, dict):
        problems.append(FieldError(prefix.rstrip(".") or "body", "must be an event object"))
        return None
    try:
        envelope = _Envelope.model_validate(raw)
    except ValidationError as exc:
        problems.extend(_errors(exc, prefix))
        return None
    if envelope.name == "product_viewed":
        try:
            _ProductViewed.model_validate(envelope.data or {})
        except ValidationError as exc:
            problems.extend(_errors(exc, f"{prefix}data."))
            return None
    return PixelEvent(envelope.id, envelope.name, envelope.clientId, raw)


def _errors(exc: ValidationError, prefix: str) -> list[FieldError]:
    return [
        FieldError(
            prefix + ".".join(str(part) for part in error["loc"]),
            error["msg"].removeprefix("Value error, "),
        )
        for error in exc.errors()
    ]


def product_of(event: Mapping[str, Any]) -> tuple[str | None, JSONObject]:
    """A ``product_viewed`` event's product id (numeric) and its product and variant in short."""
    data = event.get("data")
    variant = data.get("productVariant") if isinstance(data, Mapping) else None
    variant = variant if isinstance(variant, Mapping) else {}
    product = variant.get("product")
    product = product if isinstance(product, Mapping) else {}
    price = variant.get("price")
    image = variant.get("image")
    return numeric_id(product.get("id")), {
        "product": {
            "id": numeric_id(product.get("id")),
            "title": product.get("title"),
            "vendor": product.get("vendor"),
            "type": product.get("type"),
            "url": product.get("url"),
        },
        "variant": {
            "id": numeric_id(variant.get("id")),
            "sku": variant.get("sku"),
            "title": variant.get("title"),
            "price": price if isinstance(price, dict) else None,
            "image": image.get("src") if isinstance(image, Mapping) else None,
        },
    }
