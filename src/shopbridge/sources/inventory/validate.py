"""Judge a whole inventory request and report every bad item, or normalize it.

A batch is all or nothing: one bad item refuses the request, and the answer
lists every problem of every item (as ``items.3.quantity``) so that a caller
fixes them in one round trip. A single update's paths have no prefix.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import TypeVar

from pydantic import ValidationError
from pydantic_core import ErrorDetails

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.inventory.document import (
    MAX_ITEMS,
    InventoryUpdate,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["field_error", "normalize", "normalize_batch", "resolve_shop"]

T = TypeVar("T")
# (path prefix, the item (an object), received at, problems) -> the stored item or None
ItemReader = Callable[[str, dict[str, JSONValue], float, list[FieldError]], T | None]

_PAIRS = (("sku", "inventory_item_id"), ("location", "location_id"))


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found = normalize_batch(payload, shops, received_at, _item, noun="update", limit=MAX_ITEMS)
    return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}


def normalize_batch(
    payload: JSONValue,
    shops: Mapping[str, ShopSettings],
    received_at: float,
    item: ItemReader[T],
    *,
    noun: str,
    limit: int,
) -> tuple[str, list[T]] | list[FieldError]:
    """The shop and the items of one item or ``{"shop", "items": [...]}``, or every problem.

    Shared by the Shopify-write ingresses (inventory, prices, products): each reads
    its own items with ``item(prefix, raw, received_at, problems)``.
    """
    if not isinstance(payload, dict):
        return [FieldError("body", f'must be a JSON object: one {noun}, or {{"items": [...]}}')]
    problems: list[FieldError] = []
    shop = resolve_shop(payload.get("shop"), shops, problems)
    if "items" in payload:
        for key in payload.keys() - {"shop", "items"}:
            problems.append(FieldError(key, "unknown field"))
        raw_items = payload["items"]
        if not isinstance(raw_items, list) or not 1 <= len(raw_items) <= limit:
            problems.append(FieldError("items", f"must be a list of 1 to {limit:,} {noun}s"))
            return problems
        entries = [(f"items.{index}.", raw) for index, raw in enumerate(raw_items)]
    else:
        entries = [("", {k: v for k, v in payload.items() if k != "shop"})]
    items: list[T | None] = []
    for prefix, raw in entries:
        if isinstance(raw, dict):
            items.append(item(prefix, raw, received_at, problems))
        else:
            problems.append(FieldError(prefix.rstrip(".") or "body", "must be an object"))
    if problems or shop is None:
        return problems
    return shop, [found for found in items if found is not None]


def resolve_shop(
    given: JSONValue, shops: Mapping[str, ShopSettings], problems: list[FieldError]
) -> str | None:
    names = ", ".join(sorted(shops)) or "none"
    if given is None:
        if len(shops) == 1:
            name = next(iter(shops))
        else:
            problems.append(FieldError("shop", f"required: name one of the shops ({names})"))
            return None
    elif not isinstance(given, str):
        problems.append(FieldError("shop", "must be a string"))
        return None
    elif given in shops:
        name = given
    else:
        by_domain = {s.domain: n for n, s in shops.items()}
        if given.strip().lower() not in by_domain:
            problems.append(FieldError("shop", f"unknown shop '{given}' (configured: {names})"))
            return None
        name = by_domain[given.strip().lower()]
    if not shops[name].admin_api_enabled:
        problems.append(
            FieldError(
                "shop",
                f"shop '{name}' has no Admin API credentials in shopbridge.yaml "
                "(access_token, or client_id and client_secret), so nothing can be written to it",
            )
        )
        return None
    return name


def _item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    found = len(problems)
    for first, second in _PAIRS:
        given = [key for key in (first, second) if raw.get(key) is not None]
        if not given:
            problems.append(FieldError(prefix + first, f"required: give {first} or {second}"))
        elif len(given) == 2:
            problems.append(FieldError(prefix + first, f"give {first} or {second}, not both"))
    try:
        update = InventoryUpdate.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    if len(problems) > found:
        return None
    return {
        "sku": update.sku,
        "inventory_item_id": update.inventory_item_id,
        "location": update.location,
        "location_id": update.location_id,
        "name": update.name,
        "quantity": update.quantity,
        "version": update.version if update.version is not None else received_at,
    }


def field_error(prefix: str, error: ErrorDetails) -> FieldError:
    path = prefix + ".".join(str(part) for part in error["loc"])
    if error["type"] == "missing":
        message = "required"
    elif error["type"] == "extra_forbidden":
        message = "unknown field"
    elif error["type"] == "value_error":
        message = str(error.get("ctx", {}).get("error", error["msg"]))
    else:
        message = error["msg"]
    return FieldError(path.rstrip(".") or "body", message)
