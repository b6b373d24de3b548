"""Checking and applying ``MarketCreateInput``/``MarketUpdateInput`` parts.

Each check raises ``payloads.UserErrors`` with one ``MarketUserError``. Choices the
sandbox makes where Shopify's rules are not documented: names are unique ignoring
case (``TAKEN``); a country listed twice in one input counts once; a market without
``status``/``enabled`` is ``ACTIVE``; the base currency defaults to the shop
currency. Region conditions take countries only (``subdivision``, ``regionIds`` to
add and ``applicationLevel: ALL`` answer "not supported by the sandbox").
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shopbridge.sandbox.context import Info
from shopbridge.sandbox.domains.catalog_store import handleize
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.market_fields import enum_name
from shopbridge.sandbox.domains.markets_store import (
    CATALOG,
    MARKET,
    currency_setting,
    new_region,
    region_codes,
    regions_of,
)
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "CURRENCY_INPUTS",
    "apply_currency",
    "check_name",
    "claim_regions",
    "country_codes",
    "fail",
    "link_catalogs",
    "market_handle",
    "market_status",
    "regions_for",
]

CURRENCY_INPUTS = {"baseCurrency", "localCurrencies", "roundingEnabled"}


def fail(info: Info, code: str, *field: str, message: str | None = None) -> UserErrors:
    return UserErrors([user_error(info, code, ["input", *field] if field else None, message)])


def check_name(state: State, info: Info, name: str | None, own_id: str | None) -> str:
    text = (name or "").strip()
    if not text:
        raise fail(info, "BLANK", "name")
    if any(m["name"].lower() == text.lower() and m["id"] != own_id for m in state.all(MARKET)):
        raise fail(info, "TAKEN", "name")
    return text


def market_handle(
    state: State, info: Info, given: str | None, name: str, own_id: str | None
) -> str:
    """The given handle (``TAKEN`` when another market has it), else one from ``name``."""
    taken = {m["handle"] for m in state.all(MARKET) if m["id"] != own_id}
    if given is not None:
        wanted = handleize(given)
        if wanted in taken:
            raise fail(info, "TAKEN", "handle")
        return wanted
    base = candidate = handleize(name)
    n = 0
    while candidate in taken:
        n += 1
        candidate = f"{base}-{n}"
    return candidate


def market_status(info: Info, given: Mapping[str, Any], current: str | None) -> str:
    status, enabled = given.get("status"), given.get("enabled")
    if status is not None and enabled is not None and (status == "ACTIVE") != enabled:
        raise fail(info, "INVALID_STATUS_AND_ENABLED_COMBINATION")
    if status is not None:
        return str(status)
    if enabled is not None:
        return "ACTIVE" if enabled else "DRAFT"
    return current or "ACTIVE"


def country_codes(
    info: Info, condition: Mapping[str, Any] | None, *path: str, adding: bool = True
) -> list[str]:
    """The countries of a ``MarketConditionsRegionsInput`` (deduplicated, in order)."""
    if condition is None:
        return []
    refuse_unsupported_inputs(
        condition,
        "MarketConditionsRegionsInput",
        {"applicationLevel", "regions"} | (set() if adding else {"regionIds"}),
    )
    regions = condition.get("regions") or []
    level = condition.get("applicationLevel")
    if level == "ALL":
        raise not_supported("Region conditions with applicationLevel ALL")
    if level == "SPECIFIED" and regions:
        raise fail(info, "SPECIFIED_NOT_VALID_FOR_INPUT", *path, "applicationLevel")
    if adding and not regions:
        raise fail(info, "SPECIFIED_CONDITIONS_CANNOT_BE_EMPTY", *path, "regions")
    codes: list[str] = []
    for region in regions:
        if region.get("subdivision"):
            raise not_supported("Input field 'MarketConditionsRegionInput.subdivision'")
        if region["countryCode"] not in codes:
            codes.append(region["countryCode"])
    return codes


def regions_for(
    state: State, info: Info, codes: Sequence[str], currency: str, current: Sequence[Doc] = ()
) -> list[Doc]:
    """Region documents for ``codes``, keeping the ones ``current`` already has."""
    kept = {region["code"]: region for region in current}
    return [
        kept.get(code) or new_region(state, code, enum_name(info, "CountryCode", code), currency)
        for code in codes
    ]


def claim_regions(
    state: State, info: Info, market_id: str | None, codes: Sequence[str], make_draft: bool
) -> None:
    """Refuse countries another active market has (``DUPLICATE_REGION_MARKET``), or
    with ``makeDuplicateUniqueMarketsDraft`` turn those markets to ``DRAFT``."""
    wanted = set(codes)
    others = [
        m
        for m in state.all(MARKET)
        if m["id"] != market_id and m["status"] == "ACTIVE" and wanted & set(region_codes(m))
    ]
    if others and not make_draft:
        raise fail(info, "DUPLICATE_REGION_MARKET", "conditions")
    for other in others:
        if other["primary"]:
            raise fail(info, "CANNOT_DISABLE_PRIMARY_MARKET", "makeDuplicateUniqueMarketsDraft")
        state.save({**other, "status": "DRAFT", "updatedAt": state.now()})


def apply_currency(
    info: Info, market: Doc, given: Mapping[str, Any] | None, shop_currency: str
) -> None:
    """Change ``market``'s currency settings (and its regions' currency) in place."""
    if given is None:
        return
    refuse_unsupported_inputs(given, "MarketCurrencySettingsUpdateInput", CURRENCY_INPUTS)
    settings = dict(market["currencySettings"])
    code = given.get("baseCurrency") or settings["baseCurrency"]["currencyCode"] or shop_currency
    if code == "XXX":
        raise fail(info, "UNSUPPORTED_CURRENCY", "currencySettings", "baseCurrency")
    settings["baseCurrency"] = currency_setting(code)
    for key in ("localCurrencies", "roundingEnabled"):
        if given.get(key) is not None:
            settings[key] = given[key]
    market["currencySettings"] = settings
    for region in regions_of(market):
        region["currency"] = currency_setting(code)


def link_catalogs(
    state: State, info: Info, market_id: str, add: Sequence[str], remove: Sequence[str], field: str
) -> None:
    """Add ``market_id`` to the catalogs in ``add``, take it off those in ``remove``."""
    for value in [*add, *remove]:
        if lookup(state, value, CATALOG) is None:
            raise fail(info, "INVALID", field, message=f"Catalog {value} does not exist")
    for value in add:
        catalog = state.edit(CATALOG, legacy_id(value))
        assert catalog is not None
        if market_id not in catalog["marketIds"]:
            state.save({**catalog, "marketIds": [*catalog["marketIds"], market_id]})
    for value in remove:
        catalog = state.edit(CATALOG, legacy_id(value))
        assert catalog is not None
        kept = [v for v in catalog["marketIds"] if v != market_id]
        state.save({**catalog, "marketIds": kept})
