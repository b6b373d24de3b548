"""Storefront carts in the store: ids, lines, stock limits and costs (no GraphQL here).

A cart is one internal ``_Cart`` document keyed by its token, so cart writes never
reach the change feed: Shopify fires ``carts/create``/``carts/update`` only for
online-store carts, not for carts made through the Storefront API. Ids take
Shopify's current forms: ``gid://shopify/Cart/<token>?key=<key>`` (the key is
required to read the cart) and ``gid://shopify/CartLine/<uuid>?cart=<token>``.

Prices are read from the variants at every read, as Shopify's carts reprice: a
price change in the Admin shows in the cart at once. The sandbox computes no taxes,
duties or shipping, so totals equal subtotals and the deprecated tax and duty
amounts are ``null`` ("no longer available", says the schema).
"""

from __future__ import annotations

import re
import secrets
import uuid
from collections.abc import Iterable, Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.storefront_stock import (
    price_of,
    sellable_limit,
    shop_money,
    visible_variant,
)
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CART",
    "add_line",
    "cart_cost",
    "checkout_url",
    "enforce_stock",
    "find_cart",
    "line_cost",
    "live_lines",
    "new_cart",
    "save_cart",
]

CART: Final = "_Cart"
_CART_ID: Final = re.compile(r"^gid://shopify/Cart/(?P<token>[A-Za-z0-9]+)(?:\?key=(?P<key>\w+))?$")
Line = dict[str, Any]


def new_cart(state: State) -> Doc:
    """A new empty cart (not stored until ``save_cart``)."""
    token, key = secrets.token_hex(16), secrets.token_hex(16)
    now = state.now()
    return {
        "__typename": "Cart",
        "id": f"gid://shopify/Cart/{token}?key={key}",
        "token": token,
        "key": key,
        "lines": [],
        "nextLine": 1,
        "buyerIdentity": {
            "email": None,
            "phone": None,
            "countryCode": None,
            "customer": None,
            "purchasingCompany": None,
            "deliveryAddressPreferences": [],
            "preferences": None,
        },
        "discountCodes": [],
        "note": None,
        "attributes": [],
        "createdAt": now,
        "updatedAt": now,
    }


def find_cart(state: State, cart_id: str) -> Doc | None:
    """The cart for an id; a wrong or missing ``key`` finds nothing."""
    match = _CART_ID.match(cart_id)
    if match is None:
        return None
    found = state.get(CART, match["token"])
    if found is None or match["key"] != found["key"]:
        return None
    return found


def save_cart(state: State, cart: Doc) -> Doc:
    cart["updatedAt"] = state.now()
    return state.put(CART, cart["token"], cart)


def _attributes(given: Iterable[Mapping[str, Any]] | None) -> list[dict[str, Any]]:
    return [{"key": a["key"], "value": a["value"]} for a in given or []]


def add_line(
    cart: Doc, merchandise_id: str, quantity: int, attributes: Sequence[Mapping[str, Any]] | None
) -> Line:
    """Add ``quantity`` of a variant: to the line with the same variant and attributes
    when there is one (Shopify merges them), else as a new line."""
    wanted = _attributes(attributes)
    for line in cart["lines"]:
        if line["merchandiseId"] == merchandise_id and line["attributes"] == wanted:
            line["quantity"] += quantity
            return dict(line)
    line = {
        "__typename": "CartLine",
        "id": f"gid://shopify/CartLine/{uuid.uuid4()}?cart={cart['token']}",
        "n": cart["nextLine"],
        "merchandiseId": merchandise_id,
        "quantity": quantity,
        "attributes": wanted,
    }
    cart["nextLine"] += 1
    cart["lines"].append(line)
    return line


def live_lines(state: State, cart: Mapping[str, Any]) -> list[tuple[Line, Doc]]:
    """Lines whose variant is still on the storefront, with that variant."""
    found = []
    for line in cart["lines"]:
        variant = visible_variant(state, line["merchandiseId"])
        if variant is not None:
            found.append((line, variant))
    return found


def _warning(code: str, message: str, target: str) -> dict[str, str]:
    return {"code": code, "message": message, "target": target}


def enforce_stock(state: State, cart: Doc, touched: set[str]) -> list[dict[str, str]]:
    """Cap the touched lines to the stock a DENY-policy tracked variant has.

    Lines above stock are reduced (``MERCHANDISE_NOT_ENOUGH_STOCK``, targeting the
    line); a line of a variant with no stock left is dropped
    (``MERCHANDISE_OUT_OF_STOCK``, targeting the variant, as the line is gone).
    Untouched lines are left as they are. Returns the cart warnings.
    """
    warnings: list[dict[str, str]] = []
    used: dict[str, int] = {}
    for line in cart["lines"]:
        if line["id"] not in touched:
            used[line["merchandiseId"]] = used.get(line["merchandiseId"], 0) + line["quantity"]
    kept = []
    for line in cart["lines"]:
        variant = visible_variant(state, line["merchandiseId"])
        limit = sellable_limit(state, variant) if variant is not None else None
        if line["id"] in touched and limit is not None:
            room = max(limit - used.get(line["merchandiseId"], 0), 0)
            if room == 0:
                warnings.append(
                    _warning(
                        "MERCHANDISE_OUT_OF_STOCK",
                        "The merchandise is out of stock.",
                        line["merchandiseId"],
                    )
                )
                continue
            if line["quantity"] > room:
                line["quantity"] = room
                warnings.append(
                    _warning(
                        "MERCHANDISE_NOT_ENOUGH_STOCK",
                        "The merchandise does not have enough stock.",
                        line["id"],
                    )
                )
            used[line["merchandiseId"]] = used.get(line["merchandiseId"], 0) + line["quantity"]
        kept.append(line)
    cart["lines"] = kept
    return warnings


def line_cost(state: State, line: Mapping[str, Any], variant: Mapping[str, Any]) -> dict[str, Any]:
    price = price_of(variant) or Decimal(0)
    compare_at = price_of(variant, "compareAtPrice")
    subtotal = price * line["quantity"]
    return {
        "amountPerQuantity": shop_money(state, price),
        "compareAtAmountPerQuantity": None if compare_at is None else shop_money(state, compare_at),
        "subtotalAmount": shop_money(state, subtotal),
        "totalAmount": shop_money(state, subtotal),
    }


def cart_cost(state: State, cart: Mapping[str, Any]) -> dict[str, Any]:
    subtotal = sum(
        (
            (price_of(variant) or Decimal(0)) * line["quantity"]
            for line, variant in live_lines(state, cart)
        ),
        Decimal(0),
    )
    amount = shop_money(state, subtotal)
    return {
        "subtotalAmount": amount,
        "subtotalAmountEstimated": False,
        "totalAmount": amount,
        "totalAmountEstimated": False,
        "checkoutChargeAmount": amount,
        "totalTaxAmount": None,
        "totalTaxAmountEstimated": False,
        "totalDutyAmount": None,
        "totalDutyAmountEstimated": False,
    }


def checkout_url(shop_domain: str, cart: Mapping[str, Any]) -> str:
    """Shopify's cart permalink form on the shop's domain.

    Resolvers do not know the sandbox's own base URL, so the URL points at the shop
    domain as Shopify's does; nothing in the sandbox serves it.
    """
    return f"https://{shop_domain}/cart/c/{cart['token']}?key={cart['key']}"
