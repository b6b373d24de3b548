"""``DraftOrderInput`` -> changes to a draft order document, with userErrors.

Draft order mutations answer plain ``UserError`` entries (no code); their messages
are the sandbox's wording. Checks made: a line needs a known ``variantId`` or a
``title`` and a price, a positive quantity, and at most 499 lines per draft; a
customer given by id must exist; an email must be well formed. As documented,
``title``, ``sku``, price, ``taxable``, ``requiresShipping`` and weight are ignored on
a line with a ``variantId``, and ``lineItems`` replaces every line on update.

Choices: a draft with an email and no customer is linked to the customer owning that
email, when there is one. ``reserveInventoryUntil``, shipping lines, discount codes,
payment terms, metafields and B2B purchasing companies are refused as not supported.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.context import Info
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.customers_store import find_by_email, normalize_email
from shopbridge.sandbox.domains.draft_orders_store import (
    Discount,
    discount_of,
    new_line,
    set_totals,
)
from shopbridge.sandbox.domains.order_inputs import address_input, money_input
from shopbridge.sandbox.domains.order_values import mailing_address, weight_grams
from shopbridge.sandbox.domains.orders_store import LineSpec, line_from_variant
from shopbridge.sandbox.errors import bad_request
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    parse_decimal,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.state import Doc, State

__all__ = ["DRAFT_INPUTS", "MAX_LINES", "apply_input"]

MAX_LINES: Final = 499
DRAFT_INPUTS: Final = {
    "lineItems", "email", "phone", "note", "tags", "poNumber", "customAttributes",
    "customerId", "purchasingEntity", "billingAddress", "shippingAddress", "appliedDiscount",
    "sourceName", "taxExempt", "presentmentCurrencyCode", "allowDiscountCodesInCheckout",
    "visibleToCustomer",
}  # fmt: skip
_LINE_INPUTS: Final = {
    "variantId", "title", "originalUnitPrice", "originalUnitPriceWithCurrency", "quantity",
    "sku", "taxable", "requiresShipping", "weight", "grams", "customAttributes",
    "appliedDiscount", "uuid", "priceOverride",
}  # fmt: skip
_DISCOUNT_INPUTS: Final = {"amount", "amountWithCurrency", "description", "title", "value",
                           "valueType"}  # fmt: skip


def _fail(info: Info, field: list[str], message: str) -> UserErrors:
    return UserErrors([user_error(info, None, field, message)])


def _discount(given: Mapping[str, Any] | None, currency: str) -> Discount | None:
    if not given:
        return None
    refuse_unsupported_inputs(given, "DraftOrderAppliedDiscountInput", _DISCOUNT_INPUTS)
    value = parse_decimal(given["value"])
    if given["valueType"] == "FIXED_AMOUNT" and given.get("amountWithCurrency"):
        value = money_input(given["amountWithCurrency"], currency)
    return Discount(value, given["valueType"], given.get("title"), given.get("description") or "")


def _line(state: State, info: Info, given: Mapping[str, Any], index: int, currency: str) -> Doc:
    refuse_unsupported_inputs(given, "DraftOrderLineItemInput", _LINE_INPUTS)
    where = ("lineItems", index)
    if given["quantity"] <= 0:
        raise _fail(info, field_path(*where, "quantity"), "Quantity must be greater than 0")
    override = money_input(given["priceOverride"], currency) if given.get("priceOverride") else None
    if given.get("variantId"):
        variant = lookup(state, given["variantId"], "ProductVariant")
        if variant is None:
            raise _fail(info, field_path(*where, "variantId"), "Product variant does not exist")
        spec = line_from_variant(state, variant, given["quantity"], override)
    else:
        if given.get("originalUnitPriceWithCurrency"):
            price: Decimal | None = money_input(given["originalUnitPriceWithCurrency"], currency)
        elif given.get("originalUnitPrice") is not None:
            price = parse_decimal(given["originalUnitPrice"])
        else:
            price = override
        if not given.get("title") or price is None:
            message = "A custom line item needs a title and a price"
            raise _fail(info, field_path(*where), message)
        spec = LineSpec(quantity=given["quantity"], price=price, title=given["title"])
        spec.sku = given.get("sku")
        for key, attr in (("taxable", "taxable"), ("requiresShipping", "requires_shipping")):
            if given.get(key) is not None:
                setattr(spec, attr, given[key])
        if given.get("weight"):
            spec.grams = weight_grams(given["weight"])
        elif given.get("grams") is not None:
            spec.grams = given["grams"]
    spec.properties = [
        {"name": a["key"], "value": a["value"]} for a in given.get("customAttributes") or []
    ]
    line = new_line(
        state, spec, currency, _discount(given.get("appliedDiscount"), currency), given.get("uuid")
    )
    if override is not None and given.get("variantId"):
        line["priceOverride"] = {"amount": str(override), "currencyCode": currency}
    return line


def _customer(state: State, info: Info, given: Mapping[str, Any], draft: Doc) -> None:
    entity = given.get("purchasingEntity") or {}
    refuse_unsupported_inputs(entity, "PurchasingEntityInput", {"customerId"})
    wanted = given.get("customerId") or entity.get("customerId")
    if wanted:
        found = lookup(state, wanted, "Customer")
        if found is None:
            where = (
                ["customerId"] if given.get("customerId") else ["purchasingEntity", "customerId"]
            )
            raise _fail(info, where, "Customer does not exist")
        draft["customerId"] = found["id"]
        draft["email"] = draft["email"] or found["email"]
        draft["phone"] = draft["phone"] or found["phone"]
    elif draft["customerId"] is None and draft["email"]:
        found = find_by_email(state, draft["email"])
        draft["customerId"] = found["id"] if found else None
    draft["purchasingEntity"] = None


def apply_input(state: State, info: Info, draft: Doc, given: Mapping[str, Any]) -> Doc:
    """Apply a ``DraftOrderInput`` to ``draft`` (a copy) and recompute its totals."""
    refuse_unsupported_inputs(given, "DraftOrderInput", DRAFT_INPUTS)
    currency = draft["currencyCode"]
    if given.get("presentmentCurrencyCode") not in (None, currency):
        raise bad_request(
            f"Currency {given['presentmentCurrencyCode']} is not supported by the sandbox "
            f"(the shop sells in {currency})"
        )
    if "lineItems" in given:
        lines = given["lineItems"] or []
        if len(lines) > MAX_LINES:
            raise _fail(info, ["lineItems"], f"A draft order can have at most {MAX_LINES} lines")
        draft["lineItems"] = [_line(state, info, line, i, currency) for i, line in enumerate(lines)]
    if given.get("email") is not None:
        email = normalize_email(given["email"])
        if email is None:
            raise _fail(info, ["email"], "Email is invalid")
        draft["email"] = email
    for key, target in (("phone", "phone"), ("note", "note2"), ("poNumber", "poNumber")):
        if key in given:
            draft[target] = given[key]
    for key in ("taxExempt", "allowDiscountCodesInCheckout", "visibleToCustomer"):
        if given.get(key) is not None:
            draft[key] = given[key]
    if "tags" in given:
        draft["tags"] = sorted({t.strip() for t in given["tags"] or [] if t.strip()}, key=str.lower)
    if "customAttributes" in given:
        draft["customAttributes"] = [
            {"key": a["key"], "value": a.get("value")} for a in given["customAttributes"] or []
        ]
    for key in ("billingAddress", "shippingAddress"):
        if key in given:
            draft[key] = mailing_address(state, address_input(given[key]))
    if given.get("sourceName"):
        draft["_sourceName"] = given["sourceName"]
    _customer(state, info, given, draft)
    if "appliedDiscount" in given:
        order_discount = _discount(given["appliedDiscount"], currency)
    else:
        order_discount = discount_of(draft["appliedDiscount"])
    set_totals(draft, order_discount)
    billing, shipping = draft["billingAddress"], draft["shippingAddress"]
    draft["billingAddressMatchesShippingAddress"] = _same(billing, shipping)
    if not draft["lineItems"]:
        raise _fail(info, ["lineItems"], "A draft order must include at least one line item")
    return draft


def _same(a: Mapping[str, Any] | None, b: Mapping[str, Any] | None) -> bool:
    if a is None or b is None:
        return a is b
    return {k: v for k, v in a.items() if k != "id"} == {k: v for k, v in b.items() if k != "id"}
