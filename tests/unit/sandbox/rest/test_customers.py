"""Customer webhook payloads have the keys and JSON types of Shopify's examples."""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

import pytest

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.customer_addresses import address_doc
from shopbridge.sandbox.domains.customers_store import email_consent, new_customer, sms_consent
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State
from tests.unit.sandbox.rest.rendering import rendered
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example


@pytest.fixture
def state() -> Iterator[State]:
    store = State()
    run_bootstraps(store, SandboxConfig())
    yield store
    store.close()


def created(state: State, **fields: Any) -> Doc:
    with state.transaction():
        customer = new_customer(state, "USD")
        customer.update(fields)
        address = address_doc(state, {"address1": "1 Main", "countryCode": "CA", "zip": "K1P"})
        customer.update(addresses=[address], defaultAddressId=address["id"])
        return state.save(customer)


def last_txn(state: State) -> list[Change]:
    txn = state.recent[-1].txn
    return [change for change in state.recent if change.txn == txn]


def test_create_update_delete_match_the_examples(state: State) -> None:
    customer = created(state, email="a@example.com", firstName="Ada",
                       emailMarketingConsent=email_consent())  # fmt: skip
    payloads = rendered(state, last_txn(state))
    assert "customers_email_marketing_consent/update" not in payloads
    [payload] = payloads["customers/create"]
    assert_same_shape(payload, official_example("customers/create"))
    assert payload["id"] == legacy_id(customer["id"])
    assert payload["state"] == "disabled"
    assert payload["default_address"]["default"] is True
    assert payload["default_address"]["country_name"] == "Canada"
    with state.transaction():
        state.save({**customer, "note": "hi"})
    [update] = rendered(state, last_txn(state))["customers/update"]
    assert_same_shape(update, official_example("customers/update"))
    with state.transaction():
        state.delete("Customer", legacy_id(customer["id"]))
    [deleted] = rendered(state, last_txn(state))["customers/delete"]
    assert_same_shape(deleted, official_example("customers/delete"))


def test_state_changes_fire_enable_and_disable(state: State) -> None:
    customer = created(state, email="a@example.com")
    with state.transaction():
        state.save({**customer, "state": "ENABLED"})
    payloads = rendered(state, last_txn(state))
    assert "customers/disable" not in payloads
    assert_same_shape(payloads["customers/enable"][0], official_example("customers/enable"))
    with state.transaction():
        state.save({**customer, "state": "DISABLED"})
    payloads = rendered(state, last_txn(state))
    assert_same_shape(payloads["customers/disable"][0], official_example("customers/disable"))


def test_consent_changes_fire_consent_topics(state: State) -> None:
    customer = created(
        state,
        email="a@example.com",
        phone="+16135550100",
        emailMarketingConsent=email_consent(),
        smsMarketingConsent=sms_consent(),
    )
    with state.transaction():
        state.save(
            {
                **customer,
                "emailMarketingConsent": {**email_consent("SUBSCRIBED"),
                                          "consentUpdatedAt": "2026-01-01T00:00:00Z"},
                "smsMarketingConsent": sms_consent("PENDING"),
            }
        )  # fmt: skip
    payloads = rendered(state, last_txn(state))
    [email] = payloads["customers_email_marketing_consent/update"]
    assert_same_shape(email, official_example("customers_email_marketing_consent/update"))
    assert email["email_marketing_consent"]["state"] == "subscribed"
    [sms] = payloads["customers_marketing_consent/update"]
    assert_same_shape(sms, official_example("customers_marketing_consent/update"))
    assert sms["sms_marketing_consent"]["state"] == "pending"
