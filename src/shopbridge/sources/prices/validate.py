"""Judge a whole prices request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.3.price``, exactly as for inventory
(whose shop and error helpers this reuses).
"""

from __future__ import annotations

from collections.abc import Mapping

from pydantic import ValidationError

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.prices.document import MAX_ITEMS, PriceUpdate, StoredDocument, StoredItem
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["normalize"]


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found = normalize_batch(payload, shops, received_at, _item, noun="price", limit=MAX_ITEMS)
    return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}


def _item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    found = len(problems)
    given = [key for key in ("sku", "variant_id") if raw.get(key) is not None]
    if not given:
        problems.append(FieldError(prefix + "sku", "required: give sku or variant_id"))
    elif len(given) == 2:
        problems.append(FieldError(prefix + "sku", "give sku or variant_id, not both"))
    if raw.get("price_list") is None and raw.get("price") is None and "compare_at_price" not in raw:
        problems.append(FieldError(prefix + "price", "required: give price or compare_at_price"))
    if raw.get("price_list") is not None:
        for key in ("price", "currency"):
            if raw.get(key) is None:
                problems.append(FieldError(prefix + key, "required with price_list"))
    elif raw.get("currency") is not None:
        problems.append(FieldError(prefix + "currency", "only with price_list"))
    try:
        update = PriceUpdate.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    if len(problems) > found:
        return None
    item: StoredItem = {
        "sku": update.sku,
        "variant_id": update.variant_id,
        "price": update.price,
        "price_list": update.price_list,
        "currency": update.currency,
        "version": update.version if update.version is not None else received_at,
    }
    if "compare_at_price" in update.model_fields_set:
        item["compare_at_price"] = update.compare_at_price
    return item
