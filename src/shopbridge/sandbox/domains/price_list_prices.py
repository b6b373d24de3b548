"""Fixed prices on a price list: ``priceListFixedPricesAdd``, ``...Update``,
``...Delete`` and ``priceListFixedPricesByProductUpdate``.

Adding a fixed price for a variant replaces the one it had. Each call is all or
nothing: any userError leaves the list unchanged. Errors: an unknown variant
(``VARIANT_NOT_FOUND``), a price or compare-at price in another currency than the
list's (``PRICE_LIST_CURRENCY_MISMATCH``), deleting the price of a variant that has
no fixed price (``PRICE_NOT_FIXED``). Sandbox choice: the same variant twice in one
input is refused with a userError without code (the schema has no code for it). The
250-item input limit is the endpoint's (``throttle.input_array_errors``). Gift card
issuance limits are not modelled.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_store import variants_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.markets_store import PRICE_LIST, list_price
from shopbridge.sandbox.payloads import UserErrors, field_path, money, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["price_list_prices"]

price_list_prices = Domain("price_list_prices")

PRODUCT_PRICE_LIMIT = 10_000


def _fixed(price: Mapping[str, Any]) -> dict[str, str | None]:
    compare = price.get("compareAtPrice")
    return {
        "price": money(price["price"]["amount"]),
        "compareAtPrice": None if compare is None else money(compare["amount"]),
    }


def _currency_errors(
    info: Info, code: str, price: Mapping[str, Any], currency: str, *path: str | int
) -> list[dict[str, Any]]:
    return [
        user_error(info, code, field_path(*path, key, "currencyCode"))
        for key in ("price", "compareAtPrice")
        if price.get(key) is not None and price[key]["currencyCode"] != currency
    ]


def _prices_to_add(
    state: State, info: Info, price_list: Doc, prices: Sequence[Mapping[str, Any]], name: str
) -> dict[str, Doc]:
    """``{variant GID: variant}`` for valid inputs; raises ``UserErrors`` otherwise."""
    errors: list[dict[str, Any]] = []
    found: dict[str, Doc] = {}
    for index, price in enumerate(prices):
        variant = lookup(state, price["variantId"], "ProductVariant")
        if variant is None:
            errors.append(
                user_error(info, "VARIANT_NOT_FOUND", field_path(name, index, "variantId"))
            )
            continue
        if variant["id"] in found:
            path = field_path(name, index, "variantId")
            errors.append(user_error(info, None, path, "Variant ID is duplicated in the input."))
        errors += _currency_errors(
            info, "PRICE_LIST_CURRENCY_MISMATCH", price, price_list["currency"], name, index
        )
        found[variant["id"]] = variant
    if errors:
        raise UserErrors(errors)
    return found


def _to_delete(
    state: State, info: Info, price_list: Doc, values: Sequence[str], name: str
) -> list[str]:
    errors, found = [], []
    for index, value in enumerate(values):
        variant = lookup(state, value, "ProductVariant")
        if variant is None:
            errors.append(user_error(info, "VARIANT_NOT_FOUND", field_path(name, index)))
        elif variant["id"] not in price_list["fixedPrices"]:
            errors.append(user_error(info, "PRICE_NOT_FIXED", field_path(name, index)))
        elif variant["id"] not in found:
            found.append(variant["id"])
    if errors:
        raise UserErrors(errors)
    return found


def _edit(state: State, info: Info, value: str, code: str) -> Doc:
    found = lookup(state, value, PRICE_LIST)
    if found is None:
        raise UserErrors([user_error(info, code, ["priceListId"])])
    return {**found, "fixedPrices": dict(found["fixedPrices"])}


@price_list_prices.mutation("priceListFixedPricesAdd")
def fixed_prices_add(
    _root: None, info: Info, priceListId: str, prices: list[dict[str, Any]]
) -> dict[str, Any]:
    state = context_of(info).state
    try:
        price_list = _edit(state, info, priceListId, "PRICE_LIST_NOT_FOUND")
        variants = _prices_to_add(state, info, price_list, prices, "prices")
    except UserErrors as failure:
        return {"prices": None, "userErrors": failure.errors}
    for price, variant_id in zip(prices, variants, strict=True):
        price_list["fixedPrices"][variant_id] = _fixed(price)
    saved = state.save(price_list)
    return {"prices": [list_price(saved, v) for v in variants.values()], "userErrors": []}


@price_list_prices.mutation("priceListFixedPricesUpdate")
def fixed_prices_update(
    _root: None,
    info: Info,
    priceListId: str,
    pricesToAdd: list[dict[str, Any]],
    variantIdsToDelete: list[str],
) -> dict[str, Any]:
    state = context_of(info).state
    try:
        price_list = _edit(state, info, priceListId, "PRICE_LIST_NOT_FOUND")
        deleted = _to_delete(state, info, price_list, variantIdsToDelete, "variantIdsToDelete")
        variants = _prices_to_add(state, info, price_list, pricesToAdd, "pricesToAdd")
    except UserErrors as failure:
        empty = {"priceList": None, "pricesAdded": None, "deletedFixedPriceVariantIds": None}
        return {**empty, "userErrors": failure.errors}
    for variant_id in deleted:
        del price_list["fixedPrices"][variant_id]
    for price, variant_id in zip(pricesToAdd, variants, strict=True):
        price_list["fixedPrices"][variant_id] = _fixed(price)
    saved = state.save(price_list)
    return {
        "priceList": saved,
        "pricesAdded": [list_price(saved, v) for v in variants.values()],
        "deletedFixedPriceVariantIds": deleted,
        "userErrors": [],
    }


@price_list_prices.mutation("priceListFixedPricesDelete")
def fixed_prices_delete(
    _root: None, info: Info, priceListId: str, variantIds: list[str]
) -> dict[str, Any]:
    state = context_of(info).state
    try:
        price_list = _edit(state, info, priceListId, "PRICE_LIST_NOT_FOUND")
        deleted = _to_delete(state, info, price_list, variantIds, "variantIds")
    except UserErrors as failure:
        return {"deletedFixedPriceVariantIds": None, "userErrors": failure.errors}
    for variant_id in deleted:
        del price_list["fixedPrices"][variant_id]
    state.save(price_list)
    return {"deletedFixedPriceVariantIds": deleted, "userErrors": []}


def _products(
    state: State, info: Info, values: Sequence[str], name: str, seen: set[str], other: set[str]
) -> list[Doc]:
    """The products named in one list; ``seen`` collects their GIDs."""
    errors, found = [], []
    for index, value in enumerate(values):
        product = lookup(state, value, "Product")
        path = (
            field_path(name, index, "productId")
            if name == "pricesToAdd"
            else field_path(name, index)
        )
        if product is None:
            errors.append(user_error(info, "PRODUCT_DOES_NOT_EXIST", path))
        elif product["id"] in seen:
            errors.append(user_error(info, "DUPLICATE_ID_IN_INPUT", path))
        elif product["id"] in other:
            errors.append(user_error(info, "ID_MUST_BE_MUTUALLY_EXCLUSIVE", path))
        else:
            seen.add(product["id"])
            found.append(product)
    if errors:
        raise UserErrors(errors)
    return found


@price_list_prices.mutation("priceListFixedPricesByProductUpdate")
def fixed_prices_by_product(
    _root: None, info: Info, priceListId: str, **args: Any
) -> dict[str, Any]:
    """Set (or remove) one fixed price for every variant of each product."""
    state = context_of(info).state
    adds: list[dict[str, Any]] = args.get("pricesToAdd") or []
    removals: list[str] = args.get("pricesToDeleteByProductIds") or []
    try:
        price_list = _edit(state, info, priceListId, "PRICE_LIST_DOES_NOT_EXIST")
        if not adds and not removals:
            raise UserErrors([user_error(info, "NO_UPDATE_OPERATIONS_SPECIFIED", None)])
        errors = [
            error
            for index, price in enumerate(adds)
            for error in _currency_errors(
                info, "PRICES_TO_ADD_CURRENCY_MISMATCH", price, price_list["currency"],
                "pricesToAdd", index,
            )
        ]  # fmt: skip
        if errors:
            raise UserErrors(errors)
        added_ids: set[str] = set()
        added = _products(
            state, info, [p["productId"] for p in adds], "pricesToAdd", added_ids, set()
        )
        removed = _products(state, info, removals, "pricesToDeleteByProductIds", set(), added_ids)
        if sum(len(variants_of(state, p["id"])) for p in added) > PRODUCT_PRICE_LIMIT:
            raise UserErrors([user_error(info, "PRICE_LIMIT_EXCEEDED", ["pricesToAdd"])])
    except UserErrors as failure:
        empty = {"priceList": None, "pricesToAddProducts": None, "pricesToDeleteProducts": None}
        return {**empty, "userErrors": failure.errors}
    for product in removed:
        for variant in variants_of(state, product["id"]):
            price_list["fixedPrices"].pop(variant["id"], None)
    for product, price in zip(added, adds, strict=True):
        for variant in variants_of(state, product["id"]):
            price_list["fixedPrices"][variant["id"]] = _fixed(price)
    return {
        "priceList": state.save(price_list),
        "pricesToAddProducts": added,
        "pricesToDeleteProducts": removed,
        "userErrors": [],
    }
