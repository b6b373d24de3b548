"""A discount change as Shopify's ``DiscountCodeBasicInput``/``DiscountAutomaticBasicInput``.

Fields go out only when the change sent them (``null`` clears ``endsAt``, ``usageLimit``
and ``minimumRequirement``). Creating fills what Shopify needs or defaults: a code
discount's title is its code, ``startsAt`` is now, items are all items, buyers are all
buyers, and an automatic discount with a key carries the tag that holds it.

Shopify's item and buyer lists are edited (ids to add, ids to remove) rather than set,
so replacing a list means removing what the discount has and was not sent
(:class:`Current`). Markets are the exception: ``DiscountMarkets`` cannot be read in
every API version the registry is checked against, so every other market of the shop
is removed instead.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from .discount_changes import DiscountChange
from .discount_resolve import Targets

__all__ = ["Current", "discount_input", "needs_current"]


@dataclass(frozen=True, slots=True)
class Current:
    """The lists a discount has in Shopify now: what an update removes."""

    products: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()


def needs_current(change: DiscountChange) -> bool:
    """Whether updating needs the discount's current lists (products, variants, customers)."""
    targets = change.fields.get("applies_to") or {}
    context = change.fields.get("context") or {}
    return "products" in targets or "variants" in targets or "customers" in context


def discount_input(
    change: DiscountChange,
    targets: Targets,
    current: Current | None,
    *,
    creating: bool,
    now: str,
    shop_markets: Sequence[str],
) -> dict[str, Any]:
    """The input object for the create (``creating``) or update mutation of ``change``."""
    fields = change.fields
    given: dict[str, Any] = {}
    title = fields.get("title") or (fields.get("code") if creating else None)
    if title is not None:
        given["title"] = title
    if creating and change.kind == "code":
        given["code"] = fields["code"]
    if creating and change.tag is not None:
        given["tags"] = [change.tag]
    if "starts_at" in fields or creating:
        given["startsAt"] = fields.get("starts_at", now)
    if "ends_at" in fields:
        given["endsAt"] = fields["ends_at"]
    if "usage_limit" in fields:
        given["usageLimit"] = fields["usage_limit"]
    if "applies_once_per_customer" in fields:
        given["appliesOncePerCustomer"] = fields["applies_once_per_customer"]
    if "combines_with" in fields:
        given["combinesWith"] = {f"{k}Discounts": v for k, v in fields["combines_with"].items()}
    if "minimum" in fields:
        given["minimumRequirement"] = _minimum(fields["minimum"])
    gets: dict[str, Any] = {}
    if "value" in fields:
        gets["value"] = _value(fields["value"])
    if "applies_to" in fields or creating:
        gets["items"] = _items(fields.get("applies_to"), targets, current or Current())
    if gets:
        given["customerGets"] = gets
    if "context" in fields or creating:
        given["context"] = _context(fields.get("context"), targets, current or Current(),
                                    shop_markets)  # fmt: skip
    return given


def _value(value: Mapping[str, Any]) -> dict[str, Any]:
    if "percentage" in value:  # 15 (percent) here, 0.15 in Shopify: no float rounding noise
        return {"percentage": float(Decimal(str(value["percentage"])) / 100)}
    amount: dict[str, Any] = {"amount": value["amount"]}
    if "applies_on_each_item" in value:
        amount["appliesOnEachItem"] = value["applies_on_each_item"]
    return {"discountAmount": amount}


def _minimum(minimum: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if minimum is None:
        return None
    if "subtotal" in minimum:
        return {"subtotal": {"greaterThanOrEqualToSubtotal": minimum["subtotal"]}}
    return {"quantity": {"greaterThanOrEqualToQuantity": str(minimum["quantity"])}}


def _edit(add: str, remove: str, wanted: Sequence[str], had: Sequence[str]) -> dict[str, Any]:
    """``{add: wanted, remove: had but not wanted}``, leaving out empty lists."""
    dropped = [gid for gid in had if gid not in wanted]
    return {key: ids for key, ids in ((add, list(wanted)), (remove, dropped)) if ids}


def _items(given: Mapping[str, Any] | None, targets: Targets, current: Current) -> dict[str, Any]:
    if given is None or given.get("all"):
        return {"all": True}
    products = _edit("productsToAdd", "productsToRemove", targets.products, current.products)
    variants = _edit(
        "productVariantsToAdd", "productVariantsToRemove", targets.variants, current.variants
    )
    return {"products": {**products, **variants}}


def _context(
    given: Mapping[str, Any] | None,
    targets: Targets,
    current: Current,
    shop_markets: Sequence[str],
) -> dict[str, Any]:
    if given is None or given.get("all"):
        return {"all": "ALL"}
    if "markets" in given:
        return {"markets": _edit("add", "remove", targets.markets, shop_markets)}
    return {"customers": _edit("add", "remove", targets.customers, current.customers)}
