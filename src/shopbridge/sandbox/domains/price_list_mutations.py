"""``priceListCreate``, ``priceListUpdate`` and ``priceListDelete``.

A price list has a unique name, a currency and a parent adjustment: a percentage
increase (at most 1000) or decrease (at most 100) of the variants' prices, which
gives every variant without a fixed price its ``RELATIVE`` price. ``compareAtMode``
defaults to ``ADJUSTED``. ``catalogId`` attaches the list to a market catalog (one
list per catalog, ``CATALOG_TAKEN``), whose markets must use the list's currency and
not be the primary market. Sandbox choices: changing the currency drops the fixed
prices (they were in the old currency); ``catalogId: null`` on update detaches the
list; deleting a list detaches it from its catalog.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.markets_store import CATALOG, PRICE_LIST
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["price_list_mutations"]

price_list_mutations = Domain("price_list_mutations")

_INPUTS = {"name", "currency", "parent", "catalogId"}
_MAX_PERCENT = {"PERCENTAGE_INCREASE": 1000.0, "PERCENTAGE_DECREASE": 100.0}
_TOO_HIGH = {
    "PERCENTAGE_INCREASE": "INVALID_ADJUSTMENT_MAX_VALUE",
    "PERCENTAGE_DECREASE": "INVALID_ADJUSTMENT_MIN_VALUE",
}


def _fail(info: Info, code: str, *field: str) -> UserErrors:
    return UserErrors([user_error(info, code, ["input", *field])])


def _name(state: State, info: Info, value: str | None, own_id: str | None) -> str:
    text = (value or "").strip()
    if not text:
        raise _fail(info, "BLANK", "name")
    if any(p["name"] == text and p["id"] != own_id for p in state.all(PRICE_LIST)):
        raise _fail(info, "TAKEN", "name")
    return text


def _parent(info: Info, given: Mapping[str, Any], current: Mapping[str, Any] | None) -> Doc:
    adjustment = given["adjustment"]
    kind, value = adjustment["type"], float(adjustment["value"])
    if value < 0:
        raise _fail(info, "INVALID_ADJUSTMENT_VALUE", "parent", "adjustment", "value")
    if value > _MAX_PERCENT[kind]:
        raise _fail(info, _TOO_HIGH[kind], "parent", "adjustment", "value")
    settings = given.get("settings") or (current or {}).get("settings")
    mode = (settings or {}).get("compareAtMode") or "ADJUSTED"
    return {"adjustment": {"type": kind, "value": value}, "settings": {"compareAtMode": mode}}


def _check_catalog(
    state: State, info: Info, value: str | None, currency: str, own_id: str | None
) -> None:
    if value is None:
        return
    catalog = lookup(state, value, CATALOG)
    if catalog is None:
        raise _fail(info, "CATALOG_DOES_NOT_EXIST", "catalogId")
    if catalog.get("priceListId") and catalog["priceListId"] != own_id:
        raise _fail(info, "CATALOG_TAKEN", "catalogId")
    for market in (state.get_gid(v) for v in catalog["marketIds"]):
        if market is None:
            continue
        if market["primary"]:
            raise _fail(info, "PRICE_LIST_NOT_ALLOWED_FOR_PRIMARY_MARKET", "catalogId")
        if market["currencySettings"]["baseCurrency"]["currencyCode"] != currency:
            raise _fail(info, "CATALOG_MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH", "catalogId")


def _currency(info: Info, value: str) -> str:
    if value == "XXX":
        raise _fail(info, "CURRENCY_NOT_SUPPORTED", "currency")
    return value


def _attach(state: State, price_list_id: str, catalog_id: str | None) -> None:
    """Make ``catalog_id`` (or no catalog) the one catalog holding the price list."""
    for held in state.find(CATALOG, "priceListId", price_list_id):
        if held["id"] != catalog_id:
            state.save({**held, "priceListId": None})
    if catalog_id is not None:
        catalog = lookup(state, catalog_id, CATALOG)
        assert catalog is not None
        state.save({**catalog, "priceListId": price_list_id})


@price_list_mutations.mutation("priceListCreate")
def price_list_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "PriceListCreateInput", _INPUTS)
    state = context_of(info).state
    try:
        name = _name(state, info, input.get("name"), None)
        currency = _currency(info, input["currency"])
        parent = _parent(info, input["parent"], None)
        _check_catalog(state, info, input.get("catalogId"), currency, None)
    except UserErrors as failure:
        return {"priceList": None, "userErrors": failure.errors}
    price_list = state.save(
        {
            "__typename": PRICE_LIST,
            "id": state.new_gid(PRICE_LIST),
            "name": name,
            "currency": currency,
            "parent": parent,
            "fixedPrices": {},
        }
    )
    _attach(state, price_list["id"], input.get("catalogId"))
    return {"priceList": price_list, "userErrors": []}


@price_list_mutations.mutation("priceListUpdate")
def price_list_update(_root: None, info: Info, id: str, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "PriceListUpdateInput", _INPUTS)
    state = context_of(info).state
    found = lookup(state, id, PRICE_LIST)
    if found is None:
        error = user_error(info, "PRICE_LIST_NOT_FOUND", ["id"])
        return {"priceList": None, "userErrors": [error]}
    price_list: Doc = dict(found)
    held = state.first(CATALOG, "priceListId", found["id"])
    catalog_id = input["catalogId"] if "catalogId" in input else (held or {}).get("id")
    try:
        if input.get("name") is not None:
            price_list["name"] = _name(state, info, input["name"], found["id"])
        if input.get("currency") not in (None, found["currency"]):
            price_list["currency"] = _currency(info, input["currency"])
            price_list["fixedPrices"] = {}
        if input.get("parent") is not None:
            price_list["parent"] = _parent(info, input["parent"], found["parent"])
        _check_catalog(state, info, catalog_id, price_list["currency"], found["id"])
    except UserErrors as failure:
        return {"priceList": None, "userErrors": failure.errors}
    _attach(state, found["id"], catalog_id)
    return {"priceList": state.save(price_list), "userErrors": []}


@price_list_mutations.mutation("priceListDelete")
def price_list_delete(_root: None, info: Info, id: str) -> dict[str, Any]:
    state = context_of(info).state
    found = lookup(state, id, PRICE_LIST)
    if found is None:
        error = user_error(info, "PRICE_LIST_NOT_FOUND", ["id"])
        return {"deletedId": None, "userErrors": [error]}
    _attach(state, found["id"], None)
    state.delete(PRICE_LIST, legacy_id(found["id"]))
    return {"deletedId": found["id"], "userErrors": []}
