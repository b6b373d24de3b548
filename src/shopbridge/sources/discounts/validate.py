"""Judge a whole discounts request and report every bad item, or normalize it.

All or nothing, with paths such as ``items.3.value.percentage``, as for inventory,
prices and products (whose shop and error helpers this reuses). Checked here: the
shape, the identity each type needs (code; automatic title or key), fields that
belong to code discounts only, one kind of value, targets and buyers each, a
minimum of one kind, ``ends_at`` after ``starts_at``, and nothing but the identity
with ``delete``. Whether handles, SKUs, markets and customers exist is the writer's
to find out (an unknown one makes a dead item with its reason).
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from pydantic import ValidationError

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.discounts.document import (
    MAX_ITEMS,
    DiscountContext,
    DiscountTargets,
    DiscountUpsert,
    StoredDocument,
    StoredItem,
)
from shopbridge.sources.inventory.validate import field_error, normalize_batch
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = ["normalize"]

_IDENTITY: Final = frozenset({"type", "code", "key", "title", "delete", "version"})
_CODE_ONLY: Final = ("code", "usage_limit", "applies_once_per_customer")
_CLEARABLE: Final = ("minimum", "ends_at", "usage_limit")  # null is sent: it clears
_LISTS: Final = ("products", "variants", "markets", "customers")


def normalize(
    payload: JSONValue, shops: Mapping[str, ShopSettings], received_at: float
) -> StoredDocument | list[FieldError]:
    """The document to store, or every problem found (never a partial document)."""
    found = normalize_batch(payload, shops, received_at, _item, noun="discount", limit=MAX_ITEMS)
    return found if isinstance(found, list) else {"shop": found[0], "items": found[1]}


def _item(
    prefix: str, raw: dict[str, JSONValue], received_at: float, problems: list[FieldError]
) -> StoredItem | None:
    found = len(problems)
    _check_identity(prefix, raw, problems)  # on the raw item: reported with shape errors
    try:
        discount = DiscountUpsert.model_validate(raw)
    except ValidationError as exc:
        problems.extend(field_error(prefix, error) for error in exc.errors())
        return None
    if not discount.delete:
        _check_offer(prefix, discount, problems)
    if len(problems) > found:
        return None
    return _stored(discount, received_at)


def _check_identity(prefix: str, raw: dict[str, JSONValue], problems: list[FieldError]) -> None:
    """What the type needs and allows, and nothing but the identity with ``delete``."""
    if raw.get("type") == "code":
        if raw.get("code") is None:
            problems.append(FieldError(prefix + "code", "required for a code discount"))
        if raw.get("key") is not None:
            message = "only for automatic discounts: a code discount is keyed by its code"
            problems.append(FieldError(prefix + "key", message))
    elif raw.get("type") == "automatic":
        for name in _CODE_ONLY:
            if name in raw:
                problems.append(FieldError(prefix + name, "only for code discounts"))
        if raw.get("key") is None and raw.get("title") is None:
            message = "required: an automatic discount is keyed by its title (or give key)"
            problems.append(FieldError(prefix + "title", message))
    if raw.get("delete") is True:
        for name in DiscountUpsert.model_fields:
            if name in raw and name not in _IDENTITY:
                message = "not with delete: send the identity only"
                problems.append(FieldError(prefix + name, message))


def _check_offer(prefix: str, discount: DiscountUpsert, problems: list[FieldError]) -> None:
    value = discount.value
    if value is not None:
        where = prefix + "value"
        if value.percentage is None and value.amount is None:
            problems.append(FieldError(where, "required: give percentage or amount"))
        elif value.percentage is not None and value.amount is not None:
            problems.append(FieldError(where, "give percentage or amount, not both"))
        if value.applies_on_each_item is not None and value.amount is None:
            problems.append(FieldError(where + ".applies_on_each_item", "only with amount"))
        if value.amount is not None and Decimal(value.amount) == 0:
            problems.append(FieldError(where + ".amount", "must be more than 0"))
    if discount.applies_to is not None:
        targets = ("products", "variants")
        _one_of(prefix + "applies_to", discount.applies_to, targets, problems, together=True)
    if discount.context is not None:
        buyers = ("markets", "customers")
        _one_of(prefix + "context", discount.context, buyers, problems, together=False)
    minimum = discount.minimum
    if minimum is not None:
        if (minimum.subtotal is None) == (minimum.quantity is None):
            problems.append(FieldError(prefix + "minimum", "give subtotal or quantity (one)"))
        if minimum.subtotal is not None and Decimal(minimum.subtotal) == 0:
            problems.append(FieldError(prefix + "minimum.subtotal", "must be more than 0"))
    starts, ends = discount.starts_at, discount.ends_at
    if starts is not None and ends is not None and ends <= starts:  # both UTC, one format
        problems.append(FieldError(prefix + "ends_at", "must be after starts_at"))


def _one_of(
    where: str,
    given: DiscountTargets | DiscountContext,
    lists: tuple[str, ...],
    problems: list[FieldError],
    *,
    together: bool,
) -> None:
    """``all: true``, or one of ``lists`` (or several, when they may go ``together``)."""
    named = [name for name in lists if getattr(given, name) is not None]
    choices = " or ".join(("all", *lists))
    if given.all and named:
        problems.append(FieldError(where, "give all or a list, not both"))
    elif not given.all and not named:
        problems.append(FieldError(where, f"required: give {choices}"))
    elif len(named) > 1 and not together:
        problems.append(FieldError(where, f"give {' or '.join(lists)}, not both"))


def _stored(discount: DiscountUpsert, received_at: float) -> StoredItem:
    fields: dict[str, Any] = discount.model_dump(exclude_none=True, exclude={"version"})
    for name in _CLEARABLE:
        if name in discount.model_fields_set and getattr(discount, name) is None:
            fields[name] = None
    for group in ("applies_to", "context"):
        for name in _LISTS:
            if name in fields.get(group, {}):
                fields[group][name] = list(dict.fromkeys(fields[group][name]))
    fields["version"] = discount.version if discount.version is not None else received_at
    item: StoredItem = fields  # type: ignore[assignment]
    return item
