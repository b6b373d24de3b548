"""``marketCreate``, ``marketUpdate`` and ``marketDelete``.

A market matches buyers by country (region conditions); its type is ``REGION`` with
countries and ``NONE`` without. Two active markets may not share a country
(``DUPLICATE_REGION_MARKET``) unless ``makeDuplicateUniqueMarketsDraft`` turns the
other ones to draft. The primary market cannot be deleted or drafted. Catalogs are
linked through ``catalogs``/``catalogsToAdd``/``catalogsToDelete``. Deleting a market
takes it off its catalogs; discounts naming it keep the id (it no longer resolves).
Input checks and the sandbox's choices are in ``market_inputs``; inputs it does not
model (delivery, web presences, price inclusions, discounts...) are refused.
"""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.market_inputs import (
    apply_currency,
    check_name,
    claim_regions,
    country_codes,
    fail,
    link_catalogs,
    market_handle,
    market_status,
    regions_for,
)
from shopbridge.sandbox.domains.markets_store import (
    MARKET,
    catalogs_of,
    conditions_of,
    new_market,
    region_codes,
    regions_of,
)
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["market_mutations"]

market_mutations = Domain("market_mutations")

_COMMON = {"name", "handle", "status", "enabled", "conditions", "currencySettings",
           "makeDuplicateUniqueMarketsDraft"}  # fmt: skip
_CREATE_INPUTS = _COMMON | {"catalogs"}
_UPDATE_INPUTS = _COMMON | {"catalogsToAdd", "catalogsToDelete", "removeCurrencySettings"}
_REGION_PATH = ("conditions", "regionsCondition")


@market_mutations.mutation("marketCreate")
def market_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "MarketCreateInput", _CREATE_INPUTS)
    refuse_unsupported_inputs(
        input.get("conditions"), "MarketConditionsInput", {"regionsCondition"}
    )
    state = context_of(info).state
    try:
        with state.savepoint():
            return {"market": _create(state, info, input), "userErrors": []}
    except UserErrors as failure:
        return {"market": None, "userErrors": failure.errors}


def _create(state: State, info: Info, given: dict[str, Any]) -> Doc:
    name = check_name(state, info, given.get("name"), None)
    handle = market_handle(state, info, given.get("handle"), name, None)
    status = market_status(info, given, None)
    condition = (given.get("conditions") or {}).get("regionsCondition")
    codes = country_codes(info, condition, *_REGION_PATH)
    if status == "ACTIVE":
        claim_regions(state, info, None, codes, bool(given.get("makeDuplicateUniqueMarketsDraft")))
    currency = shop_doc(state)["currencyCode"]
    created = new_market(
        state,
        name=name,
        handle=handle,
        status=status,
        regions=regions_for(state, info, codes, currency),
        currency=currency,
    )
    market = state.edit(MARKET, legacy_id(created["id"]))
    assert market is not None
    apply_currency(info, market, given.get("currencySettings"), currency)
    link_catalogs(state, info, market["id"], given.get("catalogs") or [], [], "catalogs")
    return state.save(market)


@market_mutations.mutation("marketUpdate")
def market_update(_root: None, info: Info, id: str, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "MarketUpdateInput", _UPDATE_INPUTS)
    conditions = input.get("conditions") or {}
    refuse_unsupported_inputs(
        conditions, "MarketConditionsUpdateInput", {"conditionsToAdd", "conditionsToDelete"}
    )
    for key in ("conditionsToAdd", "conditionsToDelete"):
        refuse_unsupported_inputs(
            conditions.get(key), "MarketConditionsInput", {"regionsCondition"}
        )
    state = context_of(info).state
    found = lookup(state, id, MARKET)
    if found is None:
        error = user_error(info, "MARKET_NOT_FOUND", ["id"])
        return {"market": None, "userErrors": [error]}
    try:
        with state.savepoint():
            return {"market": _update(state, info, found, input), "userErrors": []}
    except UserErrors as failure:
        return {"market": None, "userErrors": failure.errors}


def _update(state: State, info: Info, found: Doc, given: dict[str, Any]) -> Doc:
    market = state.edit(MARKET, legacy_id(found["id"]))
    assert market is not None
    if given.get("name") is not None:
        market["name"] = check_name(state, info, given["name"], market["id"])
    if given.get("handle") is not None:
        market["handle"] = market_handle(state, info, given["handle"], "", market["id"])
    market["status"] = market_status(info, given, market["status"])
    if market["primary"] and market["status"] != "ACTIVE":
        raise fail(info, "CANNOT_DISABLE_PRIMARY_MARKET", "status")
    codes = _updated_codes(info, market, given.get("conditions") or {})
    if market["status"] == "ACTIVE":
        make_draft = bool(given.get("makeDuplicateUniqueMarketsDraft"))
        claim_regions(state, info, market["id"], codes, make_draft)
    shop_currency = shop_doc(state)["currencyCode"]
    currency = market["currencySettings"]["baseCurrency"]["currencyCode"]
    market["conditions"] = conditions_of(
        regions_for(state, info, codes, currency, regions_of(market))
    )
    market["type"] = "REGION" if codes else "NONE"
    if given.get("removeCurrencySettings"):
        defaults = {
            "baseCurrency": shop_currency,
            "localCurrencies": False,
            "roundingEnabled": True,
        }
        apply_currency(info, market, defaults, shop_currency)
    apply_currency(info, market, given.get("currencySettings"), shop_currency)
    link_catalogs(
        state,
        info,
        market["id"],
        given.get("catalogsToAdd") or [],
        given.get("catalogsToDelete") or [],
        "catalogsToAdd",
    )
    market["updatedAt"] = state.now()
    return state.save(market)


def _updated_codes(info: Info, market: Doc, conditions: dict[str, Any]) -> list[str]:
    codes = region_codes(market)
    adding = (conditions.get("conditionsToAdd") or {}).get("regionsCondition")
    removing = (conditions.get("conditionsToDelete") or {}).get("regionsCondition")
    path = ("conditions", "conditionsToAdd", "regionsCondition")
    codes += [c for c in country_codes(info, adding, *path) if c not in codes]
    if removing is not None:
        path = ("conditions", "conditionsToDelete", "regionsCondition")
        gone = country_codes(info, removing, *path, adding=False)
        by_id = {region["id"]: region["code"] for region in regions_of(market)}
        for value in removing.get("regionIds") or []:
            if value not in by_id:
                raise fail(info, "REGION_NOT_FOUND", *path, "regionIds")
            gone.append(by_id[value])
        if any(code not in codes for code in gone):
            raise fail(info, "REGION_NOT_FOUND", *path, "regions")
        if codes and not [c for c in codes if c not in gone]:
            raise fail(info, "CANNOT_DELETE_ONLY_REGION", *path)
        codes = [c for c in codes if c not in gone]
    return codes


@market_mutations.mutation("marketDelete")
def market_delete(_root: None, info: Info, id: str) -> dict[str, Any]:
    state = context_of(info).state
    market = lookup(state, id, MARKET)
    if market is None:
        return {"deletedId": None, "userErrors": [user_error(info, "MARKET_NOT_FOUND", ["id"])]}
    if market["primary"]:
        error = user_error(info, "CANNOT_DELETE_PRIMARY_MARKET", ["id"])
        return {"deletedId": None, "userErrors": [error]}
    for catalog in catalogs_of(state, market["id"]):
        kept = [v for v in catalog["marketIds"] if v != market["id"]]
        state.save({**catalog, "marketIds": kept})
    state.delete(MARKET, legacy_id(market["id"]))
    return {"deletedId": market["id"], "userErrors": []}
