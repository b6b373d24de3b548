"""Judge a whole shipments request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.2.tracking.urls``, as for inventory and
products (whose shop and error helpers this reuses). Checked here: the shape, exactly
one way to name the order, something to do (lines, tracking or a status), a SKU
listed once, tracking URLs matching the numbers, event details only with a status.
What only Shopify knows (the order exists, the SKUs are on it, enough is left to
fulfil) is the writer's to check: a refusal there is a dead item with its reason.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.fulfillments.document import (
    MAX_ITEMS,
    OrderLookup,
    ShipmentUpdate,
    StoredDocument,
    StoredItem,
    StoredLine,
)
from shopbridge.sources.fulfillments.settings import OrderReferenceSettings
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["normalizer", "order_lookup"]

_ORDER_FIELDS = ("order_id", "order_name", "order_reference")
_EVENT_DETAILS = ("status_message", "happened_at", "estimated_delivery_at")

Normalize = Callable[
    [JSONValue, Mapping[str, ShopSettings], float], StoredDocument | list[FieldError]
]


def normalizer(reference: OrderReferenceSettings) -> Normalize:
    """The request judge, finding ``order_reference`` where ``reference`` says."""

    def normalize(
        payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
    ) -> StoredDocument | list[FieldError]:
        """The document to store, or every problem found (never a partial document)."""

        def read(
            prefix: str, raw: dict[str, JSONValue], at: float, problems: list[FieldError]
        ) -> StoredItem | None:
            return _item(prefix, raw, at, problems, reference)

        found = normalize_batch(payload, shops, received_at, read, noun="shipment", limit=MAX_ITEMS)
        return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}

    return normalize


def order_lookup(update: ShipmentUpdate, reference: OrderReferenceSettings) -> OrderLookup:
    """How the writer will find the order the update names."""
    if update.order_id is not None:
        return {"by": "id", "value": update.order_id}
    if update.order_name is not None:
        return {"by": "name", "value": update.order_name.strip()}
    value = (update.order_reference or "").strip()
    if reference.type == "tag":
        return {"by": "tag", "value": reference.prefix + value}
    if reference.type == "metafield":
        return {
            "by": "metafield",
            "value": value,
            "namespace": reference.namespace or "",
            "key": reference.key or "",
        }
    return {"by": reference.type, "value": value}


def _item(
    prefix: str,
    raw: dict[str, JSONValue],
    received_at: float,
    problems: list[FieldError],
    reference: OrderReferenceSettings,
) -> StoredItem | None:
    found = len(problems)
    named = [name for name in _ORDER_FIELDS if raw.get(name) is not None]
    if not named:
        message = "required: give order_id, order_name or order_reference"
        problems.append(FieldError(prefix + "order_id", message))
    elif len(named) > 1:
        message = f"give one of order_id, order_name, order_reference, not {' and '.join(named)}"
        problems.append(FieldError(prefix + named[1], message))
    try:
        update = ShipmentUpdate.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, _untagged(error)) for error in exc.errors())
        return None
    _check(prefix, update, problems)
    if len(problems) > found:
        return None
    item = StoredItem(
        shipment_id=update.shipment_id,
        order=order_lookup(update, reference),
        notify_customer=update.notify_customer,
        version=update.version if update.version is not None else received_at,
    )
    if update.lines is not None:
        item["lines"] = (
            "all"
            if update.lines == "all"
            else [StoredLine(sku=line.sku, quantity=line.quantity) for line in update.lines]
        )
    if update.tracking is not None:
        item["tracking"] = {
            "company": update.tracking.company,
            "numbers": list(update.tracking.numbers),
            "urls": list(update.tracking.urls),
        }
    if update.status is not None:
        item["status"] = update.status.upper()
        for name in _EVENT_DETAILS:
            value = getattr(update, name)
            if value is not None:
                item[name] = value  # type: ignore[literal-required]
    return item


def _untagged(error: ErrorDetails) -> ErrorDetails:
    """The error without the union tag in its path (``lines.list.1`` reads ``lines.1``)."""
    loc = error["loc"]
    if len(loc) > 1 and loc[0] == "lines" and loc[1] in ("all", "list"):
        return {**error, "loc": (loc[0], *loc[2:])}
    return error


def _check(prefix: str, update: ShipmentUpdate, problems: list[FieldError]) -> None:
    if update.lines is None and update.tracking is None and update.status is None:
        message = "required: send lines, tracking or a status (nothing to do otherwise)"
        problems.append(FieldError(prefix + "lines", message))
    if isinstance(update.lines, list):
        seen: set[str] = set()
        for index, line in enumerate(update.lines):
            if line.sku in seen:
                message = f"'{line.sku}' is listed twice: give its total quantity once"
                problems.append(FieldError(f"{prefix}lines.{index}.sku", message))
            seen.add(line.sku)
    tracking = update.tracking
    if tracking is not None:
        if tracking.urls and len(tracking.urls) != len(tracking.numbers):
            message = "give one URL per tracking number, in the same order, or none"
            problems.append(FieldError(prefix + "tracking.urls", message))
        if not (tracking.company or tracking.numbers):
            problems.append(FieldError(prefix + "tracking", "give a company or numbers"))
    if update.status is None:
        for name in _EVENT_DETAILS:
            if getattr(update, name) is not None:
                problems.append(FieldError(prefix + name, "only with a status"))
