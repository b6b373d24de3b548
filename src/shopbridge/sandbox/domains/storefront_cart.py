"""Reading carts: ``cart(id:)`` and the fields of ``Cart`` and ``CartLine``.

Lines whose variant was deleted or unpublished since it was added drop out of the
cart when read. The sandbox has no discount engine, gift cards or selling plans, so
discount allocations and applications are empty, gift cards none and selling-plan
allocations ``null``; delivery groups and metafields are not supported.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.storefront_cart_store import (
    cart_cost,
    checkout_url,
    find_cart,
    line_cost,
    live_lines,
)
from shopbridge.sandbox.domains.storefront_stock import visible_variant
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["storefront_cart"]

storefront_cart = Domain("storefront_cart", api="storefront")


def _state(info: Info) -> State:
    return context_of(info).state


def _attribute(owner: Mapping[str, Any], key: str) -> dict[str, Any] | None:
    return next((a for a in owner["attributes"] if a["key"] == key), None)


@storefront_cart.query("cart")
def cart(_root: None, info: Info, id: str) -> Doc | None:
    return find_cart(_state(info), id)


@storefront_cart.field("Cart", "lines")
def cart_lines(found: Doc, info: Info, **args: Any) -> dict[str, Any]:
    lines = [line for line, _variant in live_lines(_state(info), found)]
    return paginate(lines, args, item_id=lambda line: int(line["n"]))


@storefront_cart.field("Cart", "totalQuantity")
def cart_total_quantity(found: Doc, info: Info) -> int:
    return sum(line["quantity"] for line, _variant in live_lines(_state(info), found))


@storefront_cart.field("Cart", "cost")
def cart_cost_field(found: Doc, info: Info) -> dict[str, Any]:
    return cart_cost(_state(info), found)


@storefront_cart.field("Cart", "checkoutUrl")
def cart_checkout_url(found: Doc, info: Info) -> str:
    return checkout_url(context_of(info).config.shop_domain, found)


@storefront_cart.field("Cart", "attribute")
def cart_attribute(found: Doc, _info: Info, key: str) -> dict[str, Any] | None:
    return _attribute(found, key)


@storefront_cart.field("Cart", "discountAllocations")
def cart_discount_allocations(_found: Doc, _info: Info) -> list[Any]:
    return []


@storefront_cart.field("Cart", "discountApplications")
def cart_discount_applications(_found: Doc, _info: Info) -> list[Any]:
    return []


@storefront_cart.field("Cart", "appliedGiftCards")
def cart_gift_cards(_found: Doc, _info: Info) -> list[Any]:
    return []


@storefront_cart.field("CartLine", "merchandise")
def line_merchandise(line: Doc, info: Info) -> Doc | None:
    return visible_variant(_state(info), line["merchandiseId"])


@storefront_cart.field("CartLine", "cost")
def line_cost_field(line: Doc, info: Info) -> dict[str, Any] | None:
    state = _state(info)
    variant = visible_variant(state, line["merchandiseId"])
    return None if variant is None else line_cost(state, line, variant)


@storefront_cart.field("CartLine", "attribute")
def line_attribute(line: Doc, _info: Info, key: str) -> dict[str, Any] | None:
    return _attribute(line, key)


@storefront_cart.field("CartLine", "discountAllocations")
def line_discount_allocations(_line: Doc, _info: Info, **_args: Any) -> list[Any]:
    return []


@storefront_cart.field("CartLine", "sellingPlanAllocation")
def line_selling_plan(_line: Doc, _info: Info) -> None:
    return None


@storefront_cart.field("CartLine", "parentRelationship")
def line_parent(_line: Doc, _info: Info) -> None:
    return None
