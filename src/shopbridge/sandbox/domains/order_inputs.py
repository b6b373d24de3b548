"""``OrderCreateOrderInput`` -> ``orders_store.OrderSpec``, with Shopify's userErrors.

Checks made, with the ``OrderCreateUserErrorCode`` each answers: a line item needs a
known ``variantId`` or a ``title`` and ``priceSet`` and a positive quantity
(``INVALID``); ``processedAt`` cannot be in the future (``PROCESSED_AT_INVALID``);
``customer`` and the deprecated ``customerId`` together are ``REDUNDANT_CUSTOMER_FIELDS``.
Money must be in the shop's currency (the sandbox sells in one currency). Input
fields the sandbox does not model (discount codes, metafields, fulfillment, B2B...)
are refused with "not supported by the sandbox".

Customers: ``customer.toAssociate`` links an existing ``Customer`` (by id or email);
``toUpsert`` links the one found by id or email, or creates one from the given email
and names (``customers_store``). The order also keeps the given details as a snapshot.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.context import Info
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.customers_store import find_by_email, new_customer, normalize_email
from shopbridge.sandbox.domains.order_values import weight_grams
from shopbridge.sandbox.domains.orders_store import (
    LineSpec,
    OrderSpec,
    ShippingSpec,
    TaxSpec,
    line_from_variant,
)
from shopbridge.sandbox.errors import bad_request
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    parse_decimal,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.state import State

__all__ = ["ORDER_INPUTS", "address_input", "money_input", "order_spec"]

ORDER_INPUTS: Final = {
    "lineItems", "email", "phone", "note", "tags", "poNumber", "name", "sourceName",
    "sourceIdentifier", "sourceUrl", "processedAt", "closedAt", "test", "taxesIncluded",
    "buyerAcceptsMarketing", "billingAddress", "shippingAddress", "shippingLines", "taxLines",
    "customAttributes", "customer", "customerId", "financialStatus", "transactions", "currency",
    "presentmentCurrency", "referringSite",
}  # fmt: skip
_LINE_INPUTS: Final = {
    "variantId", "title", "priceSet", "quantity", "sku", "taxLines", "taxable",
    "requiresShipping", "variantTitle", "vendor", "properties", "weight", "giftCard",
}  # fmt: skip
_ADDRESS_INPUTS: Final = {
    "address1", "address2", "city", "company", "countryCode", "firstName", "lastName",
    "phone", "provinceCode", "zip",
}  # fmt: skip


def money_input(value: Mapping[str, Any] | None, currency: str) -> Decimal:
    """The amount of a ``MoneyBagInput``/``MoneyInput`` in the shop's currency."""
    if value is None:
        return Decimal(0)
    money = value.get("shopMoney", value)
    if money["currencyCode"] != currency:
        raise bad_request(
            f"Currency {money['currencyCode']} is not supported by the sandbox "
            f"(the shop sells in {currency})"
        )
    return parse_decimal(money["amount"])


def address_input(value: Mapping[str, Any] | None) -> Mapping[str, Any] | None:
    refuse_unsupported_inputs(value, "MailingAddressInput", _ADDRESS_INPUTS)
    return value


def _taxes(lines: list[Mapping[str, Any]] | None, currency: str) -> list[TaxSpec]:
    return [
        (t["title"], parse_decimal(t["rate"]), money_input(t.get("priceSet"), currency))
        for t in lines or []
    ]


def _line(
    state: State, info: Info, given: Mapping[str, Any], index: int, currency: str
) -> LineSpec:
    refuse_unsupported_inputs(given, "OrderCreateLineItemInput", _LINE_INPUTS)
    where = ("order", "lineItems", index)
    if given["quantity"] <= 0:
        message = "Quantity must be greater than 0"
        raise UserErrors([user_error(info, "INVALID", field_path(*where, "quantity"), message)])
    price = money_input(given["priceSet"], currency) if given.get("priceSet") else None
    if given.get("variantId"):
        variant = lookup(state, given["variantId"], "ProductVariant")
        if variant is None:
            message = "Variant does not exist"
            raise UserErrors(
                [user_error(info, "INVALID", field_path(*where, "variantId"), message)]
            )
        spec = line_from_variant(state, variant, given["quantity"], price)
    else:
        if not given.get("title") or price is None:
            message = "Line item must have a variant, or a title and a price"
            raise UserErrors([user_error(info, "INVALID", field_path(*where), message)])
        spec = LineSpec(quantity=given["quantity"], price=price, title=given["title"])
    for key, attr in (("sku", "sku"), ("variantTitle", "variant_title"), ("vendor", "vendor")):
        if given.get(key) is not None:
            setattr(spec, attr, given[key])
    for key, attr in (("taxable", "taxable"), ("requiresShipping", "requires_shipping")):
        if given.get(key) is not None:
            setattr(spec, attr, given[key])
    spec.gift_card = bool(given.get("giftCard"))
    if given.get("weight"):
        spec.grams = weight_grams(given["weight"])
    spec.tax_lines = _taxes(given.get("taxLines"), currency)
    spec.properties = [dict(p) for p in given.get("properties") or []]
    return spec


def _customer(
    state: State, info: Info, given: Mapping[str, Any], spec: OrderSpec, currency: str
) -> None:
    if given.get("customer") and given.get("customerId"):
        raise UserErrors([user_error(info, "REDUNDANT_CUSTOMER_FIELDS", ["order", "customer"])])
    if given.get("customerId"):
        found = lookup(state, given["customerId"], "Customer")
        if found is None:
            message = "Customer does not exist"
            raise UserErrors([user_error(info, "INVALID", ["order", "customerId"], message)])
        spec.customer_id = found["id"]
        return
    customer = given.get("customer") or {}
    wanted = customer.get("toAssociate") or customer.get("toUpsert")
    if not wanted:
        return
    if customer.get("toUpsert"):
        refuse_unsupported_inputs(
            wanted,
            "OrderCreateUpsertCustomerAttributesInput",
            {"id", "email", "firstName", "lastName", "phone"},
        )
    found = None
    if wanted.get("id"):
        found = lookup(state, wanted["id"], "Customer")
    elif wanted.get("email"):
        found = find_by_email(state, wanted["email"])
    if found is None and customer.get("toAssociate"):
        message = "Customer does not exist"
        raise UserErrors([user_error(info, "INVALID", ["order", "customer"], message)])
    if found is None and wanted.get("email"):
        created = new_customer(state, currency)
        created.update(
            {
                "email": normalize_email(wanted["email"]),
                "firstName": wanted.get("firstName"),
                "lastName": wanted.get("lastName"),
            }
        )
        found = state.save(created)
    spec.customer_id = found["id"] if found else None
    spec.customer = {
        "email": wanted.get("email") or (found or {}).get("email"),
        "firstName": wanted.get("firstName"),
        "lastName": wanted.get("lastName"),
        "phone": wanted.get("phone"),
    }
    spec.email = spec.email or spec.customer["email"]


def order_spec(state: State, info: Info, given: Mapping[str, Any], currency: str) -> OrderSpec:
    """Check ``OrderCreateOrderInput`` and build the spec (raises ``UserErrors``)."""
    refuse_unsupported_inputs(given, "OrderCreateOrderInput", ORDER_INPUTS)
    for key in ("currency", "presentmentCurrency"):
        if given.get(key) and given[key] != currency:
            raise bad_request(f"Currency {given[key]} is not supported by the sandbox")
    processed_at = given.get("processedAt")
    if processed_at is not None and str(processed_at) > state.now():
        raise UserErrors([user_error(info, "PROCESSED_AT_INVALID", ["order", "processedAt"])])
    lines = [
        _line(state, info, line, index, currency)
        for index, line in enumerate(given.get("lineItems") or [])
    ]
    spec = OrderSpec(
        lines=lines,
        email=given.get("email"),
        phone=given.get("phone"),
        note=given.get("note"),
        tags=list(given.get("tags") or []),
        po_number=given.get("poNumber"),
        name=given.get("name"),
        source_name=given.get("sourceName") or "shopify_draft_order",
        source_identifier=given.get("sourceIdentifier"),
        source_url=given.get("sourceUrl"),
        processed_at=str(processed_at) if processed_at else None,
        closed_at=str(given["closedAt"]) if given.get("closedAt") else None,
        test=bool(given.get("test")),
        taxes_included=bool(given.get("taxesIncluded")),
        buyer_accepts_marketing=bool(given.get("buyerAcceptsMarketing")),
        billing_address=address_input(given.get("billingAddress")),
        shipping_address=address_input(given.get("shippingAddress")),
        shipping_lines=[
            ShippingSpec(
                title=s["title"],
                price=money_input(s["priceSet"], currency),
                code=s.get("code"),
                source=s.get("source"),
                tax_lines=_taxes(s.get("taxLines"), currency),
            )
            for s in given.get("shippingLines") or []
        ],
        tax_lines=_taxes(given.get("taxLines"), currency),
        custom_attributes=[
            {"key": a["key"], "value": a["value"]} for a in given.get("customAttributes") or []
        ],
        referring_site=given.get("referringSite"),
    )
    _customer(state, info, given, spec, currency)
    return spec
