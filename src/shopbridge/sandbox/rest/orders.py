"""``orders/*`` in Shopify's REST shape.

Every ``orders/*`` topic but ``orders/delete`` sends the whole order (the official
2026-07 examples share one shape). ``orders/paid`` fires when the financial status
becomes ``PAID`` (or an order is created paid), ``orders/cancelled`` when
``cancelledAt`` gets set, ``orders/fulfilled`` and ``orders/partially_fulfilled``
when the fulfillment status becomes that. The order's customer is rendered from the
``Customer`` document when there is one, else from the snapshot the order keeps; its
``refunds`` are the order's refunds as ``refunds/create`` renders them.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from decimal import Decimal
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.fulfillment_store import fulfillments_of
from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.domains.refunds_store import refunds_of
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_tags, rest_time
from shopbridge.sandbox.rest.fulfillments import rest_fulfillment
from shopbridge.sandbox.rest.order_parts import (
    amount,
    price,
    rest_address,
    rest_line_item,
    rest_money_set,
    rest_tax_lines,
)
from shopbridge.sandbox.rest.refunds import rest_refund
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_order"]

_FULFILLMENT_STATUS = {"FULFILLED": "fulfilled", "PARTIALLY_FULFILLED": "partial"}


def _customer(state: State, order: Mapping[str, Any]) -> Payload | None:
    snapshot = order.get("_customer") or {}
    stored = state.get_gid(order["customerId"]) if order.get("customerId") else None
    if not snapshot and stored is None:
        return None
    source = {**snapshot, **{k: v for k, v in (stored or {}).items() if isinstance(v, str | bool)}}
    customer_id = order.get("customerId")
    return {
        "admin_graphql_api_id": customer_id,
        "created_at": rest_time(state, source.get("createdAt")),
        "currency": order["currencyCode"],
        "default_address": None,
        "email": source.get("email"),
        "first_name": source.get("firstName"),
        "id": numeric_id(customer_id),
        "last_name": source.get("lastName"),
        "multipass_identifier": None,
        "note": source.get("note"),
        "phone": source.get("phone"),
        "state": "disabled",
        "tax_exempt": False,
        "tax_exemptions": [],
        "updated_at": rest_time(state, source.get("updatedAt")),
        "verified_email": True,
    }


def _shipping_line(line: Mapping[str, Any]) -> Payload:
    return {
        "carrier_identifier": line["carrierIdentifier"],
        "code": line["code"],
        "current_discounted_price_set": rest_money_set(line["currentDiscountedPriceSet"]),
        "discount_allocations": [],
        "discounted_price": amount(line["discountedPriceSet"]),
        "discounted_price_set": rest_money_set(line["discountedPriceSet"]),
        "id": legacy_id(line["id"]),
        "is_removed": line["isRemoved"],
        "phone": line["phone"],
        "price": amount(line["originalPriceSet"]),
        "price_set": rest_money_set(line["originalPriceSet"]),
        "requested_fulfillment_service_id": None,
        "source": line["source"],
        "tax_lines": rest_tax_lines(line["taxLines"]),
        "title": line["title"],
    }


def rest_order(state: State, order: Mapping[str, Any]) -> Payload:
    """The body of the ``orders/*`` topics."""
    currency = order["currencyCode"]
    zero = {"shopMoney": {"amount": "0", "currencyCode": currency}}
    zero["presentmentMoney"] = zero["shopMoney"]
    lines = order["lineItems"]
    line_total = sum((bag_amount(line["originalTotalSet"]) for line in lines), Decimal(0))
    line_bag = {"shopMoney": {"amount": str(line_total), "currencyCode": currency}}
    line_bag["presentmentMoney"] = line_bag["shopMoney"]
    tax_lines = list(order["taxLines"])
    for owner in (*lines, *order["_shippingLines"]):
        tax_lines += owner["taxLines"]
    return {
        "admin_graphql_api_id": order["id"],
        "app_id": None,
        "billing_address": rest_address(order["billingAddress"]),
        "browser_ip": order["clientIp"],
        "buyer_accepts_marketing": order["customerAcceptsMarketing"],
        "cancel_reason": rest_enum(order["cancelReason"]),
        "cancelled_at": rest_time(state, order["cancelledAt"]),
        "cart_token": order["cartToken"],
        "checkout_token": order["checkoutToken"],
        "client_details": None,
        "closed_at": rest_time(state, order["closedAt"]),
        "confirmation_number": order["confirmationNumber"],
        "confirmed": order["confirmed"],
        "contact_email": order["email"],
        "created_at": rest_time(state, order["createdAt"]),
        "currency": currency,
        "current_shipping_price_set": rest_money_set(order["currentShippingPriceSet"]),
        "current_subtotal_price": amount(order["currentSubtotalPriceSet"]),
        "current_subtotal_price_set": rest_money_set(order["currentSubtotalPriceSet"]),
        "current_total_additional_fees_set": None,
        "current_total_discounts": amount(order["currentTotalDiscountsSet"]),
        "current_total_discounts_set": rest_money_set(order["currentTotalDiscountsSet"]),
        "current_total_duties_set": None,
        "current_total_price": amount(order["currentTotalPriceSet"]),
        "current_total_price_set": rest_money_set(order["currentTotalPriceSet"]),
        "current_total_tax": amount(order["currentTotalTaxSet"]),
        "current_total_tax_set": rest_money_set(order["currentTotalTaxSet"]),
        "customer": _customer(state, order),
        "customer_locale": order["customerLocale"],
        "device_id": None,
        "discount_applications": [],
        "discount_codes": [],
        "duties_included": order["dutiesIncluded"],
        "email": order["email"],
        "estimated_taxes": order["estimatedTaxes"],
        "financial_status": rest_enum(order["displayFinancialStatus"]),
        "fulfillment_status": _FULFILLMENT_STATUS.get(order["displayFulfillmentStatus"]),
        "fulfillments": [rest_fulfillment(state, f) for f in fulfillments_of(state, order["id"])],
        "id": legacy_id(order["id"]),
        "landing_site": order.get("_landingSite"),
        "landing_site_ref": None,
        "line_item_groups": [],
        "line_items": [rest_line_item(state, line) for line in lines],
        "location_id": None,
        "merchant_business_entity_id": None,
        "merchant_of_record_app_id": None,
        "name": order["name"],
        "note": order["note"],
        "note_attributes": [
            {"name": a["key"], "value": a["value"]} for a in order["customAttributes"]
        ],
        "number": order["number"] - 1000,
        "order_number": order["number"],
        "order_status_url": order["statusPageUrl"],
        "original_total_additional_fees_set": None,
        "original_total_duties_set": None,
        "payment_gateway_names": list(order["paymentGatewayNames"]),
        "payment_terms": None,
        "phone": order["phone"],
        "po_number": order["poNumber"],
        "presentment_currency": order["presentmentCurrencyCode"],
        "processed_at": rest_time(state, order["processedAt"]),
        "reference": None,
        "referring_site": order.get("_referringSite"),
        "refunds": [rest_refund(state, refund) for refund in refunds_of(state, order["id"])],
        "returns": [],
        "shipping_address": rest_address(order["shippingAddress"]),
        "shipping_lines": [_shipping_line(line) for line in order["_shippingLines"]],
        "source_identifier": order["sourceIdentifier"],
        "source_name": order["sourceName"],
        "source_url": order["sourceUrl"],
        "subtotal_price": amount(order["subtotalPriceSet"]),
        "subtotal_price_set": rest_money_set(order["subtotalPriceSet"]),
        "tags": rest_tags(order["tags"]),
        "tax_exempt": order["taxExempt"],
        "tax_lines": rest_tax_lines(tax_lines),
        "taxes_included": order["taxesIncluded"],
        "test": order["test"],
        "token": order["statusPageUrl"].rsplit("/", 2)[-2],
        "total_cash_rounding_payment_adjustment_set": rest_money_set(zero),
        "total_cash_rounding_refund_adjustment_set": rest_money_set(zero),
        "total_discounts": amount(order["totalDiscountsSet"]),
        "total_discounts_set": rest_money_set(order["totalDiscountsSet"]),
        "total_line_items_price": price(line_total),
        "total_line_items_price_set": rest_money_set(line_bag),
        "total_outstanding": amount(order["totalOutstandingSet"]),
        "total_price": amount(order["totalPriceSet"]),
        "total_price_set": rest_money_set(order["totalPriceSet"]),
        "total_shipping_price_set": rest_money_set(order["totalShippingPriceSet"]),
        "total_tax": amount(order["totalTaxSet"]),
        "total_tax_set": rest_money_set(order["totalTaxSet"]),
        "total_tip_received": amount(order["totalTipReceivedSet"]),
        "total_weight": int(order["totalWeight"]),
        "updated_at": rest_time(state, order["updatedAt"]),
        "user_id": None,
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


def _became(key: str, value: str) -> Callable[[Change], bool]:
    def applies(change: Change) -> bool:
        after = change.after or {}
        before = change.before or {}
        return after.get(key) == value and before.get(key) != value

    return applies


def _order_body(state: State, change: Change) -> Payload:
    return rest_order(state, _after(change))


topic_rule("orders/create", ORDER, on="create")(_order_body)
topic_rule("orders/updated", ORDER, on="update")(_order_body)
topic_rule("orders/paid", ORDER, on=_became("displayFinancialStatus", "PAID"))(_order_body)
topic_rule("orders/fulfilled", ORDER, on=_became("displayFulfillmentStatus", "FULFILLED"))(
    _order_body
)
topic_rule(
    "orders/partially_fulfilled",
    ORDER,
    on=_became("displayFulfillmentStatus", "PARTIALLY_FULFILLED"),
)(_order_body)


@topic_rule(
    "orders/cancelled",
    ORDER,
    on=lambda c: (
        bool((c.after or {}).get("cancelledAt")) and not (c.before or {}).get("cancelledAt")
    ),
)
def order_cancelled(state: State, change: Change) -> Payload:
    return rest_order(state, _after(change))


@topic_rule("orders/delete", ORDER, on="delete")
def order_deleted(_state: State, change: Change) -> Payload:
    return {"id": int(change.id)}
