"""``customerCreate``, ``customerUpdate``, ``customerDelete`` and ``customerSet``.

``customerSet`` follows its documented upsert rules: without ``identifier`` it
creates; ``identifier.id`` updates (``NOT_FOUND`` when missing); ``email``/``phone``
update the customer owning that contact or create one with it, and the input must
repeat the identifying value (``MISSING_FIELD_REQUIRED``/``INPUT_MISMATCH``);
``customId`` updates the customer holding that custom ID or creates one carrying it
(``domains.custom_ids``). List
fields replace: ``tags``, and ``addresses``, where an entry equal to an existing
address (or naming its ``id``) keeps it, others are created and the rest deleted;
the default address stays when kept, else the first address becomes the default.

``customerUpdate`` refuses consent inputs with Shopify's message pointing at the
dedicated consent mutations; its deprecated ``addresses`` input is not supported
(use the address mutations). Chosen where Shopify's behaviour was not found: an
``id`` sent to ``customerCreate`` is a userError; a customer with orders cannot be
deleted (``Customer.canDelete``).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.custom_ids import find_by_custom_id, set_custom_id
from shopbridge.sandbox.domains.customer_addresses import (
    ADDRESS_INPUTS,
    address_content,
    address_doc,
    find_address,
    same_address,
)
from shopbridge.sandbox.domains.customer_inputs import (
    EMAIL_INPUT_STATES,
    SMS_INPUT_STATES,
    Problem,
    apply_fields,
    consent_record,
    require_contact,
)
from shopbridge.sandbox.domains.customers_store import (
    CUSTOMER,
    find_by_email,
    find_by_phone,
    new_customer,
    normalize_email,
    normalize_phone,
)
from shopbridge.sandbox.domains.metafields_store import Problem as MetafieldProblem
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["customer_mutations", "save_customer"]

customer_mutations = Domain("customer_mutations")

_COMMON_INPUTS: Final = frozenset(
    {"email", "phone", "firstName", "lastName", "note", "locale", "tags", "taxExempt",
     "taxExemptions", "addresses"}
)  # fmt: skip
_CUSTOMER_INPUTS: Final = _COMMON_INPUTS | {
    "id", "multipassIdentifier", "emailMarketingConsent", "smsMarketingConsent"
}  # fmt: skip
_SET_INPUTS: Final = _COMMON_INPUTS | {"id"}


def save_customer(state: State, customer: Doc) -> Doc:
    customer["updatedAt"] = state.now()
    return state.save(customer)


def _errors(info: Info, problems: Sequence[Problem], prefix: Sequence[str] = ()) -> UserErrors:
    """``customerSet`` names its input (``["input", "email"]``); the others do not."""
    return UserErrors(
        [
            user_error(
                info,
                problem.code if prefix else None,
                [*prefix, problem.field] if problem.field else None,
                problem.message,
            )
            for problem in problems
        ]
    )


def _add_addresses(state: State, customer: Doc, given: Sequence[Mapping[str, Any]]) -> None:
    for entry in given:
        refuse_unsupported_inputs(entry, "MailingAddressInput", ADDRESS_INPUTS)
        customer["addresses"].append(address_doc(state, entry))
    if customer["defaultAddressId"] is None and customer["addresses"]:
        customer["defaultAddressId"] = customer["addresses"][0]["id"]


def _replace_addresses(state: State, customer: Doc, given: Sequence[Mapping[str, Any]]) -> None:
    remaining = list(customer["addresses"])
    kept = []
    for entry in given:
        refuse_unsupported_inputs(entry, "MailingAddressInput", ADDRESS_INPUTS)
        candidate = address_content(entry)
        match = (find_address(customer, entry["id"]) if entry.get("id") else None) or next(
            (a for a in remaining if same_address(a, candidate)), None
        )
        if match is not None:
            remaining = [a for a in remaining if a["id"] != match["id"]]
            kept.append(address_doc(state, entry, match))
        else:
            kept.append(address_doc(state, entry))
    customer["addresses"] = kept
    if not any(a["id"] == customer["defaultAddressId"] for a in kept):
        customer["defaultAddressId"] = kept[0]["id"] if kept else None


def _consents(state: State, customer: Doc, given: Mapping[str, Any]) -> list[Problem]:
    problems = []
    for key, contact, allowed in (
        ("emailMarketingConsent", "email", EMAIL_INPUT_STATES),
        ("smsMarketingConsent", "phone", SMS_INPUT_STATES),
    ):
        if given.get(key) is None:
            continue
        if customer[contact] is None:
            article = "an" if contact == "email" else "a"
            message = f"The customer needs {article} {contact} to set {key}"
            problems.append(Problem(key, message, "INVALID"))
            continue
        record, problem = consent_record(state, given[key], customer[key], allowed)
        if problem is not None:
            problems.append(Problem(key, problem.message, problem.code))
        else:
            customer[key] = record
    return problems


@customer_mutations.mutation("customerCreate")
def customer_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "CustomerInput", _CUSTOMER_INPUTS)
    state = context_of(info).state
    try:
        with state.savepoint():
            if input.get("id"):
                raise _errors(info, [Problem("id", "Id is not allowed on create", "PRESENT")])
            customer = new_customer(state, shop_doc(state)["currencyCode"])
            problems = apply_fields(state, customer, input)
            problems += _consents(state, customer, input)
            problems = problems or [p for p in [require_contact(customer)] if p is not None]
            if problems:
                raise _errors(info, problems)
            _add_addresses(state, customer, input.get("addresses") or [])
            saved = save_customer(state, customer)
    except UserErrors as failure:
        return {"customer": None, "userErrors": failure.errors}
    return {"customer": saved, "userErrors": []}


@customer_mutations.mutation("customerUpdate")
def customer_update(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "CustomerInput", _CUSTOMER_INPUTS)
    if input.get("addresses"):
        raise not_supported(
            "Input field 'CustomerInput.addresses' of customerUpdate "
            "(use customerAddressCreate/Update/Delete)"
        )
    state = context_of(info).state
    found = lookup(state, input.get("id"), CUSTOMER)
    if found is None:
        error = user_error(info, None, ["id"], "Customer does not exist")
        return {"customer": None, "userErrors": [error]}
    for key, mutation in (
        ("emailMarketingConsent", "customerEmailMarketingConsentUpdate"),
        ("smsMarketingConsent", "customerSmsMarketingConsentUpdate"),
    ):
        if input.get(key) is not None:
            message = f"To update {key}, please use the {mutation} Mutation instead"
            return {"customer": None, "userErrors": [user_error(info, None, [key], message)]}
    customer = state.edit(CUSTOMER, legacy_id(found["id"]))
    assert customer is not None
    problems = apply_fields(state, customer, input)
    problems = problems or [p for p in [require_contact(customer)] if p is not None]
    if problems:
        return {"customer": None, "userErrors": _errors(info, problems).errors}
    return {"customer": save_customer(state, customer), "userErrors": []}


@customer_mutations.mutation("customerDelete")
def customer_delete(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    state = context_of(info).state
    shop = shop_doc(state)
    found = lookup(state, input["id"], CUSTOMER)
    if found is None:
        error = user_error(info, None, ["id"], "Customer can't be found")
        return {"deletedCustomerId": None, "shop": shop, "userErrors": [error]}
    if found["numberOfOrders"] != "0":
        message = "Customer can't be deleted because they have associated orders"
        error = user_error(info, None, ["id"], message)
        return {"deletedCustomerId": None, "shop": shop, "userErrors": [error]}
    state.delete(CUSTOMER, legacy_id(found["id"]))
    return {"deletedCustomerId": found["id"], "shop": shop, "userErrors": []}


def _set_target(state: State, info: Info, args: Mapping[str, Any]) -> Doc | None:
    given: Mapping[str, Any] = args["input"]
    identifier: Mapping[str, Any] = args.get("identifier") or {}
    if identifier.get("customId") is not None:
        return find_by_custom_id(state, CUSTOMER, identifier["customId"], context_of(info).app)
    if identifier and given.get("id"):
        raise UserErrors([user_error(info, "ID_NOT_ALLOWED", ["input", "id"])])
    if identifier.get("id") or given.get("id"):
        wanted = identifier.get("id") or given.get("id")
        found = lookup(state, wanted, CUSTOMER)
        if found is None:
            where = ["identifier", "id"] if identifier.get("id") else ["input", "id"]
            raise UserErrors([user_error(info, "NOT_FOUND", where)])
        return found
    for key, normalize, find in (
        ("email", normalize_email, find_by_email),
        ("phone", normalize_phone, find_by_phone),
    ):
        value = identifier.get(key)
        if value is None:
            continue
        if not given.get(key):
            raise UserErrors([user_error(info, "MISSING_FIELD_REQUIRED", ["input", key])])
        if normalize(given[key]) != normalize(value):
            raise UserErrors([user_error(info, "INPUT_MISMATCH", ["input", key])])
        return find(state, value)
    return None


def _give_custom_id(state: State, info: Info, customer: Doc, custom_id: Mapping[str, Any]) -> None:
    """A customer created through a custom ID carries it (so the next upsert finds it)."""
    try:
        set_custom_id(state, customer, custom_id, context_of(info).app)
    except MetafieldProblem as problem:
        field = ["identifier", "customId", problem.field]
        raise UserErrors([user_error(info, "INVALID", field, problem.message)]) from problem


@customer_mutations.mutation("customerSet")
def customer_set(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    given: dict[str, Any] = args["input"]
    refuse_unsupported_inputs(given, "CustomerSetInput", _SET_INPUTS)
    state = context_of(info).state
    try:
        with state.savepoint():
            found = _set_target(state, info, args)
            if found is None:
                customer = new_customer(state, shop_doc(state)["currencyCode"])
            else:
                customer = state.edit(CUSTOMER, legacy_id(found["id"])) or {}
            problems = apply_fields(state, customer, given)
            problems = problems or [p for p in [require_contact(customer)] if p is not None]
            if problems:
                raise _errors(info, problems, ["input"])
            if given.get("addresses") is not None:
                _replace_addresses(state, customer, given["addresses"])
            saved = save_customer(state, customer)
            custom_id = (args.get("identifier") or {}).get("customId")
            if found is None and custom_id is not None:
                _give_custom_id(state, info, saved, custom_id)
    except UserErrors as failure:
        return {"customer": None, "userErrors": failure.errors}
    return {"customer": saved, "userErrors": []}
