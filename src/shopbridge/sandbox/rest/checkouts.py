"""``checkouts/create``, ``checkouts/update`` and ``checkouts/delete`` in Shopify's REST shape.

``checkouts/update`` fires when something the payload shows changes (lines, contact,
address, completion): leaving a checkout is not a change Shopify reports, so a
checkout marked abandoned alone sends nothing. Completing one sends an update with
``completed_at`` and ``gateway`` set (the sandbox's reading; Shopify documents no
rule). The checkout's customer is the ``Customer`` document it links, rendered as in
the order payloads (without ``addresses``). No taxes, discounts or shipping lines.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.checkouts_store import CHECKOUT
from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.domains.shop import primary_location
from shopbridge.sandbox.rest.customers import rest_customer
from shopbridge.sandbox.rest.formats import numeric_id, rest_time
from shopbridge.sandbox.rest.order_parts import amount, price, rest_address
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_checkout"]

_NOT_REPORTED: Final = frozenset({"_abandonedAt"})


def _line(state: State, line: Mapping[str, Any]) -> Payload:
    location = primary_location(state)
    unit = amount(line["originalUnitPriceSet"])
    return {
        "applied_discounts": [],
        "compare_at_price": line["_compareAtPrice"],
        "destination_location_id": None,
        "discount_allocations": [],
        "fulfillment_service": "manual",
        "gift_card": False,
        "grams": line["_grams"],
        "key": line["id"].rsplit("/", 1)[-1],
        "line_price": amount(line["originalTotalPriceSet"]),
        "origin_location_id": numeric_id(location["id"]) if location else None,
        "presentment_title": line["title"],
        "presentment_variant_title": line["variantTitle"],
        "price": unit,
        "product_id": numeric_id(line["productId"]),
        "properties": None,
        "quantity": line["quantity"],
        "rank": None,
        "requires_shipping": line["_requiresShipping"],
        "sku": line["sku"],
        "tax_lines": [],
        "taxable": line["_taxable"],
        "title": line["title"],
        "unit_price_measurement": {
            "measured_type": None,
            "quantity_unit": None,
            "quantity_value": None,
            "reference_unit": None,
            "reference_value": None,
        },
        "user_id": None,
        "variant_id": numeric_id(line["variantId"]),
        "variant_price": unit,
        "variant_title": line["variantTitle"],
        "vendor": line["_vendor"],
    }


def _customer(state: State, checkout: Mapping[str, Any]) -> Payload | None:
    found = state.get_gid(checkout["customerId"]) if checkout.get("customerId") else None
    if found is None:
        return None
    rendered = rest_customer(state, found)
    rendered.pop("addresses", None)
    return rendered


def rest_checkout(state: State, checkout: Mapping[str, Any]) -> Payload:
    """The body of ``checkouts/create`` and ``checkouts/update``."""
    currency = checkout["_currency"]
    total = amount(checkout["totalPriceSet"])
    grams = sum(line["_grams"] * line["quantity"] for line in checkout["lineItems"])
    return {
        "abandoned_checkout_url": checkout["abandonedCheckoutUrl"],
        "billing_address": rest_address(checkout["billingAddress"]),
        "buyer_accepts_marketing": checkout["_acceptsMarketing"],
        "buyer_accepts_sms_marketing": False,
        "cart_token": checkout["_cartToken"],
        "closed_at": None,
        "completed_at": rest_time(state, checkout["completedAt"]),
        "created_at": rest_time(state, checkout["createdAt"]),
        "currency": currency,
        "customer": _customer(state, checkout),
        "customer_locale": "en",
        "device_id": None,
        "discount_codes": [],
        "email": checkout["_email"],
        "gateway": checkout["_gateway"],
        "landing_site": None,
        "line_items": [_line(state, line) for line in checkout["lineItems"]],
        "location_id": None,
        "name": checkout["name"],
        "note": None,
        "note_attributes": [],
        "phone": checkout["_phone"],
        "presentment_currency": currency,
        "referring_site": None,
        "reservation_token": None,
        "shipping_address": rest_address(checkout["shippingAddress"]),
        "shipping_lines": [],
        "sms_marketing_phone": None,
        "source": None,
        "source_identifier": None,
        "source_name": "web",
        "source_url": None,
        "subtotal_price": amount(checkout["subtotalPriceSet"]),
        "tax_lines": [],
        "taxes_included": checkout["taxesIncluded"],
        "token": checkout["_token"],
        "total_discounts": amount(checkout["totalDiscountSet"]),
        "total_duties": None,
        "total_line_items_price": amount(checkout["totalLineItemsPriceSet"]),
        "total_price": total,
        "total_tax": amount(checkout["totalTaxSet"]),
        "total_weight": grams,
        "updated_at": rest_time(state, checkout["updatedAt"]),
        "user_id": None,
    }


def _reported_change(change: Change) -> bool:
    if change.action != "update" or change.before is None or change.after is None:
        return False
    keys = (set(change.before) | set(change.after)) - _NOT_REPORTED
    return any(change.before.get(k) != change.after.get(k) for k in keys)


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


@topic_rule("checkouts/create", CHECKOUT, on="create")
def checkout_created(state: State, change: Change) -> Payload:
    return rest_checkout(state, _after(change))


@topic_rule("checkouts/update", CHECKOUT, on=_reported_change)
def checkout_updated(state: State, change: Change) -> Payload:
    return rest_checkout(state, _after(change))


@topic_rule("checkouts/delete", CHECKOUT, on="delete")
def checkout_deleted(_state: State, change: Change) -> Payload:
    """Shopify's example body: the id, the cart token and the money totals."""
    before = change.before or {}
    subtotal = bag_amount(before.get("subtotalPriceSet"))
    return {
        "buyer_accepts_sms_marketing": False,
        "cart_token": before.get("_cartToken"),
        "id": int(change.id),
        "presentment_currency": before.get("_currency"),
        "reservation_token": None,
        "sms_marketing_phone": None,
        "subtotal_price": price(subtotal),
        "total_discounts": price(bag_amount(before.get("totalDiscountSet"))),
        "total_duties": None,
        "total_line_items_price": price(bag_amount(before.get("totalLineItemsPriceSet"))),
        "total_price": price(bag_amount(before.get("totalPriceSet"))),
        "total_tax": price(bag_amount(before.get("totalTaxSet"))),
    }
