"""Marketing consents and addresses of a customer.

``customerEmailMarketingConsentUpdate``/``customerSmsMarketingConsentUpdate`` replace
the consent record; ``consentUpdatedAt`` defaults to now, as the schema says. Email
states ``NOT_SUBSCRIBED``, ``REDACTED`` and ``INVALID`` are refused (``INCLUSION``);
a customer without an email (phone) has no email (SMS) consent to update
(``INVALID``, the sandbox's choice of code). Address mutations keep one default
address: the first address becomes it, ``setAsDefault`` moves it, and deleting it
hands it to the next address.
"""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.customer_addresses import ADDRESS_INPUTS, address_doc, find_address
from shopbridge.sandbox.domains.customer_inputs import (
    EMAIL_INPUT_STATES,
    SMS_INPUT_STATES,
    consent_record,
)
from shopbridge.sandbox.domains.customer_mutations import save_customer
from shopbridge.sandbox.domains.customers_store import CUSTOMER
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["customer_contact_mutations"]

customer_contact_mutations = Domain("customer_contact_mutations")


def _editable(state: State, customer_id: str | None) -> Doc | None:
    found = lookup(state, customer_id, CUSTOMER)
    return None if found is None else state.edit(CUSTOMER, legacy_id(found["id"]))


def _update_consent(
    info: Info, given: dict[str, Any], key: str, contact: str, allowed: frozenset[str]
) -> dict[str, Any]:
    state = context_of(info).state
    customer = _editable(state, given["customerId"])
    if customer is None:
        error = user_error(info, "INVALID", ["input", "customerId"], "Customer not found")
        return {"customer": None, "userErrors": [error]}
    if customer[contact] is None:
        message = f"Customer has no {contact} to set {key} for"
        error = user_error(info, "INVALID", ["input", key], message)
        return {"customer": None, "userErrors": [error]}
    record, problem = consent_record(state, given[key], customer[key], allowed)
    if problem is not None:
        error = user_error(info, problem.code, ["input", key, str(problem.field)], problem.message)
        return {"customer": None, "userErrors": [error]}
    customer[key] = record
    return {"customer": save_customer(state, customer), "userErrors": []}


@customer_contact_mutations.mutation("customerEmailMarketingConsentUpdate")
def email_consent_update(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _update_consent(info, input, "emailMarketingConsent", "email", EMAIL_INPUT_STATES)


@customer_contact_mutations.mutation("customerSmsMarketingConsentUpdate")
def sms_consent_update(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _update_consent(info, input, "smsMarketingConsent", "phone", SMS_INPUT_STATES)


def _missing(info: Info, what: str, field: str, payload: str) -> dict[str, Any]:
    return {
        payload: None,
        "userErrors": [user_error(info, None, [field], f"{what} does not exist")],
    }


@customer_contact_mutations.mutation("customerAddressCreate")
def address_create(
    _root: None, info: Info, customerId: str, address: dict[str, Any], setAsDefault: bool = False
) -> dict[str, Any]:
    refuse_unsupported_inputs(address, "MailingAddressInput", ADDRESS_INPUTS - {"id"})
    state = context_of(info).state
    customer = _editable(state, customerId)
    if customer is None:
        return _missing(info, "Customer", "customerId", "address")
    created = address_doc(state, address)
    customer["addresses"].append(created)
    if setAsDefault or customer["defaultAddressId"] is None:
        customer["defaultAddressId"] = created["id"]
    save_customer(state, customer)
    return {"address": created, "userErrors": []}


@customer_contact_mutations.mutation("customerAddressUpdate")
def address_update(
    _root: None,
    info: Info,
    customerId: str,
    addressId: str,
    address: dict[str, Any],
    setAsDefault: bool = False,
) -> dict[str, Any]:
    refuse_unsupported_inputs(address, "MailingAddressInput", ADDRESS_INPUTS - {"id"})
    state = context_of(info).state
    customer = _editable(state, customerId)
    if customer is None:
        return _missing(info, "Customer", "customerId", "address")
    current = find_address(customer, addressId)
    if current is None:
        return _missing(info, "Address", "addressId", "address")
    updated = address_doc(state, address, current)
    customer["addresses"] = [
        updated if a["id"] == current["id"] else a for a in customer["addresses"]
    ]
    if setAsDefault:
        customer["defaultAddressId"] = updated["id"]
    save_customer(state, customer)
    return {"address": updated, "userErrors": []}


@customer_contact_mutations.mutation("customerAddressDelete")
def address_delete(_root: None, info: Info, customerId: str, addressId: str) -> dict[str, Any]:
    state = context_of(info).state
    customer = _editable(state, customerId)
    if customer is None:
        return _missing(info, "Customer", "customerId", "deletedAddressId")
    current = find_address(customer, addressId)
    if current is None:
        return _missing(info, "Address", "addressId", "deletedAddressId")
    customer["addresses"] = [a for a in customer["addresses"] if a["id"] != current["id"]]
    if customer["defaultAddressId"] == current["id"]:
        remaining = customer["addresses"]
        customer["defaultAddressId"] = remaining[0]["id"] if remaining else None
    save_customer(state, customer)
    return {"deletedAddressId": current["id"], "userErrors": []}


@customer_contact_mutations.mutation("customerUpdateDefaultAddress")
def default_address_update(
    _root: None, info: Info, customerId: str, addressId: str
) -> dict[str, Any]:
    state = context_of(info).state
    customer = _editable(state, customerId)
    if customer is None:
        return _missing(info, "Customer", "customerId", "customer")
    current = find_address(customer, addressId)
    if current is None:
        return _missing(info, "Address", "addressId", "customer")
    customer["defaultAddressId"] = current["id"]
    return {"customer": save_customer(state, customer), "userErrors": []}
