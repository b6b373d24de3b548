"""Cart mutations: ``cartCreate``, ``cartLinesAdd|Update|Remove``, ``cartBuyerIdentityUpdate``,
``cartDiscountCodesUpdate``, ``cartNoteUpdate`` and ``cartAttributesUpdate``.

A failing mutation answers ``cart: null`` with ``userErrors`` and changes nothing.
Codes and messages follow what Shopify answers: an unknown or unpublished variant is
``INVALID`` with "The merchandise with id … does not exist." on the line's
``merchandiseId`` (live answers; ``INVALID_MERCHANDISE_LINE`` is documented as "not
found in cart" and is used for unknown line ids); an unknown cart is ``INVALID`` on
``cartId``. Since 2024-10 stock shortfalls are not errors but ``warnings``: the line
is capped to the stock (see ``storefront_cart_store.enforce_stock``). Discount codes
are recorded with ``applicable: false``: the sandbox has no discount engine yet.
Inputs the sandbox does not model (gift cards, delivery, selling plans, customer
access tokens...) answer "not supported by the sandbox".
"""

from __future__ import annotations

import copy
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.storefront_cart_store import (
    add_line,
    enforce_stock,
    find_cart,
    new_cart,
    save_cart,
)
from shopbridge.sandbox.domains.storefront_stock import visible_variant
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["storefront_cart_mutations"]

storefront_cart_mutations = Domain("storefront_cart_mutations", api="storefront")
mutations = storefront_cart_mutations

_CART_INPUTS: Final = {"lines", "buyerIdentity", "discountCodes", "note", "attributes"}
_LINE_INPUTS: Final = {"merchandiseId", "quantity", "attributes"}
_LINE_UPDATE_INPUTS: Final = {"id", "merchandiseId", "quantity", "attributes"}
_BUYER_INPUTS: Final = {"email", "phone", "countryCode"}
Payload = dict[str, Any]


def _payload(cart: Doc | None, errors: list[dict[str, Any]], warnings: list[Any]) -> Payload:
    return {"cart": cart, "userErrors": errors, "warnings": warnings}


def _failed(errors: list[dict[str, Any]]) -> Payload:
    return _payload(None, errors, [])


def _state(info: Info) -> State:
    return context_of(info).state


def _cart_or_error(info: Info, cart_id: str) -> Doc:
    found = find_cart(_state(info), cart_id)
    if found is None:
        message = "The specified cart does not exist."
        raise UserErrors([user_error(info, "INVALID", ["cartId"], message)])
    return copy.deepcopy(found)


def _run(info: Info, change: Callable[[], Payload]) -> Payload:
    """Run ``change``; ``UserErrors`` undo its writes and answer ``cart: null``."""
    try:
        with _state(info).savepoint():
            return change()
    except UserErrors as failed:
        return _failed(failed.errors)


def _merchandise_error(info: Info, path: list[str], merchandise_id: str) -> dict[str, Any]:
    message = f"The merchandise with id {merchandise_id} does not exist."
    return user_error(info, "INVALID", path, message)


def _quantity_error(info: Info, path: list[str]) -> dict[str, Any]:
    return user_error(info, "INVALID", path, "The quantity must be 0 or more.")


def _add_lines(
    info: Info, cart: Doc, lines: Sequence[Mapping[str, Any]], prefix: Sequence[str]
) -> set[str]:
    """Add ``lines`` to ``cart``; returns the ids of the lines touched."""
    state, errors, touched = _state(info), [], set()
    for index, given in enumerate(lines):
        refuse_unsupported_inputs(given, "CartLineInput", _LINE_INPUTS)
        quantity = 1 if given.get("quantity") is None else given["quantity"]
        if visible_variant(state, given["merchandiseId"]) is None:
            path = field_path(*prefix, "lines", index, "merchandiseId")
            errors.append(_merchandise_error(info, path, given["merchandiseId"]))
        elif quantity < 0:
            errors.append(_quantity_error(info, field_path(*prefix, "lines", index, "quantity")))
        elif quantity > 0:
            line = add_line(cart, given["merchandiseId"], quantity, given.get("attributes"))
            touched.add(line["id"])
    if errors:
        raise UserErrors(errors)
    return touched


def _buyer_identity(info: Info, cart: Doc, given: Mapping[str, Any]) -> None:
    refuse_unsupported_inputs(given, "CartBuyerIdentityInput", _BUYER_INPUTS)
    identity = dict(cart["buyerIdentity"])
    identity.update({key: given[key] for key in _BUYER_INPUTS if key in given})
    cart["buyerIdentity"] = identity


def _discount_codes(cart: Doc, codes: Sequence[str]) -> None:
    """Replace the codes (case-insensitively unique); none applies without a discount engine."""
    kept: dict[str, dict[str, Any]] = {}
    for code in codes:
        if code.strip() and code.strip().lower() not in kept:
            kept[code.strip().lower()] = {"code": code.strip(), "applicable": False}
    cart["discountCodes"] = list(kept.values())


def _attributes(given: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    return [{"key": a["key"], "value": a["value"]} for a in given]


@mutations.mutation("cartCreate")
def cart_create(_root: None, info: Info, input: dict[str, Any] | None = None) -> Payload:
    given = input or {}
    refuse_unsupported_inputs(given, "CartInput", _CART_INPUTS)

    def change() -> Payload:
        state = _state(info)
        cart = new_cart(state)
        touched = _add_lines(info, cart, given.get("lines") or [], ["input"])
        if given.get("buyerIdentity"):
            _buyer_identity(info, cart, given["buyerIdentity"])
        _discount_codes(cart, given.get("discountCodes") or [])
        cart["note"] = given.get("note")
        cart["attributes"] = _attributes(given.get("attributes") or [])
        warnings = enforce_stock(state, cart, touched)
        return _payload(save_cart(state, cart), [], warnings)

    return _run(info, change)


@mutations.mutation("cartLinesAdd")
def cart_lines_add(_root: None, info: Info, cartId: str, lines: list[dict[str, Any]]) -> Payload:
    def change() -> Payload:
        cart = _cart_or_error(info, cartId)
        touched = _add_lines(info, cart, lines, [])
        warnings = enforce_stock(_state(info), cart, touched)
        return _payload(save_cart(_state(info), cart), [], warnings)

    return _run(info, change)


def _update_line(info: Info, cart: Doc, index: int, given: Mapping[str, Any]) -> str | None:
    """Apply one ``CartLineUpdateInput``; returns the touched line id (``None``: removed)."""
    refuse_unsupported_inputs(given, "CartLineUpdateInput", _LINE_UPDATE_INPUTS)
    line = next((ln for ln in cart["lines"] if ln["id"] == given.get("id")), None)
    if line is None:
        message = f"The merchandise line with id {given.get('id')} does not exist."
        path = field_path("lines", index, "id")
        raise UserErrors([user_error(info, "INVALID_MERCHANDISE_LINE", path, message)])
    merchandise_id = given.get("merchandiseId")
    if merchandise_id is not None:
        if visible_variant(_state(info), merchandise_id) is None:
            path = field_path("lines", index, "merchandiseId")
            raise UserErrors([_merchandise_error(info, path, merchandise_id)])
        line["merchandiseId"] = merchandise_id
    if given.get("attributes") is not None:
        line["attributes"] = _attributes(given["attributes"])
    quantity = given.get("quantity")
    if quantity is not None and quantity < 0:
        raise UserErrors([_quantity_error(info, field_path("lines", index, "quantity"))])
    if quantity == 0:
        cart["lines"].remove(line)
        return None
    if quantity is not None:
        line["quantity"] = quantity
    return str(line["id"])


@mutations.mutation("cartLinesUpdate")
def cart_lines_update(_root: None, info: Info, cartId: str, lines: list[dict[str, Any]]) -> Payload:
    def change() -> Payload:
        cart = _cart_or_error(info, cartId)
        touched = set()
        for index, given in enumerate(lines):
            line_id = _update_line(info, cart, index, given)
            if line_id is not None:
                touched.add(line_id)
        warnings = enforce_stock(_state(info), cart, touched)
        return _payload(save_cart(_state(info), cart), [], warnings)

    return _run(info, change)


@mutations.mutation("cartLinesRemove")
def cart_lines_remove(
    _root: None,
    info: Info,
    cartId: str,
    lineIds: list[str] | None = None,
    viewKeys: list[str] | None = None,
) -> Payload:
    if viewKeys:
        raise not_supported("Argument 'viewKeys' of field 'Mutation.cartLinesRemove'")

    def change() -> Payload:
        cart = _cart_or_error(info, cartId)
        known = {line["id"] for line in cart["lines"]}
        errors = [
            user_error(
                info,
                "INVALID_MERCHANDISE_LINE",
                field_path("lineIds", index),
                f"The merchandise line with id {line_id} does not exist.",
            )
            for index, line_id in enumerate(lineIds or [])
            if line_id not in known
        ]
        if errors:
            raise UserErrors(errors)
        removed = set(lineIds or [])
        cart["lines"] = [line for line in cart["lines"] if line["id"] not in removed]
        return _payload(save_cart(_state(info), cart), [], [])

    return _run(info, change)


def _simple_update(info: Info, cart_id: str, apply: Callable[[Doc], None]) -> Payload:
    def change() -> Payload:
        cart = _cart_or_error(info, cart_id)
        apply(cart)
        return _payload(save_cart(_state(info), cart), [], [])

    return _run(info, change)


@mutations.mutation("cartBuyerIdentityUpdate")
def cart_buyer_identity_update(
    _root: None, info: Info, cartId: str, buyerIdentity: dict[str, Any]
) -> Payload:
    refuse_unsupported_inputs(buyerIdentity, "CartBuyerIdentityInput", _BUYER_INPUTS)
    return _simple_update(info, cartId, lambda cart: _buyer_identity(info, cart, buyerIdentity))


@mutations.mutation("cartDiscountCodesUpdate")
def cart_discount_codes_update(
    _root: None, info: Info, cartId: str, discountCodes: list[str]
) -> Payload:
    return _simple_update(info, cartId, lambda cart: _discount_codes(cart, discountCodes))


@mutations.mutation("cartNoteUpdate")
def cart_note_update(_root: None, info: Info, cartId: str, note: str) -> Payload:
    return _simple_update(info, cartId, lambda cart: cart.update(note=note))


@mutations.mutation("cartAttributesUpdate")
def cart_attributes_update(
    _root: None, info: Info, cartId: str, attributes: list[dict[str, Any]]
) -> Payload:
    return _simple_update(
        info, cartId, lambda cart: cart.update(attributes=_attributes(attributes))
    )
