"""Pieces shared by the order-family REST payloads: money sets, addresses, line items."""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload

__all__ = ["amount", "price", "rest_address", "rest_line_item", "rest_money_set", "rest_tax_lines"]


def rest_money_set(bag: Mapping[str, Any] | None, key: str = "currency_code") -> Payload | None:
    """A GraphQL ``MoneyBag`` as REST's ``*_set`` (``{shop_money, presentment_money}``)."""
    if bag is None:
        return None

    def money(side: Mapping[str, Any]) -> Payload:
        return {"amount": price(bag_amount({"shopMoney": side})), key: side["currencyCode"]}

    return {
        "shop_money": money(bag["shopMoney"]),
        "presentment_money": money(bag["presentmentMoney"]),
    }


def price(value: Decimal) -> str:
    return f"{value:.2f}"


def amount(bag: Mapping[str, Any] | None) -> str:
    return price(bag_amount(bag))


def rest_address(address: Mapping[str, Any] | None) -> Payload | None:
    if address is None:
        return None
    return {
        "address1": address["address1"],
        "address2": address["address2"],
        "city": address["city"],
        "company": address["company"],
        "country": address["country"],
        "country_code": address["countryCodeV2"],
        "first_name": address["firstName"],
        "last_name": address["lastName"],
        "latitude": address["latitude"],
        "longitude": address["longitude"],
        "name": address["name"],
        "phone": address["phone"],
        "province": address["province"],
        "province_code": address["provinceCode"],
        "zip": address["zip"],
    }


def rest_tax_lines(lines: list[Mapping[str, Any]]) -> list[Payload]:
    return [
        {
            "channel_liable": line["channelLiable"],
            "price": amount(line["priceSet"]),
            "price_set": rest_money_set(line["priceSet"]),
            "rate": line["rate"],
            "title": line["title"],
        }
        for line in lines
    ]


def _line_fulfillment_status(line: Mapping[str, Any]) -> str | None:
    """``fulfilled`` once nothing is left to ship (units refunded after shipping stay
    shipped), ``partial`` while some are, ``null`` before any."""
    fulfilled: int = line["_fulfilled"]
    if fulfilled <= 0:
        return None
    return "fulfilled" if fulfilled >= line["currentQuantity"] else "partial"


def rest_line_item(state: State, line: Mapping[str, Any]) -> Payload:
    variant = state.get_gid(line["variantId"]) if line.get("variantId") else None
    return {
        "admin_graphql_api_id": line["id"],
        "attributed_staffs": [],
        "current_quantity": line["currentQuantity"],
        "discount_allocations": [],
        "duties": [],
        "fulfillable_quantity": line["unfulfilledQuantity"],
        "fulfillment_service": "manual",
        "fulfillment_status": _line_fulfillment_status(line),
        "gift_card": line["isGiftCard"],
        "grams": line["_grams"],
        "id": legacy_id(line["id"]),
        "name": line["name"],
        "price": amount(line["originalUnitPriceSet"]),
        "price_set": rest_money_set(line["originalUnitPriceSet"]),
        "product_exists": line.get("productId") is not None
        and state.get_gid(line["productId"]) is not None,
        "product_id": numeric_id(line.get("productId")),
        "properties": [{"name": a["key"], "value": a["value"]} for a in line["customAttributes"]],
        "quantity": line["quantity"],
        "requires_shipping": line["requiresShipping"],
        "sales_line_item_group_id": None,
        "sku": line["sku"],
        "tax_lines": rest_tax_lines(line["taxLines"]),
        "taxable": line["taxable"],
        "title": line["title"],
        "total_discount": amount(line["totalDiscountSet"]),
        "total_discount_set": rest_money_set(line["totalDiscountSet"]),
        "variant_id": numeric_id(line.get("variantId")),
        "variant_inventory_management": "shopify" if variant is not None else None,
        "variant_title": line["variantTitle"],
        "vendor": line["vendor"],
    }
