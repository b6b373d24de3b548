"""What a shopper does on the online store, as plain functions on the store.

Each function is one ``state.transaction`` tagged ``source="shopper"``, so its changes
fire webhooks exactly as Shopify's checkout does (``checkouts/create``/``update``,
then ``orders/create``, ``orders/paid``, ``order_transactions/create``,
``customers/create``...). Bad input raises ``merchant.ActionError`` naming the field
(``lines.0.sku``, ``email``, ``token``) with an HTTP status. Answers are small
JSON-able summaries (snake_case, as the control API shows them), not the stored
documents: a checkout's ``token`` and ``abandoned_checkout_url``, an order's ``name``.

Choices made where Shopify's checkout cannot be reproduced exactly:

* a checkout links the customer owning its email when there is one; completing it
  finds or creates that customer (``customers/create`` for a new one) and counts the
  order on them, as Shopify's checkout does for guests;
* payment ``"success"`` records a ``SALE`` that succeeded (the order is ``PAID``);
  ``"pending"`` an ``AUTHORIZATION`` that succeeded, to capture later (``AUTHORIZED``,
  as with manual capture); ``"failure"`` a ``SALE`` that failed with
  ``CARD_DECLINED``, leaving the order ``PENDING``. Shopify creates no order when a
  card is declined at checkout; the sandbox models the asynchronous payment methods
  that fail after the order exists, so integrations can see a failed transaction;
* addresses may use Shopify's input names (``countryCode``) or REST's
  (``country_code``); the billing address is the shipping address.
"""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from typing import Any, Final, Literal

from shopbridge.sandbox.domains.checkouts_store import (
    CHECKOUT,
    by_token,
    checkout_line,
    new_checkout,
    set_lines,
)
from shopbridge.sandbox.domains.customers_store import (
    email_consent,
    find_by_email,
    new_customer,
    normalize_email,
    normalize_phone,
    record_order,
)
from shopbridge.sandbox.domains.order_stock import InsufficientStockError
from shopbridge.sandbox.domains.order_values import bag_amount, mailing_address
from shopbridge.sandbox.domains.orders_store import (
    ORDER,
    OrderSpec,
    create_order,
    line_from_variant,
)
from shopbridge.sandbox.domains.payments_store import (
    add_transaction,
    capturable_amount,
    outstanding,
    refresh_payments,
    transactions_of,
)
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.domains.storefront_cart_store import find_cart, live_lines
from shopbridge.sandbox.gid import InvalidGidError, legacy_id, parse_gid
from shopbridge.sandbox.merchant import ActionError, find_variant
from shopbridge.sandbox.payloads import money
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "SHOPPER_SOURCE",
    "Payment",
    "abandon_checkout",
    "checkout_cart",
    "complete_checkout",
    "fail_payment",
    "pay_order",
    "start_checkout",
    "update_checkout",
]

SHOPPER_SOURCE: Final = "shopper"
Payment = Literal["success", "failure", "pending"]
_SNAKE: Final = re.compile(r"_([a-z])")


def _lines(state: State, lines: Sequence[tuple[str, int]], currency: str) -> list[Doc]:
    if not lines:
        raise ActionError("lines", "a checkout needs at least one line")
    built = []
    for index, (ref, quantity) in enumerate(lines):
        if quantity < 1:
            raise ActionError(f"lines.{index}.quantity", "must be at least 1")
        try:
            variant = find_variant(state, ref)
        except ActionError as error:
            raise ActionError(f"lines.{index}.sku", error.message, error.status) from error
        built.append(checkout_line(state, variant, quantity, currency))
    return built


def _address(state: State, given: Mapping[str, Any] | None) -> Doc | None:
    if not given:
        return None
    camel = {_SNAKE.sub(lambda m: m.group(1).upper(), key): value for key, value in given.items()}
    return mailing_address(state, camel)


def _set_email(state: State, checkout: Doc, email: str) -> None:
    normalized = normalize_email(email)
    if normalized is None:
        raise ActionError("email", f"{email!r} is not a valid email")
    checkout["_email"] = normalized
    customer = find_by_email(state, normalized)
    checkout["customerId"] = customer["id"] if customer else None


def _view(checkout: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": checkout["id"],
        "token": checkout["_token"],
        "cart_token": checkout["_cartToken"],
        "name": checkout["name"],
        "email": checkout["_email"],
        "abandoned_checkout_url": checkout["abandonedCheckoutUrl"],
        "customer_id": checkout["customerId"],
        "total_price": money(bag_amount(checkout["totalPriceSet"])),
        "currency": checkout["_currency"],
        "line_items": [
            {"sku": line["sku"], "variant_id": line["variantId"], "quantity": line["quantity"]}
            for line in checkout["lineItems"]
        ],
        "abandoned_at": checkout["_abandonedAt"],
        "completed_at": checkout["completedAt"],
        "order_id": checkout["_orderId"],
    }


def _order_view(state: State, order: Mapping[str, Any]) -> dict[str, Any]:
    return {
        "id": order["id"],
        "name": order["name"],
        "financial_status": order["displayFinancialStatus"],
        "total_price": money(bag_amount(order["totalPriceSet"])),
        "currency": order["currencyCode"],
        "customer_id": order["customerId"],
        "checkout_token": order["checkoutToken"],
        "transactions": [
            {
                "id": t["id"],
                "kind": t["kind"],
                "status": t["status"],
                "amount": money(bag_amount(t["amountSet"])),
                "gateway": t["gateway"],
            }
            for t in transactions_of(state, order["id"])
        ],
    }


def start_checkout(
    state: State,
    *,
    lines: Sequence[tuple[str, int]],
    email: str | None,
    first_name: str | None = None,
    last_name: str | None = None,
    phone: str | None = None,
    shipping_address: Mapping[str, Any] | None = None,
    accepts_marketing: bool = False,
) -> dict[str, Any]:
    """A shopper reaches checkout with ``lines`` (SKU or variant GID, quantity)."""
    with state.transaction(source=SHOPPER_SOURCE):
        currency = shop_doc(state)["currencyCode"]
        checkout = new_checkout(state, _lines(state, lines, currency))
        if email:
            _set_email(state, checkout, email)
        if phone:
            checkout["_phone"] = normalize_phone(phone)
            if checkout["_phone"] is None:
                raise ActionError("phone", f"{phone!r} is not a valid phone number")
        checkout["_firstName"], checkout["_lastName"] = first_name, last_name
        checkout["_acceptsMarketing"] = accepts_marketing
        checkout["shippingAddress"] = _address(state, shipping_address)
        checkout["billingAddress"] = _address(state, shipping_address)
        return _view(state.save(checkout))


def checkout_cart(state: State, cart_id: str) -> dict[str, Any]:
    """A Storefront API cart goes to checkout (the shopper followed its ``checkoutUrl``).

    The checkout gets the cart's lines still on sale and its buyer's email and phone;
    completing it then works as for any checkout. A wrong id or key finds no cart.
    """
    cart = find_cart(state, cart_id)
    if cart is None:
        raise ActionError("cart_id", f"no cart {cart_id!r} (the id includes its ?key=)", 404)
    lines = [(variant["id"], int(line["quantity"])) for line, variant in live_lines(state, cart)]
    if not lines:
        raise ActionError("cart_id", "the cart has no lines that are still for sale")
    buyer = cart["buyerIdentity"]
    return start_checkout(state, lines=lines, email=buyer.get("email"), phone=buyer.get("phone"))


def _checkout(state: State, token: str) -> Doc:
    found = by_token(state, token)
    if found is None:
        raise ActionError("token", f"no checkout with token {token!r}", status=404)
    if found["completedAt"] is not None:
        raise ActionError("token", "this checkout is already completed", status=409)
    copy = state.edit(CHECKOUT, legacy_id(found["id"]))
    assert copy is not None
    return copy


def update_checkout(
    state: State,
    token: str,
    *,
    lines: Sequence[tuple[str, int]] | None = None,
    email: str | None = None,
    shipping_address: Mapping[str, Any] | None = None,
) -> dict[str, Any]:
    """The shopper changes the cart, the email or the address (``checkouts/update``)."""
    with state.transaction(source=SHOPPER_SOURCE):
        checkout = _checkout(state, token)
        if lines is not None:
            set_lines(checkout, _lines(state, lines, checkout["_currency"]), checkout["_currency"])
        if email is not None:
            _set_email(state, checkout, email)
        if shipping_address is not None:
            checkout["shippingAddress"] = _address(state, shipping_address)
            checkout["billingAddress"] = _address(state, shipping_address)
        checkout["updatedAt"] = state.now()
        return _view(state.save(checkout))


def abandon_checkout(state: State, token: str) -> dict[str, Any]:
    """The shopper leaves: the checkout is listed in ``abandonedCheckouts`` when it has
    an email or a phone (see ``checkouts_store``). Shopify sends no webhook for this."""
    with state.transaction(source=SHOPPER_SOURCE):
        checkout = _checkout(state, token)
        checkout["_abandonedAt"] = checkout["_abandonedAt"] or state.now()
        return _view(state.save(checkout))


def _customer(state: State, checkout: Mapping[str, Any], currency: str) -> str | None:
    email = checkout["_email"]
    if not email:
        return None
    found = find_by_email(state, email)
    if found is not None:
        return str(found["id"])
    created = new_customer(state, currency)
    subscribed = "SUBSCRIBED" if checkout["_acceptsMarketing"] else "NOT_SUBSCRIBED"
    consent = email_consent(subscribed)
    if checkout["_acceptsMarketing"]:
        consent["consentUpdatedAt"] = state.now()
    created.update(
        {
            "email": email,
            "firstName": checkout["_firstName"],
            "lastName": checkout["_lastName"],
            "phone": checkout["_phone"],
            "emailMarketingConsent": consent,
        }
    )
    return str(state.save(created)["id"])


def _order_spec(state: State, checkout: Mapping[str, Any], customer_id: str | None) -> OrderSpec:
    lines = []
    for line in checkout["lineItems"]:
        variant = state.get_gid(line["variantId"])
        if variant is None:
            raise ActionError("lines", f"{line['sku']} is no longer sold", status=409)
        unit = bag_amount(line["originalUnitPriceSet"])
        lines.append(line_from_variant(state, variant, line["quantity"], unit))
    shipping = checkout["shippingAddress"]
    address = {
        "address1": shipping["address1"], "address2": shipping["address2"],
        "city": shipping["city"], "company": shipping["company"],
        "countryCode": shipping["countryCodeV2"], "firstName": shipping["firstName"],
        "lastName": shipping["lastName"], "phone": shipping["phone"],
        "provinceCode": shipping["provinceCode"], "zip": shipping["zip"],
    } if shipping else None  # fmt: skip
    return OrderSpec(
        lines=lines,
        email=checkout["_email"],
        phone=checkout["_phone"],
        source_name="web",
        buyer_accepts_marketing=checkout["_acceptsMarketing"],
        billing_address=address,
        shipping_address=address,
        customer_id=customer_id,
        customer={
            "email": checkout["_email"],
            "firstName": checkout["_firstName"],
            "lastName": checkout["_lastName"],
            "phone": checkout["_phone"],
        },
        cart_token=checkout["_cartToken"],
        checkout_token=checkout["_token"],
    )


def complete_checkout(
    state: State, token: str, *, payment: Payment = "success", gateway: str = "bogus"
) -> dict[str, Any]:
    """The shopper pays: the order is created as a web checkout creates it."""
    if payment not in ("success", "failure", "pending"):
        raise ActionError("payment", "must be success, failure or pending")
    with state.transaction(source=SHOPPER_SOURCE):
        checkout = _checkout(state, token)
        if not (checkout["_email"] or checkout["_phone"]):
            raise ActionError("email", "give an email or a phone before paying")
        customer_id = _customer(state, checkout, checkout["_currency"])
        spec = _order_spec(state, checkout, customer_id)
        try:
            order = create_order(state, spec, "DECREMENT_OBEYING_POLICY")
        except InsufficientStockError as exc:
            index = next(
                i for i, s in enumerate(spec.lines) if s.variant and s.variant["id"] == str(exc)
            )
            raise ActionError(f"lines.{index}.sku", "not enough stock left", 409) from exc
        total = bag_amount(order["totalPriceSet"])
        if payment == "success":
            add_transaction(state, order, "SALE", "SUCCESS", total, gateway=gateway)
        elif payment == "pending":
            add_transaction(state, order, "AUTHORIZATION", "SUCCESS", total, gateway=gateway)
        else:
            add_transaction(
                state, order, "SALE", "FAILURE", total, gateway=gateway, error_code="CARD_DECLINED"
            )
        if customer_id is not None:
            record_order(state, customer_id, total, order["id"])
        order = refresh_payments(state, dict(order))
        checkout.update(
            {"completedAt": order["createdAt"], "updatedAt": order["createdAt"],
             "_orderId": order["id"], "_gateway": gateway, "customerId": customer_id}
        )  # fmt: skip
        state.save(checkout)
        return _order_view(state, order)


def _order(state: State, order_gid: str) -> Doc:
    try:
        parsed = parse_gid(order_gid, ORDER)
    except InvalidGidError as exc:
        raise ActionError("order_id", str(exc)) from exc
    order = state.edit(ORDER, parsed.id)
    if order is None:
        raise ActionError("order_id", f"no order {order_gid}", status=404)
    if order["cancelledAt"] is not None:
        raise ActionError("order_id", "the order is cancelled", status=409)
    return order


def _open_authorization(transactions: list[Doc]) -> Doc | None:
    return next(
        (
            t
            for t in transactions
            if t["kind"] == "AUTHORIZATION"
            and t["status"] == "SUCCESS"
            and capturable_amount(transactions, t) > 0
        ),
        None,
    )


def _gateway(transactions: list[Doc]) -> str:
    return next((t["gateway"] for t in reversed(transactions)), "bogus")


def pay_order(state: State, order_gid: str) -> dict[str, Any]:
    """Payment arrives: open authorizations are captured, then a sale covers what is due."""
    with state.transaction(source=SHOPPER_SOURCE):
        order = _order(state, order_gid)
        transactions = transactions_of(state, order["id"])
        due = outstanding(order, transactions)
        if due <= 0:
            raise ActionError("order_id", "nothing is left to pay on this order", status=409)
        while due > 0 and (parent := _open_authorization(transactions)) is not None:
            amount = min(capturable_amount(transactions, parent), due)
            add_transaction(
                state, order, "CAPTURE", "SUCCESS", amount,
                gateway=parent["gateway"], parent_id=parent["id"],
            )  # fmt: skip
            transactions = transactions_of(state, order["id"])
            due -= amount
        if due > 0:
            add_transaction(state, order, "SALE", "SUCCESS", due, gateway=_gateway(transactions))
        return _order_view(state, refresh_payments(state, order))


def fail_payment(state: State, order_gid: str) -> dict[str, Any]:
    """A payment attempt on the order fails (a capture of its authorization, else a sale)."""
    with state.transaction(source=SHOPPER_SOURCE):
        order = _order(state, order_gid)
        transactions = transactions_of(state, order["id"])
        due = outstanding(order, transactions)
        if due <= 0:
            raise ActionError("order_id", "nothing is left to pay on this order", status=409)
        parent = _open_authorization(transactions)
        add_transaction(
            state,
            order,
            "CAPTURE" if parent else "SALE",
            "FAILURE",
            min(capturable_amount(transactions, parent), due) if parent else due,
            gateway=parent["gateway"] if parent else _gateway(transactions),
            parent_id=parent["id"] if parent else None,
            error_code="CARD_DECLINED",
        )
        return _order_view(state, refresh_payments(state, order))
