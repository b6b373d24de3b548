"""Customer webhooks in Shopify's REST shape.

Topics: ``customers/create``, ``customers/update``, ``customers/delete``,
``customers/enable``/``customers/disable`` (the account ``state`` becoming
``ENABLED``/``DISABLED``; no sandbox mutation changes it yet), and the consent topics
``customers_email_marketing_consent/update`` and ``customers_marketing_consent/update``
(SMS, as its description says). A consent topic fires when the consent record
changes; on creation only when the customer starts with a consent other than the
default ``NOT_SUBSCRIBED`` (the sandbox's reading of "is updated"). Addresses follow the
REST form: ``country`` and ``country_name`` the name, ``country_code`` the code.
Shapes follow the official 2026-07 examples.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.customers_store import CUSTOMER
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import rest_enum, rest_time
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_customer", "rest_customer_address"]


def rest_customer_address(customer: Mapping[str, Any], address: Mapping[str, Any]) -> Payload:
    """One customer address as REST writes it."""
    return {
        "id": legacy_id(address["id"]),
        "customer_id": legacy_id(customer["id"]),
        "first_name": address["firstName"],
        "last_name": address["lastName"],
        "company": address["company"],
        "address1": address["address1"],
        "address2": address["address2"],
        "city": address["city"],
        "province": address["province"],
        "country": address["country"],
        "zip": address["zip"],
        "phone": address["phone"],
        "name": address["name"],
        "province_code": address["provinceCode"],
        "country_code": address["countryCodeV2"],
        "country_name": address["country"],
        "default": address["id"] == customer["defaultAddressId"],
    }


def rest_customer(state: State, customer: Mapping[str, Any]) -> Payload:
    """The body of ``customers/create``, ``update``, ``enable`` and ``disable``."""
    addresses = [rest_customer_address(customer, a) for a in customer["addresses"]]
    return {
        "id": legacy_id(customer["id"]),
        "email": customer["email"],
        "created_at": rest_time(state, customer["createdAt"]),
        "updated_at": rest_time(state, customer["updatedAt"]),
        "first_name": customer["firstName"],
        "last_name": customer["lastName"],
        "state": rest_enum(customer["state"]),
        "note": customer["note"],
        "verified_email": customer["verifiedEmail"],
        "multipass_identifier": customer["multipassIdentifier"],
        "tax_exempt": customer["taxExempt"],
        "phone": customer["phone"],
        "currency": shop_doc(state)["currencyCode"],
        "addresses": addresses,
        "tax_exemptions": list(customer["taxExemptions"]),
        "admin_graphql_api_id": customer["id"],
        "default_address": next((a for a in addresses if a["default"]), None),
    }


def _after(change: Change) -> Mapping[str, Any]:
    if change.after is None:
        raise LookupError(f"{change.entity} {change.id} has no state after the change")
    return change.after


def _state_became(wanted: str) -> Callable[[Change], bool]:
    def applies(change: Change) -> bool:
        before, after = change.before or {}, change.after or {}
        return change.action == "update" and before.get("state") != after.get("state") == wanted

    return applies


def _consent_changed(key: str) -> Callable[[Change], bool]:
    def applies(change: Change) -> bool:
        after = (change.after or {}).get(key)
        if after is None:
            return False
        before = (change.before or {}).get(key)
        if before is None:
            return bool(after["marketingState"] != "NOT_SUBSCRIBED")
        return bool(before != after)

    return applies


@topic_rule("customers/create", CUSTOMER, on="create")
def customer_created(state: State, change: Change) -> Payload:
    return rest_customer(state, _after(change))


@topic_rule("customers/update", CUSTOMER, on="update")
def customer_updated(state: State, change: Change) -> Payload:
    return rest_customer(state, _after(change))


@topic_rule("customers/enable", CUSTOMER, on=_state_became("ENABLED"))
def customer_enabled(state: State, change: Change) -> Payload:
    return rest_customer(state, _after(change))


@topic_rule("customers/disable", CUSTOMER, on=_state_became("DISABLED"))
def customer_disabled(state: State, change: Change) -> Payload:
    return rest_customer(state, _after(change))


@topic_rule("customers/delete", CUSTOMER, on="delete")
def customer_deleted(_state: State, change: Change) -> Payload:
    before = change.before or {}
    return {
        "id": int(change.id),
        "admin_graphql_api_id": change.gid,
        "tax_exemptions": list(before.get("taxExemptions") or []),
    }


def _consent(state: State, record: Mapping[str, Any]) -> Payload:
    return {
        "state": rest_enum(record["marketingState"]),
        "opt_in_level": rest_enum(record["marketingOptInLevel"]),
        "consent_updated_at": rest_time(state, record["consentUpdatedAt"]),
    }


@topic_rule(
    "customers_email_marketing_consent/update",
    CUSTOMER,
    on=_consent_changed("emailMarketingConsent"),
)
def email_consent_updated(state: State, change: Change) -> Payload:
    customer = _after(change)
    return {
        "customer_id": legacy_id(customer["id"]),
        "email_address": customer["email"],
        "email_marketing_consent": _consent(state, customer["emailMarketingConsent"]),
    }


@topic_rule(
    "customers_marketing_consent/update", CUSTOMER, on=_consent_changed("smsMarketingConsent")
)
def sms_consent_updated(state: State, change: Change) -> Payload:
    customer = _after(change)
    record = customer["smsMarketingConsent"]
    return {
        "id": legacy_id(customer["id"]),
        "phone": customer["phone"],
        "sms_marketing_consent": {
            **_consent(state, record),
            "consent_collected_from": rest_enum(record["consentCollectedFrom"]),
        },
    }
