"""The shop itself and its locations (``shop``, ``location``, ``locations``...).

At start the store gets its ``Shop`` document (refreshed from the settings) and, when
it has none, one location, "Shop location", which is the primary location.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["create_location", "primary_location", "shop", "shop_doc"]

shop = Domain("shop")
shop.node("Location")(stored_node)
shop.node("Shop")(stored_node)

PRIMARY_LOCATION_META: Final = "primary_location"
_PLAN_NAMES: Final = {
    "standard": ("Basic", False),
    "advanced": ("Advanced", False),
    "plus": ("Shopify Plus", True),
    "enterprise": ("Commerce Components", True),
}


def create_location(
    state: State, name: str, city: str = "Ottawa", zip_code: str = "K1P 1J1"
) -> Doc:
    """A new active location with a Canadian address (as a development store has)."""
    now = state.now()
    address: dict[str, Any] = {
        "address1": "150 Elgin Street",
        "address2": None,
        "city": city,
        "country": "Canada",
        "countryCode": "CA",
        "province": "Ontario",
        "provinceCode": "ON",
        "zip": zip_code,
        "phone": None,
        "latitude": None,
        "longitude": None,
    }
    address["formatted"] = ["150 Elgin Street", f"{city} ON {zip_code}", "Canada"]
    return state.save(
        {
            "__typename": "Location",
            "id": state.new_gid("Location"),
            "name": name,
            "address": address,
            "isActive": True,
            "activatable": True,
            "deactivatable": True,
            "deletable": False,
            "deactivatedAt": None,
            "addressVerified": True,
            "fulfillsOnlineOrders": True,
            "shipsInventory": True,
            "isFulfillmentService": False,
            "fulfillmentService": None,
            "hasUnfulfilledOrders": False,
            "localPickupSettingsV2": None,
            "suggestedAddresses": [],
            "legacy": False,
            "createdAt": now,
            "updatedAt": now,
        }
    )


def shop_doc(state: State) -> Doc:
    found = state.all("Shop")
    if not found:
        raise LookupError("the store has no Shop document; run the bootstraps first")
    return found[0]


def primary_location(state: State) -> Doc | None:
    primary = state.get_meta(PRIMARY_LOCATION_META)
    found = state.get_gid(primary) if primary else None
    return found or next(iter(state.all("Location")), None)


@shop.bootstrap
def _bootstrap(state: State, config: SandboxConfig) -> None:
    existing = state.all("Shop")
    now = state.now()
    plan_name, plus = _PLAN_NAMES[config.plan]
    doc: dict[str, Any] = (
        dict(existing[0])
        if existing
        else {
            "__typename": "Shop",
            "id": state.new_gid("Shop"),
            "createdAt": now,
            "ianaTimezone": "UTC",
            "timezoneAbbreviation": "UTC",
            "timezoneOffset": "+0000",
            "timezoneOffsetMinutes": 0,
            "weightUnit": "KILOGRAMS",
            "unitSystem": "METRIC_SYSTEM",
            "taxesIncluded": False,
            "taxShipping": False,
            "description": None,
            "setupRequired": False,
            "checkoutApiSupported": True,
            "transactionalSmsDisabled": False,
            "marketingSmsConsentEnabledAtCheckout": False,
            "orderNumberFormatPrefix": "#",
            "orderNumberFormatSuffix": "",
            "shopOwnerName": "Sandbox Owner",
        }
    )
    settings = {
        "name": config.shop_name,
        "myshopifyDomain": config.shop_domain,
        "email": f"owner@{config.shop_domain}",
        "contactEmail": f"owner@{config.shop_domain}",
        "currencyCode": config.currency_code,
        "enabledPresentmentCurrencies": [config.currency_code],
        "url": f"https://{config.shop_domain}",
        "primaryDomain": {
            "__typename": "Domain",
            "id": doc.get("primaryDomain", {}).get("id") or state.new_gid("Domain"),
            "host": config.shop_domain,
            "url": f"https://{config.shop_domain}",
            "sslEnabled": True,
        },
        "plan": {"publicDisplayName": plan_name, "shopifyPlus": plus, "partnerDevelopment": False},
    }
    if any(doc.get(key) != value for key, value in settings.items()):
        state.save({**doc, **settings, "updatedAt": now})
    if not state.all("Location"):
        location = create_location(state, "Shop location")
        state.set_meta(PRIMARY_LOCATION_META, location["id"])


@shop.query("shop")
def resolve_shop(_root: None, info: Info) -> Doc:
    return shop_doc(context_of(info).state)


_LOCATION_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda loc: loc["id"]),
        "location_id": Filter("id", lambda loc: loc["id"]),
        "name": Filter("text", lambda loc: loc["name"]),
        "active": Filter("boolean", lambda loc: loc["isActive"]),
        "legacy": Filter("boolean", lambda loc: loc["legacy"]),
        "created_at": Filter("time", lambda loc: loc["createdAt"]),
        "address1": Filter("text", lambda loc: loc["address"]["address1"]),
        "address2": Filter("text", lambda loc: loc["address"]["address2"]),
        "city": Filter("text", lambda loc: loc["address"]["city"]),
        "province": Filter("keyword", lambda loc: loc["address"]["province"]),
        "country": Filter("keyword", lambda loc: loc["address"]["country"]),
        "zip": Filter("keyword", lambda loc: loc["address"]["zip"]),
    },
    default=lambda loc: [loc["name"], loc["address"]["city"]],
)


def _locations(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    found = context_of(info).state.all("Location")
    if not args.get("includeInactive"):
        found = [loc for loc in found if loc["isActive"]]
    if not args.get("includeLegacy"):
        found = [loc for loc in found if not loc["legacy"]]
    return filter_items(info, found, args.get("query"), _LOCATION_SEARCH)


@shop.query("locations")
def locations(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {"ID": None, "RELEVANCE": None, "NAME": lambda loc: loc["name"].lower()},
        "NAME",
        "QueryRoot.locations",
    )
    return paginate(_locations(info, args), args, sort_value=sort)


@shop.query("locationsCount")
def locations_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_locations(info, {**args, "includeInactive": True})), args)


@shop.query("location")
def location(_root: None, info: Info, id: str | None = None) -> Doc | None:
    state = context_of(info).state
    if id is None:
        return primary_location(state)
    return lookup(state, id, "Location")
