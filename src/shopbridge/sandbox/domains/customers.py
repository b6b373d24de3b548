"""Reading customers: ``customer``, ``customers``, ``customersCount``, ``customerByIdentifier``.

``customerByIdentifier`` also finds a customer by custom ID (``domains.custom_ids``).
Search filters are those the ``customers`` query documents, except ``order_date``,
``last_abandoned_order_date`` and ``tag_not`` (answered "not supported"). ``tag``
with several comma-separated tags matches a customer having any of them; ``country``
matches the default address's country code or name. ``sortKey: LOCATION`` orders by
the default address's country, province and city (the sandbox's reading of
"location"). Computed ``Customer`` fields (consents with their source location,
``defaultEmailAddress``/``defaultPhoneNumber``, addresses) live here too; mutations
are in ``customer_mutations`` and ``customer_contact_mutations``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.custom_ids import find_by_custom_id
from shopbridge.sandbox.domains.customers_store import (
    CUSTOMER,
    default_address,
    display_name,
    find_by_email,
    find_by_phone,
)
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["customers"]

customers = Domain("customers")
customers.node(CUSTOMER)(stored_node)


def _state(info: Info) -> State:
    return context_of(info).state


def _country(customer: Mapping[str, Any]) -> list[str | None]:
    address = default_address(customer)
    return [address["countryCodeV2"], address["country"]] if address else []


_CUSTOMER_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda c: c["id"]),
        "email": Filter("text", lambda c: c["email"]),
        "phone": Filter("keyword", lambda c: c["phone"]),
        "first_name": Filter("text", lambda c: c["firstName"]),
        "last_name": Filter("text", lambda c: c["lastName"]),
        "state": Filter("keyword", lambda c: c["state"]),
        "tag": Filter("keyword", lambda c: c["tags"], multi=True),
        "country": Filter("keyword", _country),
        "accepts_marketing": Filter(
            "boolean",
            lambda c: (c["emailMarketingConsent"] or {}).get("marketingState") == "SUBSCRIBED",
        ),
        "orders_count": Filter("number", lambda c: int(c["numberOfOrders"])),
        "total_spent": Filter("number", lambda c: c["amountSpent"]["amount"]),
        "customer_date": Filter("time", lambda c: c["createdAt"]),
        "updated_at": Filter("time", lambda c: c["updatedAt"]),
    },
    default=lambda c: [display_name(c), c["email"], c["phone"], c["note"], *c["tags"]],
)


def _location_key(customer: Mapping[str, Any]) -> tuple[str, str, str]:
    address = default_address(customer) or {}
    return tuple(  # type: ignore[return-value]
        (address.get(key) or "").lower() for key in ("country", "province", "city")
    )


def _customers(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    state = _state(info)
    return filter_items(info, state.all(CUSTOMER), args.get("query"), _CUSTOMER_SEARCH)


@customers.query("customer")
def customer(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, CUSTOMER)


@customers.query("customers")
def customer_list(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "CREATED_AT": lambda c: c["createdAt"],
            "UPDATED_AT": lambda c: c["updatedAt"],
            "NAME": lambda c: display_name(c).lower(),
            "LOCATION": _location_key,
        },
        "ID",
        "QueryRoot.customers",
    )
    return paginate(_customers(info, args), args, sort_value=sort)


@customers.query("customersCount")
def customers_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_customers(info, args)), args)


@customers.query("customerByIdentifier")
def customer_by_identifier(_root: None, info: Info, identifier: dict[str, Any]) -> Doc | None:
    state = _state(info)
    if identifier.get("customId") is not None:
        return find_by_custom_id(state, CUSTOMER, identifier["customId"], context_of(info).app)
    if identifier.get("emailAddress") is not None:
        return find_by_email(state, identifier["emailAddress"])
    if identifier.get("phoneNumber") is not None:
        return find_by_phone(state, identifier["phoneNumber"])
    return lookup(state, identifier.get("id"), CUSTOMER)


# --- computed fields ---------------------------------------------------------------


@customers.field(CUSTOMER, "displayName")
def customer_display_name(customer: Doc, _info: Info) -> str:
    return display_name(customer)


@customers.field(CUSTOMER, "defaultAddress")
def customer_default_address(customer: Doc, _info: Info) -> dict[str, Any] | None:
    return default_address(customer)


@customers.field(CUSTOMER, "addresses")
def customer_addresses(customer: Doc, _info: Info, first: int | None = None) -> list[Any]:
    found: list[Any] = customer["addresses"][:250]
    return found if first is None else found[: max(first, 0)]


@customers.field(CUSTOMER, "addressesV2")
def customer_addresses_v2(customer: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(customer["addresses"], args, item_id=lambda a: legacy_id(a["id"]))


@customers.field(CUSTOMER, "canDelete")
def customer_can_delete(customer: Doc, _info: Info) -> bool:
    return bool(customer["numberOfOrders"] == "0")


@customers.field(CUSTOMER, "validEmailAddress")
def customer_valid_email(customer: Doc, _info: Info) -> bool:
    return bool(customer["email"])


@customers.field(CUSTOMER, "lastOrder")
def customer_last_order(customer: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), customer["lastOrderId"], "Order")


def _consent(info: Info, record: Mapping[str, Any] | None) -> dict[str, Any] | None:
    if record is None:
        return None
    location = lookup(_state(info), record.get("sourceLocationId"), "Location")
    return {**record, "sourceLocation": location}


@customers.field(CUSTOMER, "emailMarketingConsent")
def customer_email_consent(customer: Doc, info: Info) -> dict[str, Any] | None:
    return _consent(info, customer["emailMarketingConsent"])


@customers.field(CUSTOMER, "smsMarketingConsent")
def customer_sms_consent(customer: Doc, info: Info) -> dict[str, Any] | None:
    return _consent(info, customer["smsMarketingConsent"])


def _shop_url(info: Info) -> str:
    return f"https://{context_of(info).config.shop_domain}"


@customers.field(CUSTOMER, "defaultEmailAddress")
def customer_default_email(customer: Doc, info: Info) -> dict[str, Any] | None:
    consent = _consent(info, customer["emailMarketingConsent"])
    if customer["email"] is None or consent is None:
        return None
    number = legacy_id(customer["id"])
    state = consent["marketingState"]
    return {
        "emailAddress": customer["email"],
        "marketingState": "NOT_SUBSCRIBED" if state == "REDACTED" else state,
        "marketingOptInLevel": consent["marketingOptInLevel"],
        "marketingUpdatedAt": consent["consentUpdatedAt"],
        "marketingUnsubscribeUrl": f"{_shop_url(info)}/unsubscribe?customer_id={number}",
        "openTrackingLevel": "UNKNOWN",
        "openTrackingUrl": f"{_shop_url(info)}/email_tracking?customer_id={number}",
        "sourceLocation": consent["sourceLocation"],
        "validFormat": True,
    }


@customers.field(CUSTOMER, "defaultPhoneNumber")
def customer_default_phone(customer: Doc, info: Info) -> dict[str, Any] | None:
    consent = _consent(info, customer["smsMarketingConsent"])
    if customer["phone"] is None or consent is None:
        return None
    return {
        "phoneNumber": customer["phone"],
        "marketingState": consent["marketingState"],
        "marketingOptInLevel": consent["marketingOptInLevel"],
        "marketingUpdatedAt": consent["consentUpdatedAt"],
        "marketingCollectedFrom": consent["consentCollectedFrom"],
        "sourceLocation": consent["sourceLocation"],
        "whatsAppMarketingConsent": {
            "state": "NEVER_SUBSCRIBED",
            "optInLevel": None,
            "collectedFrom": None,
            "updatedAt": None,
            "sourceLocation": None,
        },
    }
