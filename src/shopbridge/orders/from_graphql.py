"""An order read through the Admin GraphQL API, as the REST payload a webhook would carry.

Reconciliation finds orders whose webhook never came and sends them to the same flows,
so it must speak the webhook's language: snake_case keys, numeric ids beside
``admin_graphql_api_id``, lower-case statuses, comma-separated tags. It fills the keys
the ``order`` preset reads (so a flow with the preset sees the same document either
way) plus the common ones maps use; the rest of the 90-odd REST keys are absent.
Differences a raw map may notice: times are UTC (``…Z``) where webhooks use the shop's
offset, and ``reconciled`` is true.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from decimal import Decimal
from typing import Any, Final

from .amounts import amount, sum_amounts, text
from .payload import objects

__all__ = ["legacy_id", "rest_order"]

_FULFILLMENT_STATUS: Final = {
    "FULFILLED": "fulfilled",
    "PARTIALLY_FULFILLED": "partial",
    "RESTOCKED": "restocked",
}
_CENTS: Final = Decimal("0.01")
_APPLICATION_TYPE: Final = {
    "DiscountCodeApplication": "discount_code",
    "ManualDiscountApplication": "manual",
    "AutomaticDiscountApplication": "automatic",
    "ScriptDiscountApplication": "script",
}


def legacy_id(gid: Any) -> int | None:
    """``gid://shopify/Order/450789469`` → 450789469 (None if it is not a Shopify GID)."""
    if not isinstance(gid, str):
        return None
    tail = gid.rsplit("/", 1)[-1].split("?", 1)[0]
    return int(tail) if tail.isdigit() else None


def rest_order(order: Mapping[str, Any], lines: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The REST ``orders/*`` payload of ``order`` (the ``order`` query's node) with ``lines``
    (every page of its ``lineItems`` nodes), marked ``reconciled``."""
    applications = [_application(a) for a in _nodes(order.get("discountApplications"))]
    rest_lines = [_line(line) for line in lines]
    total_line_items = sum_amounts(_line_total(line) for line in lines)
    return {
        "id": legacy_id(order.get("id")),
        "admin_graphql_api_id": order.get("id"),
        "name": order.get("name"),
        "order_number": order.get("number"),
        "email": order.get("email"),
        "contact_email": order.get("email"),
        "phone": order.get("phone"),
        "created_at": order.get("createdAt"),
        "updated_at": order.get("updatedAt"),
        "processed_at": order.get("processedAt"),
        "cancelled_at": order.get("cancelledAt"),
        "cancel_reason": _lower(order.get("cancelReason")),
        "closed_at": order.get("closedAt"),
        "confirmed": order.get("confirmed"),
        "test": order.get("test"),
        "source_name": order.get("sourceName"),
        "currency": order.get("currencyCode"),
        "presentment_currency": order.get("presentmentCurrencyCode"),
        "taxes_included": order.get("taxesIncluded"),
        "customer_locale": order.get("customerLocale"),
        "buyer_accepts_marketing": order.get("customerAcceptsMarketing"),
        "tags": ", ".join(tag for tag in order.get("tags") or () if isinstance(tag, str)),
        "note": order.get("note"),
        "note_attributes": _attributes(order.get("customAttributes")),
        "financial_status": _lower(order.get("displayFinancialStatus")),
        "fulfillment_status": _FULFILLMENT_STATUS.get(order.get("displayFulfillmentStatus") or ""),
        "payment_gateway_names": list(order.get("paymentGatewayNames") or ()),
        "customer": _customer(order.get("customer")),
        "billing_address": _address(order.get("billingAddress")),
        "shipping_address": _address(order.get("shippingAddress")),
        "line_items": rest_lines,
        "shipping_lines": [_shipping_line(s) for s in _nodes(order.get("shippingLines"))],
        "tax_lines": _tax_lines(order.get("taxLines")),
        "discount_applications": applications,
        "discount_codes": _discount_codes(applications, rest_lines),
        "refunds": [_refund(refund) for refund in objects(order.get("refunds"))],
        "total_line_items_price": text(total_line_items),
        "subtotal_price": _money(order.get("subtotalPriceSet")),
        "total_discounts": _money(order.get("totalDiscountsSet")),
        "total_shipping_price_set": _money_set(order.get("totalShippingPriceSet")),
        "total_tax": _money(order.get("totalTaxSet")),
        "total_price": _money(order.get("totalPriceSet")),
        "current_total_price": _money(order.get("currentTotalPriceSet")),
        "total_outstanding": _money(order.get("totalOutstandingSet")),
        "reconciled": True,
    }


def _line(line: Mapping[str, Any]) -> dict[str, Any]:
    allocations = [
        {
            "amount": _money(a.get("allocatedAmountSet")),
            "discount_application_index": (a.get("discountApplication") or {}).get("index"),
        }
        for a in objects(line.get("discountAllocations"))
    ]
    variant = line.get("variant") or {}
    product = line.get("product") or {}
    return {
        "id": legacy_id(line.get("id")),
        "admin_graphql_api_id": line.get("id"),
        "sku": line.get("sku"),
        "title": line.get("title"),
        "name": line.get("name"),
        "variant_title": line.get("variantTitle"),
        "vendor": line.get("vendor"),
        "quantity": line.get("quantity"),
        "current_quantity": line.get("currentQuantity"),
        "fulfillable_quantity": line.get("unfulfilledQuantity"),
        "price": _money(line.get("originalUnitPriceSet")),
        "total_discount": text(sum_amounts(amount(a["amount"]) for a in allocations)),
        "discount_allocations": allocations,
        "tax_lines": _tax_lines(line.get("taxLines")),
        "product_id": legacy_id(product.get("id")),
        "variant_id": legacy_id(variant.get("id")),
        "requires_shipping": line.get("requiresShipping"),
        "taxable": line.get("taxable"),
        "gift_card": line.get("isGiftCard"),
        "properties": _attributes(line.get("customAttributes")),
    }


def _application(node: Mapping[str, Any]) -> dict[str, Any]:
    value = node.get("value") or {}
    percentage = value.get("percentage")
    return {
        "type": _APPLICATION_TYPE.get(node.get("__typename") or ""),
        "code": node.get("code"),
        "title": node.get("title"),
        "description": node.get("description"),
        "value": str(percentage) if percentage is not None else text(amount(value.get("amount"))),
        "value_type": "percentage" if percentage is not None else "fixed_amount",
        "target_type": _lower(node.get("targetType")),
        "target_selection": _lower(node.get("targetSelection")),
        "allocation_method": _lower(node.get("allocationMethod")),
    }


def _discount_codes(
    applications: Sequence[Mapping[str, Any]], lines: Sequence[Mapping[str, Any]]
) -> list[dict[str, Any]]:
    """REST's ``discount_codes``: each code with the amount it took off the lines."""
    codes = []
    for index, application in enumerate(applications):
        if application["type"] != "discount_code":
            continue
        taken = sum_amounts(
            amount(allocation["amount"])
            for line in lines
            for allocation in line["discount_allocations"]
            if allocation["discount_application_index"] == index
        )
        codes.append(
            {"code": application["code"], "amount": text(taken), "type": application["value_type"]}
        )
    return codes


def _shipping_line(line: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": legacy_id(line.get("id")),
        "title": line.get("title"),
        "code": line.get("code"),
        "source": line.get("source"),
        "price": _money(line.get("originalPriceSet")),
        "discounted_price": _money(line.get("discountedPriceSet")),
        "tax_lines": _tax_lines(line.get("taxLines")),
    }


def _refund(refund: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "transactions": [
            {
                "kind": _lower(t.get("kind")),
                "status": _lower(t.get("status")),
                "amount": _money(t.get("amountSet")),
            }
            for t in _nodes(refund.get("transactions"))
        ]
    }


def _tax_lines(value: Any) -> list[dict[str, Any]]:
    return [
        {"title": t.get("title"), "rate": t.get("rate"), "price": _money(t.get("priceSet"))}
        for t in objects(value)
    ]


def _customer(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    email = value.get("defaultEmailAddress") or {}
    phone = value.get("defaultPhoneNumber") or {}
    return {
        "id": legacy_id(value.get("id")),
        "admin_graphql_api_id": value.get("id"),
        "email": email.get("emailAddress"),
        "first_name": value.get("firstName"),
        "last_name": value.get("lastName"),
        "phone": phone.get("phoneNumber"),
    }


def _address(value: Any) -> dict[str, Any] | None:
    if not isinstance(value, Mapping):
        return None
    return {
        "name": value.get("name"),
        "first_name": value.get("firstName"),
        "last_name": value.get("lastName"),
        "company": value.get("company"),
        "address1": value.get("address1"),
        "address2": value.get("address2"),
        "city": value.get("city"),
        "province": value.get("province"),
        "province_code": value.get("provinceCode"),
        "zip": value.get("zip"),
        "country": value.get("country"),
        "country_code": value.get("countryCodeV2"),
        "phone": value.get("phone"),
    }


def _attributes(value: Any) -> list[dict[str, Any]]:
    return [{"name": a.get("key"), "value": a.get("value")} for a in objects(value)]


def _line_total(line: Mapping[str, Any]) -> Decimal | None:
    price, quantity = _price(line), line.get("quantity")
    if price is None or not isinstance(quantity, int) or isinstance(quantity, bool):
        return None
    return price * quantity


def _price(line: Mapping[str, Any]) -> Decimal | None:
    return amount(_shop_amount(line.get("originalUnitPriceSet")))


def _money(bag: Any) -> str | None:
    """A ``MoneyBag``'s shop amount as REST writes it: GraphQL's ``"5.0"`` is ``"5.00"``."""
    value = amount(_shop_amount(bag))
    exponent = value.as_tuple().exponent if value is not None else None
    if value is not None and isinstance(exponent, int) and exponent > -2:
        value = value.quantize(_CENTS)
    return text(value)


def _money_set(bag: Any) -> dict[str, Any] | None:
    """A ``MoneyBag`` as REST's ``*_set`` (shop money only: that is what was read)."""
    shown = _money(bag)
    return None if shown is None else {"shop_money": {"amount": shown}}


def _shop_amount(bag: Any) -> Any:
    shop = bag.get("shopMoney") if isinstance(bag, Mapping) else None
    return shop.get("amount") if isinstance(shop, Mapping) else None


def _nodes(connection: Any) -> list[Mapping[str, Any]]:
    return objects(connection.get("nodes")) if isinstance(connection, Mapping) else []


def _lower(value: Any) -> str | None:
    return value.lower() if isinstance(value, str) else None
