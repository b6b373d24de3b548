"""``catalogCreate``, ``catalogUpdate`` and ``catalogDelete`` for market catalogs.

A catalog serves the markets in its context (``marketIds``; ``context`` on update
replaces them) and may carry one price list, whose currency must be each market's
base currency (``MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH``) and which cannot serve the
primary market. A price list belongs to one catalog at most (``TAKEN``: the
sandbox's choice of code). ``catalogDelete`` with ``deleteDependentResources``
deletes the price list too; otherwise the price list stays, without a catalog.
Company location contexts and publications are not modelled and are refused.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.markets_store import CATALOG, MARKET, PRICE_LIST
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["market_catalog_mutations"]

market_catalog_mutations = Domain("market_catalog_mutations")

_INPUTS = {"title", "status", "context", "priceListId"}


def _fail(info: Info, code: str, *field: str) -> UserErrors:
    return UserErrors([user_error(info, code, ["input", *field])])


def _market_ids(state: State, info: Info, context: Mapping[str, Any] | None) -> list[str]:
    if context is None:
        raise _fail(info, "MUST_PROVIDE_EXACTLY_ONE_CONTEXT_TYPE", "context")
    if context.get("companyLocationIds"):
        raise not_supported("Input field 'CatalogContextInput.companyLocationIds'")
    ids: list[str] = list(dict.fromkeys(context.get("marketIds") or []))
    if not ids:
        raise _fail(info, "MUST_PROVIDE_EXACTLY_ONE_CONTEXT_TYPE", "context")
    if any(lookup(state, value, MARKET) is None for value in ids):
        raise _fail(info, "MARKET_NOT_FOUND", "context", "marketIds")
    return ids


def _check_price_list(
    state: State, info: Info, value: str | None, market_ids: Sequence[str], own_id: str | None
) -> None:
    if value is None:
        return
    price_list = lookup(state, value, PRICE_LIST)
    if price_list is None:
        raise _fail(info, "PRICE_LIST_NOT_FOUND", "priceListId")
    holder = state.first(CATALOG, "priceListId", value)
    if holder is not None and holder["id"] != own_id:
        raise _fail(info, "TAKEN", "priceListId")
    for market in (state.get_gid(v) for v in market_ids):
        assert market is not None
        if market["primary"]:
            raise _fail(info, "PRICE_LIST_NOT_ALLOWED_FOR_PRIMARY_MARKET", "priceListId")
        if market["currencySettings"]["baseCurrency"]["currencyCode"] != price_list["currency"]:
            raise _fail(info, "MARKET_AND_PRICE_LIST_CURRENCY_MISMATCH", "priceListId")


def _title(info: Info, value: str | None) -> str:
    if not (value or "").strip():
        raise _fail(info, "BLANK", "title")
    return (value or "").strip()


@market_catalog_mutations.mutation("catalogCreate")
def catalog_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "CatalogCreateInput", _INPUTS)
    state = context_of(info).state
    try:
        title = _title(info, input.get("title"))
        market_ids = _market_ids(state, info, input.get("context"))
        _check_price_list(state, info, input.get("priceListId"), market_ids, None)
    except UserErrors as failure:
        return {"catalog": None, "userErrors": failure.errors}
    catalog = state.save(
        {
            "__typename": CATALOG,
            "id": state.new_gid(CATALOG),
            "title": title,
            "status": input["status"],
            "marketIds": market_ids,
            "priceListId": input.get("priceListId"),
            "publication": None,
            "operations": [],
        }
    )
    return {"catalog": catalog, "userErrors": []}


@market_catalog_mutations.mutation("catalogUpdate")
def catalog_update(_root: None, info: Info, id: str, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "CatalogUpdateInput", _INPUTS)
    state = context_of(info).state
    found = lookup(state, id, CATALOG)
    if found is None:
        return {"catalog": None, "userErrors": [user_error(info, "CATALOG_NOT_FOUND", ["id"])]}
    catalog: Doc = dict(found)
    try:
        if input.get("title") is not None:
            catalog["title"] = _title(info, input["title"])
        if input.get("context") is not None:
            catalog["marketIds"] = _market_ids(state, info, input["context"])
        if "priceListId" in input:
            catalog["priceListId"] = input["priceListId"]
        _check_price_list(state, info, catalog["priceListId"], catalog["marketIds"], id)
    except UserErrors as failure:
        return {"catalog": None, "userErrors": failure.errors}
    if input.get("status") is not None:
        catalog["status"] = input["status"]
    return {"catalog": state.save(catalog), "userErrors": []}


@market_catalog_mutations.mutation("catalogDelete")
def catalog_delete(
    _root: None, info: Info, id: str, deleteDependentResources: bool | None = None
) -> dict[str, Any]:
    state = context_of(info).state
    catalog = lookup(state, id, CATALOG)
    if catalog is None:
        error = user_error(info, "CATALOG_NOT_FOUND", ["id"])
        return {"deletedId": None, "userErrors": [error]}
    if deleteDependentResources and catalog.get("priceListId"):
        state.delete(PRICE_LIST, legacy_id(catalog["priceListId"]))
    state.delete(CATALOG, legacy_id(catalog["id"]))
    return {"deletedId": catalog["id"], "userErrors": []}
