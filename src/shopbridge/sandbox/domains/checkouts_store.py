"""Checkouts in the store (no GraphQL here): documents, lines, totals, the abandoned rule.

A checkout is one ``AbandonedCheckout`` document, whether or not it was abandoned:
its GraphQL fields plus ``_``-prefixed keys the Admin API does not show (the REST
``token`` and ``cart_token``, the shopper's contact, ``_abandonedAt``, the order it
became). Its line items live inside it, shaped as ``AbandonedCheckoutLineItem``.

Choices made here, since the checkout itself is not an Admin API resource:

* tokens are 32 hex digits derived from the store's seed and the checkout id, so a
  replayed scenario gives the same tokens; the recovery link is
  ``https://<shop domain>/<shop id>/checkouts/<token>/recover?key=<32 hex digits>``,
  the form of Shopify's example (``…/548380009/checkouts/123123123/recover?key=…``);
* ``name`` is ``#`` and the checkout's numeric id, as in Shopify's example payload;
* the sandbox computes no taxes, discounts or shipping rates for a checkout, so its
  total is its subtotal;
* **abandoned**: Shopify lists a checkout as abandoned when the buyer gave contact
  information and left without paying; recovered checkouts stay listed. The sandbox
  makes leaving explicit (``_abandonedAt``, set by ``shopper.abandon_checkout``): a
  checkout is listed once it has been abandoned and has an email or a phone, and
  stays listed after it is completed (then it counts as recovered).
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.catalog_store import DEFAULT_TITLE, item_of
from shopbridge.sandbox.domains.order_values import ZERO, bag_amount, money_bag, weight_grams
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CHECKOUT",
    "CHECKOUT_LINE",
    "by_token",
    "checkout_line",
    "is_listed",
    "new_checkout",
    "set_lines",
]

CHECKOUT: Final = "AbandonedCheckout"
CHECKOUT_LINE: Final = "AbandonedCheckoutLineItem"


def _hex(state: State, *parts: str) -> str:
    text = ":".join((str(state.seed), *parts))
    return hashlib.blake2b(text.encode(), digest_size=16).hexdigest()


def by_token(state: State, token: str) -> Doc | None:
    return state.first(CHECKOUT, "_token", token)


def is_listed(checkout: Mapping[str, Any]) -> bool:
    """Whether ``abandonedCheckouts`` lists ``checkout`` (see the module docstring)."""
    has_contact = bool(checkout.get("_email") or checkout.get("_phone"))
    return checkout.get("_abandonedAt") is not None and has_contact


def checkout_line(state: State, variant: Mapping[str, Any], quantity: int, currency: str) -> Doc:
    """A line selling ``quantity`` of ``variant`` at its current price."""
    product = state.get_gid(variant["productId"]) or {}
    item = item_of(state, variant)
    unit = Decimal(variant["price"])
    unit_bag = money_bag(unit, currency)
    total_bag = money_bag(unit * quantity, currency)
    return {
        "__typename": CHECKOUT_LINE,
        "id": state.new_gid(CHECKOUT_LINE),
        "title": product.get("title"),
        "variantTitle": None if variant["title"] == DEFAULT_TITLE else variant["title"],
        "sku": item.get("sku"),
        "quantity": quantity,
        "variantId": variant["id"],
        "productId": product.get("id"),
        "customAttributes": [],
        "components": None,
        "parentRelationship": None,
        "originalUnitPriceSet": unit_bag,
        "discountedUnitPriceSet": unit_bag,
        "discountedUnitPriceWithCodeDiscount": unit_bag,
        "originalTotalPriceSet": total_bag,
        "discountedTotalPriceSet": total_bag,
        "discountedTotalPriceWithCodeDiscount": total_bag,
        "_vendor": product.get("vendor"),
        "_taxable": variant["taxable"],
        "_requiresShipping": item.get("requiresShipping", True),
        "_grams": weight_grams(item.get("measurement", {}).get("weight")),
        "_compareAtPrice": variant.get("compareAtPrice"),
    }


def set_lines(checkout: Doc, lines: Sequence[Doc], currency: str) -> None:
    """Put ``lines`` on ``checkout`` and recompute its totals (no taxes, no discounts)."""
    subtotal = sum((bag_amount(line["discountedTotalPriceSet"]) for line in lines), ZERO)
    checkout["lineItems"] = list(lines)
    checkout["lineItemsQuantity"] = sum(line["quantity"] for line in lines)
    for key in ("subtotalPriceSet", "totalLineItemsPriceSet", "totalPriceSet"):
        checkout[key] = money_bag(subtotal, currency)
    checkout["totalDiscountSet"] = money_bag(ZERO, currency)
    checkout["totalTaxSet"] = money_bag(ZERO, currency)


def new_checkout(state: State, lines: Sequence[Doc]) -> Doc:
    """A checkout document for ``lines`` with its tokens and recovery link (not saved)."""
    shop = shop_doc(state)
    currency = shop["currencyCode"]
    checkout_id = state.new_gid(CHECKOUT)
    token = _hex(state, "checkout", checkout_id)
    now = state.now()
    checkout: Doc = {
        "__typename": CHECKOUT,
        "id": checkout_id,
        "name": f"#{legacy_id(checkout_id)}",
        "abandonedCheckoutUrl": f"{shop['url']}/{legacy_id(shop['id'])}/checkouts/{token}"
        f"/recover?key={_hex(state, 'recover', token)}",
        "billingAddress": None,
        "shippingAddress": None,
        "completedAt": None,
        "createdAt": now,
        "updatedAt": now,
        "customAttributes": [],
        "customerId": None,
        "discountCodes": [],
        "note": "",
        "taxLines": [],
        "taxesIncluded": False,
        "totalDutiesSet": None,
        "_currency": currency,
        "_token": token,
        "_cartToken": _hex(state, "cart", checkout_id),
        "_email": None,
        "_phone": None,
        "_firstName": None,
        "_lastName": None,
        "_acceptsMarketing": False,
        "_abandonedAt": None,
        "_gateway": None,
        "_orderId": None,
    }
    set_lines(checkout, lines, currency)
    return checkout
