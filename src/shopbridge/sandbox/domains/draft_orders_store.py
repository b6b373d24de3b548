"""Draft orders in the store: documents, totals, completion (no GraphQL here).

A draft order is one ``DraftOrder`` document holding its ``DraftOrderLineItem``
entries (``lineItems``) and a few ``_``-prefixed keys the API never shows. Names are
``#D`` + a number counting from 1. Totals: a line's discounted total is its price x
quantity less its applied discount; the subtotal sums them less the order-level
applied discount. The sandbox computes no taxes and no shipping for drafts, so the
total is the subtotal.

``complete_draft`` turns a draft into an order through ``orders_store.create_order``:
source ``shopify_draft_order`` (or the given ``sourceName``), stock committed
ignoring the inventory policy (the mutation's documentation asks callers to check
availability first rather than promising a refusal), fulfillment orders opened. Paid
now: one successful manual ``SALE`` of the total; ``paymentPending``: no transaction,
so the order stays ``PENDING``. A draft with an email but no customer gets the
customer owning that email, or a new one, as an order from checkout does.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.customers_store import find_by_email, new_customer, record_order
from shopbridge.sandbox.domains.order_values import ZERO, bag_amount, money_bag
from shopbridge.sandbox.domains.orders_store import (
    LineSpec,
    OrderSpec,
    create_order,
    line_from_variant,
)
from shopbridge.sandbox.domains.payments_store import add_transaction, refresh_payments
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import money, money_v2
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "DRAFT_ORDER",
    "DRAFT_SOURCE",
    "Discount",
    "complete_draft",
    "discount_of",
    "new_draft",
    "new_line",
    "set_totals",
]

DRAFT_ORDER: Final = "DraftOrder"
DRAFT_SOURCE: Final = "shopify_draft_order"
_NUMBER_META: Final = "draft_order_number"
_CENT: Final = Decimal("0.01")


@dataclass(slots=True)
class Discount:
    """A ``DraftOrderAppliedDiscountInput``: ``PERCENTAGE`` or ``FIXED_AMOUNT``."""

    value: Decimal
    value_type: str
    title: str | None = None
    description: str = ""

    def amount_off(self, base: Decimal) -> Decimal:
        if self.value_type == "PERCENTAGE":
            off = (base * self.value / 100).quantize(_CENT, rounding=ROUND_HALF_UP)
        else:
            off = self.value
        return min(max(off, ZERO), base)


def _applied(discount: Discount | None, base: Decimal, currency: str) -> dict[str, Any] | None:
    if discount is None:
        return None
    off = discount.amount_off(base)
    return {
        "__typename": "DraftOrderAppliedDiscount",
        "title": discount.title,
        "description": discount.description,
        "value": float(discount.value),
        "valueType": discount.value_type,
        "amountSet": money_bag(off, currency),
        "amountV2": money_v2(off, currency),
        "amount": money(off),
        "_value": str(discount.value),
    }


def discount_of(applied: Mapping[str, Any] | None) -> Discount | None:
    """The ``Discount`` a stored applied discount was made from."""
    if applied is None:
        return None
    return Discount(
        Decimal(applied["_value"]), applied["valueType"], applied["title"], applied["description"]
    )


def new_line(
    state: State, spec: LineSpec, currency: str, discount: Discount | None, uuid: str | None
) -> Doc:
    """A ``DraftOrderLineItem`` selling ``spec`` (totals filled by ``set_totals``)."""
    line_id = state.new_gid("DraftOrderLineItem")
    custom = spec.variant is None
    name = f"{spec.title} - {spec.variant_title}" if spec.variant_title else spec.title
    return {
        "__typename": "DraftOrderLineItem",
        "id": line_id,
        "uuid": uuid or hashlib.blake2b(line_id.encode(), digest_size=16).hexdigest(),
        "custom": custom,
        "name": name,
        "title": spec.title,
        "variantTitle": spec.variant_title,
        "sku": spec.sku,
        "vendor": spec.vendor,
        "variantId": spec.variant["id"] if spec.variant else None,
        "productId": spec.product_id,
        "quantity": spec.quantity,
        "requiresShipping": spec.requires_shipping,
        "taxable": spec.taxable,
        "isGiftCard": spec.gift_card,
        "customAttributes": [{"key": p["name"], "value": p.get("value")} for p in spec.properties],
        "taxLines": [],
        "components": [],
        "bundleComponents": [],
        "priceOverride": None,
        "originalUnitPriceWithCurrency": money_v2(spec.price, currency) if custom else None,
        "weight": {"unit": "GRAMS", "value": float(spec.grams)},
        "grams": spec.grams,
        "_price": str(spec.price),
        "appliedDiscount": _applied(discount, ZERO, currency),
    }


def set_totals(draft: Doc, order_discount: Discount | None) -> None:
    """Fill the money of ``draft`` and its lines from prices, quantities and discounts."""
    currency = draft["currencyCode"]
    lines_total = discounted = ZERO
    for line in draft["lineItems"]:
        unit = Decimal(line["_price"])
        original = unit * line["quantity"]
        discount = discount_of(line["appliedDiscount"])
        line["appliedDiscount"] = _applied(discount, original, currency)
        off = discount.amount_off(original) if discount else ZERO
        after = original - off
        approx = (after / line["quantity"]).quantize(_CENT, rounding=ROUND_HALF_UP)
        line.update(
            {
                "originalUnitPriceSet": money_bag(unit, currency),
                "originalTotalSet": money_bag(original, currency),
                "discountedTotalSet": money_bag(after, currency),
                "totalDiscountSet": money_bag(off, currency),
                "approximateDiscountedUnitPriceSet": money_bag(approx, currency),
                "discountedUnitPriceSet": money_bag(approx, currency),
                "originalUnitPrice": money(unit),
                "originalTotal": money(original),
                "discountedTotal": money(after),
                "discountedUnitPrice": money(approx),
                "totalDiscount": money(off),
            }
        )
        lines_total += original
        discounted += after
    draft["appliedDiscount"] = _applied(order_discount, discounted, currency)
    order_off = order_discount.amount_off(discounted) if order_discount else ZERO
    subtotal = discounted - order_off
    bags = {
        "subtotalPriceSet": subtotal,
        "lineItemsSubtotalPrice": discounted,
        "totalLineItemsPriceSet": lines_total,
        "totalDiscountsSet": lines_total - subtotal,
        "totalShippingPriceSet": ZERO,
        "totalTaxSet": ZERO,
        "totalPriceSet": subtotal,
        "amountDueNowSet": subtotal,
        "amountDueLaterSet": ZERO,
    }
    draft.update({key: money_bag(value, currency) for key, value in bags.items()})
    draft.update(
        {
            "subtotalPrice": money(subtotal),
            "totalPrice": money(subtotal),
            "totalTax": "0.00",
            "totalShippingPrice": "0.00",
            "totalQuantityOfLineItems": sum(line["quantity"] for line in draft["lineItems"]),
            "totalWeight": str(
                sum(line["grams"] * line["quantity"] for line in draft["lineItems"])
            ),
            "anyVariantPricesOverridden": any(line["priceOverride"] for line in draft["lineItems"]),
            "allVariantPricesOverridden": bool(draft["lineItems"])
            and all(line["priceOverride"] for line in draft["lineItems"]),
        }
    )


def new_draft(state: State) -> Doc:
    """An empty open draft order with the next ``#D`` name (not saved)."""
    shop = shop_doc(state)
    number: int = state.get_meta(_NUMBER_META, 0) + 1
    state.set_meta(_NUMBER_META, number)
    draft_id = state.new_gid(DRAFT_ORDER)
    token = hashlib.blake2b(f"{state.seed}:{draft_id}".encode(), digest_size=16).hexdigest()
    now = state.now()
    return {
        "__typename": DRAFT_ORDER,
        "id": draft_id,
        "name": f"#D{number}",
        "_number": number,
        "status": "OPEN",
        "email": None,
        "phone": None,
        "note2": None,
        "tags": [],
        "poNumber": None,
        "customAttributes": [],
        "customerId": None,
        "billingAddress": None,
        "shippingAddress": None,
        "billingAddressMatchesShippingAddress": True,
        "lineItems": [],
        "appliedDiscount": None,
        "discountCodes": [],
        "platformDiscounts": [],
        "allowDiscountCodesInCheckout": False,
        "acceptAutomaticDiscounts": None,
        "currencyCode": shop["currencyCode"],
        "presentmentCurrencyCode": shop["currencyCode"],
        "taxExempt": False,
        "taxesIncluded": False,
        "taxLines": [],
        "shippingLine": None,
        "invoiceUrl": f"{shop['url']}/{legacy_id(shop['id'])}/invoices/{token}",
        "invoiceSentAt": None,
        "invoiceEmailTemplateSubject": f"Complete your purchase {shop.get('name', '')}".strip(),
        "reserveInventoryUntil": None,
        "visibleToCustomer": False,
        "ready": True,
        "warnings": [],
        "hasTimelineComment": False,
        "paymentTerms": None,
        "deposit": None,
        "transformerFingerprint": None,
        "purchasingEntity": None,
        "completedAt": None,
        "orderId": None,
        "_sourceName": None,
        "createdAt": now,
        "updatedAt": now,
    }


def _address_input(address: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if address is None:
        return None
    keys = ("address1", "address2", "city", "company", "firstName", "lastName", "phone", "zip")
    return {
        **{key: address[key] for key in keys},
        "countryCode": address["countryCodeV2"],
        "provinceCode": address["provinceCode"],
    }


def _line_spec(state: State, line: Mapping[str, Any]) -> LineSpec:
    price = Decimal(line["_price"])
    variant = state.get_gid(line["variantId"]) if line["variantId"] else None
    if variant is not None:
        return line_from_variant(state, variant, line["quantity"], price)
    return LineSpec(
        quantity=line["quantity"],
        price=price,
        title=line["title"],
        sku=line["sku"],
        taxable=line["taxable"],
        requires_shipping=line["requiresShipping"],
        gift_card=line["isGiftCard"],
        grams=line["grams"],
        properties=[{"name": a["key"], "value": a["value"]} for a in line["customAttributes"]],
    )


def _customer_id(state: State, draft: Mapping[str, Any]) -> str | None:
    if draft["customerId"] or not draft["email"]:
        return str(draft["customerId"]) if draft["customerId"] else None
    found = find_by_email(state, draft["email"])
    if found is None:
        found = new_customer(state, draft["currencyCode"])
        found["email"] = draft["email"]
        found = state.save(found)
    return str(found["id"])


def complete_draft(
    state: State, draft: Doc, *, payment_pending: bool, source_name: str | None
) -> Doc:
    """Create the order of ``draft`` (an editable copy) and mark the draft completed."""
    if draft["appliedDiscount"] or any(line["appliedDiscount"] for line in draft["lineItems"]):
        raise not_supported("Completing a draft order that has an applied discount")
    customer_id = _customer_id(state, draft)
    customer = state.get_gid(customer_id) if customer_id else None
    spec = OrderSpec(
        lines=[_line_spec(state, line) for line in draft["lineItems"]],
        email=draft["email"],
        phone=draft["phone"],
        note=draft["note2"],
        tags=list(draft["tags"]),
        po_number=draft["poNumber"],
        source_name=source_name or draft["_sourceName"] or DRAFT_SOURCE,
        billing_address=_address_input(draft["billingAddress"]),
        shipping_address=_address_input(draft["shippingAddress"]),
        custom_attributes=list(draft["customAttributes"]),
        customer_id=customer_id,
        customer={
            key: (customer or {}).get(key) for key in ("email", "firstName", "lastName", "phone")
        },
    )
    order = create_order(state, spec, "DECREMENT_IGNORING_POLICY")
    total = bag_amount(order["totalPriceSet"])
    if not payment_pending:
        add_transaction(state, order, "SALE", "SUCCESS", total, gateway="manual")
    if customer_id is not None:
        record_order(state, customer_id, total, order["id"])
    order = refresh_payments(state, dict(order))
    draft.update(
        {
            "status": "COMPLETED",
            "completedAt": order["createdAt"],
            "updatedAt": order["createdAt"],
            "orderId": order["id"],
            "customerId": customer_id,
        }
    )
    state.save(draft)
    return order
