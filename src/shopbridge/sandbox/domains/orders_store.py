"""Orders in the store: building the order document from line specs (no GraphQL here).

Shared by ``orderCreate``, ``draftOrderComplete`` and the shopper simulation. An
order is one document; its line items, shipping lines and tax lines live inside it
(line items carry a few ``_``-prefixed bookkeeping keys the API never shows: where
the line was placed, how much is committed and fulfilled). Transactions, fulfillment
orders and fulfillments are their own documents (``payments_store``,
``fulfillment_store``).

Names follow the shop's format (``#`` + number, from 1001, as new stores start);
``number`` is that number. Totals: subtotal = line prices x quantities less line
discounts; total = subtotal + shipping + taxes (taxes not added again when
``taxesIncluded``). The sandbox computes no taxes of its own: an order has the tax
lines it was given, and no automatic discounts.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.catalog_store import DEFAULT_TITLE, item_of
from shopbridge.sandbox.domains.fulfillment_store import (
    open_fulfillment_orders,
    refresh_fulfillment_status,
)
from shopbridge.sandbox.domains.order_stock import Behaviour, choose_location, claim
from shopbridge.sandbox.domains.order_values import (
    ZERO,
    bag_amount,
    mailing_address,
    money_bag,
    tax_line,
    weight_grams,
)
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "FIRST_ORDER_NUMBER",
    "ORDER",
    "LineSpec",
    "OrderSpec",
    "ShippingSpec",
    "create_order",
    "line_from_variant",
    "orders_of_customer",
]

ORDER: Final = "Order"
FIRST_ORDER_NUMBER: Final = 1001
_NUMBER_META: Final = "order_number"
_CONFIRMATION_ALPHABET: Final = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"

TaxSpec = tuple[str, Decimal, Decimal]  # title, rate, amount


@dataclass(slots=True)
class LineSpec:
    """One line to sell: a catalog variant, or a custom item (title and price only)."""

    quantity: int
    price: Decimal
    title: str
    variant: Doc | None = None
    sku: str | None = None
    variant_title: str | None = None
    vendor: str | None = None
    product_id: str | None = None
    taxable: bool = True
    requires_shipping: bool = True
    gift_card: bool = False
    grams: int = 0
    tax_lines: list[TaxSpec] = field(default_factory=list)
    properties: list[dict[str, Any]] = field(default_factory=list)


@dataclass(slots=True)
class ShippingSpec:
    title: str
    price: Decimal
    code: str | None = None
    source: str | None = None
    tax_lines: list[TaxSpec] = field(default_factory=list)


@dataclass(slots=True)
class OrderSpec:
    """Everything an order is made from, whatever created it."""

    lines: list[LineSpec]
    email: str | None = None
    phone: str | None = None
    note: str | None = None
    tags: list[str] = field(default_factory=list)
    po_number: str | None = None
    name: str | None = None
    source_name: str = "shopify_draft_order"
    source_identifier: str | None = None
    source_url: str | None = None
    processed_at: str | None = None
    closed_at: str | None = None
    test: bool = False
    taxes_included: bool = False
    buyer_accepts_marketing: bool = False
    billing_address: Mapping[str, Any] | None = None
    shipping_address: Mapping[str, Any] | None = None
    shipping_lines: list[ShippingSpec] = field(default_factory=list)
    tax_lines: list[TaxSpec] = field(default_factory=list)
    custom_attributes: list[dict[str, str]] = field(default_factory=list)
    customer_id: str | None = None
    customer: dict[str, Any] | None = None
    cart_token: str | None = None
    checkout_token: str | None = None
    referring_site: str | None = None
    landing_site: str | None = None


def line_from_variant(
    state: State, variant: Mapping[str, Any], quantity: int, price: Decimal | None = None
) -> LineSpec:
    """A line selling ``variant`` at its price (or ``price``), with its catalog details."""
    product = state.get_gid(variant["productId"]) or {}
    item = item_of(state, variant)
    return LineSpec(
        quantity=quantity,
        price=Decimal(variant["price"]) if price is None else price,
        title=product.get("title", ""),
        variant=dict(variant),
        sku=item.get("sku"),
        variant_title=None if variant["title"] == DEFAULT_TITLE else variant["title"],
        vendor=product.get("vendor"),
        product_id=product.get("id"),
        taxable=variant["taxable"],
        requires_shipping=item.get("requiresShipping", True),
        grams=weight_grams(item.get("measurement", {}).get("weight")),
    )


def _next_number(state: State) -> int:
    number: int = state.get_meta(_NUMBER_META, FIRST_ORDER_NUMBER - 1) + 1
    state.set_meta(_NUMBER_META, number)
    return number


def _confirmation_number(state: State, order_id: str) -> str:
    digest = hashlib.blake2b(f"{state.seed}:{order_id}".encode(), digest_size=9).digest()
    return "".join(_CONFIRMATION_ALPHABET[b % len(_CONFIRMATION_ALPHABET)] for b in digest)


def _line_item(state: State, spec: LineSpec, currency: str) -> Doc:
    unit = money_bag(spec.price, currency)
    total = money_bag(spec.price * spec.quantity, currency)
    zero = money_bag(ZERO, currency)
    name = f"{spec.title} - {spec.variant_title}" if spec.variant_title else spec.title
    return {
        "__typename": "LineItem",
        "id": state.new_gid("LineItem"),
        "name": name,
        "title": spec.title,
        "variantTitle": spec.variant_title,
        "sku": spec.sku,
        "vendor": spec.vendor,
        "variantId": spec.variant["id"] if spec.variant else None,
        "productId": spec.product_id,
        "quantity": spec.quantity,
        "currentQuantity": spec.quantity,
        "unfulfilledQuantity": spec.quantity,
        "refundableQuantity": spec.quantity,
        "nonFulfillableQuantity": 0,
        "requiresShipping": spec.requires_shipping,
        "taxable": spec.taxable,
        "isGiftCard": spec.gift_card,
        "restockable": spec.variant is not None,
        "merchantEditable": True,
        "customAttributes": [{"key": p["name"], "value": p.get("value")} for p in spec.properties],
        "discountAllocations": [],
        "duties": [],
        "taxLines": [tax_line(t, rate, amount, currency) for t, rate, amount in spec.tax_lines],
        "originalUnitPriceSet": unit,
        "discountedUnitPriceSet": unit,
        "discountedUnitPriceAfterAllDiscountsSet": unit,
        "originalTotalSet": total,
        "discountedTotalSet": total,
        "priceAfterAllDiscountsBeforeTaxesSet": total,
        "unfulfilledOriginalTotalSet": total,
        "unfulfilledDiscountedTotalSet": total,
        "totalDiscountSet": zero,
        "weight": {"unit": "GRAMS", "value": float(spec.grams)},
        "_grams": spec.grams,
        "_fulfilled": 0,
        "_committed": 0,
        "_claimed": 0,
        "_locationId": None,
    }


def _shipping_line(state: State, spec: ShippingSpec, currency: str) -> Doc:
    price = money_bag(spec.price, currency)
    return {
        "__typename": "ShippingLine",
        "id": state.new_gid("ShippingLine"),
        "title": spec.title,
        "code": spec.code,
        "source": spec.source,
        "carrierIdentifier": None,
        "deliveryCategory": None,
        "phone": None,
        "shippingRateHandle": None,
        "custom": spec.source is None,
        "isRemoved": False,
        "originalPriceSet": price,
        "discountedPriceSet": price,
        "currentDiscountedPriceSet": price,
        "discountAllocations": [],
        "taxLines": [tax_line(t, rate, amount, currency) for t, rate, amount in spec.tax_lines],
    }


def _totals(order: Doc, currency: str) -> None:
    lines, shipping = order["lineItems"], order["_shippingLines"]
    subtotal = sum((bag_amount(line["discountedTotalSet"]) for line in lines), ZERO)
    shipping_total = sum((bag_amount(s["originalPriceSet"]) for s in shipping), ZERO)
    taxes = [*order["taxLines"]]
    for owner in (*lines, *shipping):
        taxes += owner["taxLines"]
    tax = sum((bag_amount(t["priceSet"]) for t in taxes), ZERO)
    total = subtotal + shipping_total + (ZERO if order["taxesIncluded"] else tax)
    quantity = sum(line["quantity"] for line in lines)
    grams = sum(line["_grams"] * line["quantity"] for line in lines)
    bags = {
        "subtotalPriceSet": subtotal,
        "totalPriceSet": total,
        "originalTotalPriceSet": total,
        "totalTaxSet": tax,
        "totalDiscountsSet": ZERO,
        "totalShippingPriceSet": shipping_total,
        "currentSubtotalPriceSet": subtotal,
        "currentTotalPriceSet": total,
        "currentTotalTaxSet": tax,
        "currentTotalDiscountsSet": ZERO,
        "currentShippingPriceSet": shipping_total,
        "currentCartDiscountAmountSet": ZERO,
        "totalRefundedShippingSet": ZERO,
        "totalTipReceivedSet": ZERO,
        "refundDiscrepancySet": ZERO,
    }
    order.update({key: money_bag(amount, currency) for key, amount in bags.items()})
    order.update(
        {
            "cartDiscountAmountSet": None,
            "totalWeight": str(grams),
            "currentTotalWeight": str(grams),
            "subtotalLineItemsQuantity": quantity,
            "currentSubtotalLineItemsQuantity": quantity,
            "requiresShipping": any(line["requiresShipping"] for line in lines),
        }
    )


def create_order(state: State, spec: OrderSpec, behaviour: Behaviour) -> Doc:
    """Store a new order, commit its stock and open its fulfillment orders.

    Raises ``order_stock.InsufficientStockError`` (nothing written survives when the
    caller's savepoint unwinds). The caller adds transactions, then calls
    ``payments_store.refresh_payments``.
    """
    shop = shop_doc(state)
    currency = shop["currencyCode"]
    now = state.now()
    number = _next_number(state)
    order_id = state.new_gid(ORDER)
    billing = mailing_address(state, spec.billing_address)
    shipping = mailing_address(state, spec.shipping_address)
    order: Doc = {
        "__typename": ORDER,
        "id": order_id,
        "name": spec.name
        or f"{shop.get('orderNumberFormatPrefix', '#')}{number}"
        f"{shop.get('orderNumberFormatSuffix', '')}",
        "number": number,
        "confirmationNumber": _confirmation_number(state, order_id),
        "confirmed": True,
        "email": spec.email,
        "phone": spec.phone,
        "note": spec.note,
        "tags": sorted(set(spec.tags), key=str.lower),
        "poNumber": spec.po_number,
        "sourceName": spec.source_name,
        "sourceIdentifier": spec.source_identifier,
        "sourceUrl": spec.source_url,
        "registeredSourceUrl": None,
        "test": spec.test,
        "currencyCode": currency,
        "presentmentCurrencyCode": currency,
        "taxesIncluded": spec.taxes_included,
        "taxExempt": False,
        "dutiesIncluded": False,
        "estimatedTaxes": False,
        "customerAcceptsMarketing": spec.buyer_accepts_marketing,
        "customerLocale": "en",
        "billingAddress": billing,
        "shippingAddress": shipping,
        "displayAddress": billing or shipping,
        "billingAddressMatchesShippingAddress": _same_address(billing, shipping),
        "customerId": spec.customer_id,
        "_customer": spec.customer,
        "customAttributes": list(spec.custom_attributes),
        "discountCode": None,
        "discountCodes": [],
        "lineItems": [_line_item(state, line, currency) for line in spec.lines],
        "_shippingLines": [_shipping_line(state, s, currency) for s in spec.shipping_lines],
        "taxLines": [tax_line(t, rate, amount, currency) for t, rate, amount in spec.tax_lines],
        "cancelledAt": None,
        "cancelReason": None,
        "cancellation": None,
        "closed": spec.closed_at is not None,
        "closedAt": spec.closed_at,
        "cartToken": spec.cart_token,
        "checkoutToken": spec.checkout_token,
        "clientIp": None,
        "_referringSite": spec.referring_site,
        "_landingSite": spec.landing_site,
        "statusPageUrl": f"{shop['url']}/{legacy_id(shop['id'])}/orders/"
        f"{hashlib.blake2b(order_id.encode(), digest_size=16).hexdigest()}/authenticate",
        "edited": False,
        "merchantEditable": True,
        "merchantEditableErrors": [],
        "canNotifyCustomer": bool(spec.email),
        "returnStatus": "NO_RETURN",
        "restockable": True,
        "processedAt": spec.processed_at or now,
        "createdAt": now,
        "updatedAt": now,
    }
    _totals(order, currency)
    for line, line_spec in zip(order["lineItems"], spec.lines, strict=True):
        location_id = choose_location(state, line_spec.variant, line["quantity"])
        line["_locationId"] = location_id
        claimed = claim(state, line_spec.variant, location_id, line["quantity"], behaviour)
        line["_committed"] = line["_claimed"] = claimed
    state.save(order)
    open_fulfillment_orders(state, order)
    refresh_fulfillment_status(state, order)
    return state.save(order)


def _same_address(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return {k: v for k, v in a.items() if k != "id"} == {k: v for k, v in b.items() if k != "id"}


def orders_of_customer(state: State, customer_id: str) -> list[Doc]:
    return state.find(ORDER, "customerId", customer_id)
