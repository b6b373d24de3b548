"""Marketing consent updates and the customer address mutations."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.customer_contact_mutations import customer_contact_mutations
from shopbridge.sandbox.domains.customer_mutations import customer_mutations
from shopbridge.sandbox.domains.customers import customers
from tests.unit.sandbox.domains.admining import AdminStore

CREATE = """
mutation($input: CustomerInput!) {
  customerCreate(input: $input) { customer { id } userErrors { field message } }
}
"""
EMAIL_CONSENT = """
mutation($input: CustomerEmailMarketingConsentUpdateInput!) {
  customerEmailMarketingConsentUpdate(input: $input) {
    customer { emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt
                                       sourceLocation { id } }
               defaultEmailAddress { marketingState marketingUpdatedAt } }
    userErrors { field message code }
  }
}
"""
SMS_CONSENT = """
mutation($input: CustomerSmsMarketingConsentUpdateInput!) {
  customerSmsMarketingConsentUpdate(input: $input) {
    customer { smsMarketingConsent { marketingState marketingOptInLevel } }
    userErrors { field message code }
  }
}
"""
ADDRESS_FIELDS = "id address1 city countryCodeV2 country"
ADD = f"""
mutation($customerId: ID!, $address: MailingAddressInput!, $default: Boolean) {{
  customerAddressCreate(customerId: $customerId, address: $address, setAsDefault: $default) {{
    address {{ {ADDRESS_FIELDS} }} userErrors {{ field message }}
  }}
}}
"""
EDIT = f"""
mutation($customerId: ID!, $addressId: ID!, $address: MailingAddressInput!) {{
  customerAddressUpdate(customerId: $customerId, addressId: $addressId, address: $address) {{
    address {{ {ADDRESS_FIELDS} }} userErrors {{ field message }}
  }}
}}
"""
REMOVE = """
mutation($customerId: ID!, $addressId: ID!) {
  customerAddressDelete(customerId: $customerId, addressId: $addressId) {
    deletedAddressId userErrors { field message }
  }
}
"""
MAKE_DEFAULT = """
mutation($customerId: ID!, $addressId: ID!) {
  customerUpdateDefaultAddress(customerId: $customerId, addressId: $addressId) {
    customer { defaultAddress { id } } userErrors { field message }
  }
}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return AdminStore(admin, [customers, customer_mutations, customer_contact_mutations])


def customer_id(store: AdminStore, **given: Any) -> str:
    payload = store.payload(CREATE, {"input": given})
    assert payload["userErrors"] == []
    value: str = payload["customer"]["id"]
    return value


def test_email_consent_update(store: AdminStore) -> None:
    customer = customer_id(store, email="a@example.com")
    location = store.state.all("Location")[0]["id"]
    consent = {"marketingState": "SUBSCRIBED", "marketingOptInLevel": "CONFIRMED_OPT_IN",
               "sourceLocationId": location}  # fmt: skip
    payload = store.payload(
        EMAIL_CONSENT, {"input": {"customerId": customer, "emailMarketingConsent": consent}}
    )
    assert payload["userErrors"] == []
    state = payload["customer"]["emailMarketingConsent"]
    assert state["marketingState"] == "SUBSCRIBED"
    assert state["marketingOptInLevel"] == "CONFIRMED_OPT_IN"
    assert state["consentUpdatedAt"] is not None
    assert state["sourceLocation"] == {"id": location}
    assert payload["customer"]["defaultEmailAddress"]["marketingState"] == "SUBSCRIBED"


@pytest.mark.parametrize(
    ("given", "code", "field"),
    [
        ({"marketingState": "NOT_SUBSCRIBED"}, "INCLUSION",
         ["input", "emailMarketingConsent", "marketingState"]),
        ({"marketingState": "INVALID"}, "INCLUSION",
         ["input", "emailMarketingConsent", "marketingState"]),
        ({"marketingState": "SUBSCRIBED", "sourceLocationId": "gid://shopify/Location/1"},
         "INVALID", ["input", "emailMarketingConsent", "sourceLocationId"]),
    ],
)  # fmt: skip
def test_email_consent_errors(
    store: AdminStore, given: dict[str, Any], code: str, field: list[str]
) -> None:
    customer = customer_id(store, email="a@example.com")
    payload = store.payload(
        EMAIL_CONSENT, {"input": {"customerId": customer, "emailMarketingConsent": given}}
    )
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)]


def test_consent_needs_the_contact_and_the_customer(store: AdminStore) -> None:
    customer = customer_id(store, firstName="No contact")
    consent = {"marketingState": "SUBSCRIBED"}
    no_phone = store.payload(
        SMS_CONSENT, {"input": {"customerId": customer, "smsMarketingConsent": consent}}
    )
    assert no_phone["userErrors"][0]["code"] == "INVALID"
    missing = store.payload(
        SMS_CONSENT,
        {"input": {"customerId": "gid://shopify/Customer/9", "smsMarketingConsent": consent}},
    )
    assert missing["userErrors"][0]["field"] == ["input", "customerId"]


def test_sms_consent_update(store: AdminStore) -> None:
    customer = customer_id(store, phone="+14155550100")
    consent = {"marketingState": "SUBSCRIBED", "marketingOptInLevel": "SINGLE_OPT_IN"}
    payload = store.payload(
        SMS_CONSENT, {"input": {"customerId": customer, "smsMarketingConsent": consent}}
    )
    assert payload["customer"]["smsMarketingConsent"]["marketingState"] == "SUBSCRIBED"


def test_address_lifecycle_keeps_one_default(store: AdminStore) -> None:
    customer = customer_id(store, email="a@example.com")
    home = store.payload(
        ADD, {"customerId": customer, "address": {"address1": "1 Main", "countryCode": "FR"}}
    )["address"]
    assert home["country"] == "France"
    work = store.payload(
        ADD, {"customerId": customer, "address": {"address1": "2 Side"}, "default": True}
    )["address"]
    query = f'{{ customer(id: "{customer}") {{ defaultAddress {{ id }} addresses {{ id }} }} }}'
    assert store.data(query)["customer"]["defaultAddress"] == {"id": work["id"]}
    edited = store.payload(
        EDIT, {"customerId": customer, "addressId": home["id"], "address": {"city": "Paris"}}
    )["address"]
    assert (edited["address1"], edited["city"], edited["countryCodeV2"]) == (
        "1 Main",
        "Paris",
        "FR",
    )
    deleted = store.payload(REMOVE, {"customerId": customer, "addressId": work["id"]})
    assert deleted == {"deletedAddressId": work["id"], "userErrors": []}
    assert store.data(query)["customer"] == {
        "defaultAddress": {"id": home["id"]},
        "addresses": [{"id": home["id"]}],
    }
    made = store.payload(MAKE_DEFAULT, {"customerId": customer, "addressId": home["id"]})
    assert made["customer"]["defaultAddress"] == {"id": home["id"]}


def test_address_errors(store: AdminStore) -> None:
    customer = customer_id(store, email="a@example.com")
    missing_customer = store.payload(
        ADD, {"customerId": "gid://shopify/Customer/1", "address": {"address1": "x"}}
    )
    assert missing_customer["userErrors"] == [
        {"field": ["customerId"], "message": "Customer does not exist"}
    ]
    missing_address = store.payload(
        REMOVE, {"customerId": customer, "addressId": "gid://shopify/MailingAddress/1"}
    )
    assert missing_address["userErrors"] == [
        {"field": ["addressId"], "message": "Address does not exist"}
    ]
