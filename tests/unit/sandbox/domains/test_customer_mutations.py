"""customerCreate, customerUpdate, customerDelete and customerSet."""

from __future__ import annotations

from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.domains.customer_contact_mutations import customer_contact_mutations
from shopbridge.sandbox.domains.customer_mutations import customer_mutations
from shopbridge.sandbox.domains.customers import customers
from shopbridge.sandbox.domains.customers_store import record_order
from tests.unit.sandbox.domains.admining import AdminStore

FIELDS = """
id email phone firstName lastName displayName note tags state verifiedEmail taxExempt
numberOfOrders amountSpent { amount currencyCode } createdAt updatedAt legacyResourceId
emailMarketingConsent { marketingState marketingOptInLevel consentUpdatedAt }
smsMarketingConsent { marketingState marketingOptInLevel consentCollectedFrom }
defaultEmailAddress { emailAddress marketingState validFormat }
defaultPhoneNumber { phoneNumber marketingState }
defaultAddress { id address1 city countryCodeV2 country provinceCode zip formatted name }
addressesV2(first: 10) { nodes { id address1 } }
"""
CREATE = f"""
mutation($input: CustomerInput!) {{
  customerCreate(input: $input) {{ customer {{ {FIELDS} }} userErrors {{ field message }} }}
}}
"""
UPDATE = f"""
mutation($input: CustomerInput!) {{
  customerUpdate(input: $input) {{ customer {{ {FIELDS} }} userErrors {{ field message }} }}
}}
"""
DELETE = """
mutation($id: ID!) {
  customerDelete(input: {id: $id}) { deletedCustomerId shop { id } userErrors { field message } }
}
"""
SET = f"""
mutation($input: CustomerSetInput!, $identifier: CustomerSetIdentifiers) {{
  customerSet(input: $input, identifier: $identifier) {{
    customer {{ {FIELDS} }} userErrors {{ field message code }}
  }}
}}
"""


@pytest.fixture
def store(admin: GraphQLSchema) -> AdminStore:
    return AdminStore(admin, [customers, customer_mutations, customer_contact_mutations])


def create(store: AdminStore, **given: Any) -> dict[str, Any]:
    payload = store.payload(CREATE, {"input": given})
    assert payload["userErrors"] == [], payload
    customer: dict[str, Any] = payload["customer"]
    return customer


def test_registry_fields_exist_in_the_schema(store: AdminStore) -> None:
    assert store.registry.unknown_fields() == []


def test_create_fills_shopify_defaults(store: AdminStore) -> None:
    customer = create(
        store,
        email=" Ada@Example.com ",
        phone="(613) 555-0100",
        firstName="Ada",
        lastName="Lovelace",
        tags=["vip", "VIP", " wholesale "],
        addresses=[{"address1": "1 Main St", "city": "Ottawa", "countryCode": "CA",
                    "provinceCode": "ON", "zip": "K1P 1J1", "firstName": "Ada"}],
    )  # fmt: skip
    assert customer["email"] == "ada@example.com"
    assert customer["phone"] == "+16135550100"
    assert customer["displayName"] == "Ada Lovelace"
    assert customer["tags"] == ["vip", "wholesale"]
    assert (customer["state"], customer["numberOfOrders"]) == ("DISABLED", "0")
    assert customer["amountSpent"] == {"amount": "0.0", "currencyCode": "USD"}
    assert customer["emailMarketingConsent"]["marketingState"] == "NOT_SUBSCRIBED"
    assert customer["smsMarketingConsent"]["consentCollectedFrom"] == "OTHER"
    assert customer["defaultEmailAddress"]["emailAddress"] == "ada@example.com"
    assert customer["defaultPhoneNumber"]["phoneNumber"] == "+16135550100"
    address = customer["defaultAddress"]
    assert address["id"].endswith("?model_name=CustomerAddress")
    assert address["country"] == "Canada"
    assert address["formatted"] == ["1 Main St", "Ottawa ON K1P 1J1", "Canada"]
    assert customer["addressesV2"]["nodes"] == [{"id": address["id"], "address1": "1 Main St"}]


def test_create_with_consent(store: AdminStore) -> None:
    consent = {"marketingState": "SUBSCRIBED", "marketingOptInLevel": "CONFIRMED_OPT_IN",
               "consentUpdatedAt": "2026-01-02T03:04:05+01:00"}  # fmt: skip
    customer = create(store, email="a@example.com", emailMarketingConsent=consent)
    assert customer["emailMarketingConsent"] == {
        "marketingState": "SUBSCRIBED",
        "marketingOptInLevel": "CONFIRMED_OPT_IN",
        "consentUpdatedAt": "2026-01-02T02:04:05Z",
    }


@pytest.mark.parametrize(
    ("given", "error"),
    [
        ({"email": "not-an-email"}, {"field": ["email"], "message": "Email is invalid"}),
        ({"phone": "12"}, {"field": ["phone"], "message": "Phone is invalid"}),
        ({"note": "x"}, {"field": None,
                         "message": "Customer must have a name, phone number or email address"}),
        ({"email": "b@example.com",
          "emailMarketingConsent": {"marketingState": "NOT_SUBSCRIBED"}},
         {"field": ["emailMarketingConsent"],
          "message": "Marketing state NOT_SUBSCRIBED can't be set"}),
        ({"firstName": "x", "emailMarketingConsent": {"marketingState": "SUBSCRIBED"}},
         {"field": ["emailMarketingConsent"],
          "message": "The customer needs an email to set emailMarketingConsent"}),
    ],
)  # fmt: skip
def test_create_refuses_bad_input(
    store: AdminStore, given: dict[str, Any], error: dict[str, Any]
) -> None:
    payload = store.payload(CREATE, {"input": given})
    assert payload == {"customer": None, "userErrors": [error]}
    assert store.state.count("Customer") == 0


def test_email_and_phone_are_unique(store: AdminStore) -> None:
    create(store, email="a@example.com", phone="+16135550100")
    payload = store.payload(CREATE, {"input": {"email": "A@example.com", "phone": "6135550100"}})
    assert payload["userErrors"] == [
        {"field": ["email"], "message": "Email has already been taken"},
        {"field": ["phone"], "message": "Phone has already been taken"},
    ]


def test_metafields_input_is_refused_as_unsupported(store: AdminStore) -> None:
    metafield = {"namespace": "a", "key": "b", "type": "single_line_text_field", "value": "c"}
    body = store.query(CREATE, {"input": {"email": "a@example.com", "metafields": [metafield]}})
    assert body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"


def test_update_changes_only_sent_fields(store: AdminStore) -> None:
    customer = create(store, email="a@example.com", firstName="Ada", tags=["a"])
    payload = store.payload(UPDATE, {"input": {"id": customer["id"], "lastName": "L", "tags": []}})
    updated = payload["customer"]
    assert (updated["firstName"], updated["lastName"], updated["tags"]) == ("Ada", "L", [])
    assert updated["email"] == "a@example.com"


def test_update_errors(store: AdminStore) -> None:
    missing = store.payload(UPDATE, {"input": {"id": "gid://shopify/Customer/1", "note": "x"}})
    assert missing["userErrors"] == [{"field": ["id"], "message": "Customer does not exist"}]
    customer = create(store, email="a@example.com")
    consent = {"marketingState": "SUBSCRIBED"}
    refused = store.payload(
        UPDATE, {"input": {"id": customer["id"], "emailMarketingConsent": consent}}
    )
    assert refused["userErrors"][0]["message"] == (
        "To update emailMarketingConsent, please use the "
        "customerEmailMarketingConsentUpdate Mutation instead"
    )
    blank = store.payload(UPDATE, {"input": {"id": customer["id"], "email": None}})
    assert blank["userErrors"][0]["field"] is None


def test_delete(store: AdminStore) -> None:
    customer = create(store, email="a@example.com")
    payload = store.payload(DELETE, {"id": customer["id"]})
    assert payload["deletedCustomerId"] == customer["id"]
    again = store.payload(DELETE, {"id": customer["id"]})
    assert again["userErrors"] == [{"field": ["id"], "message": "Customer can't be found"}]


def test_customer_with_orders_cannot_be_deleted(store: AdminStore) -> None:
    customer = create(store, email="a@example.com")
    with store.state.transaction():
        record_order(store.state, customer["id"], "12.50", "gid://shopify/Order/1")
    payload = store.payload(DELETE, {"id": customer["id"]})
    assert payload["deletedCustomerId"] is None
    assert payload["userErrors"][0]["field"] == ["id"]


def test_set_upserts_by_email(store: AdminStore) -> None:
    identifier = {"email": "a@example.com"}
    first = store.payload(
        SET, {"identifier": identifier, "input": {"email": "a@example.com", "firstName": "A"}}
    )
    assert first["userErrors"] == []
    second = store.payload(
        SET, {"identifier": identifier, "input": {"email": "A@example.com", "lastName": "B"}}
    )
    assert second["customer"]["id"] == first["customer"]["id"]
    assert second["customer"]["displayName"] == "A B"
    assert store.state.count("Customer") == 1


def test_set_replaces_addresses_and_keeps_matching_ones(store: AdminStore) -> None:
    home = {"address1": "1 Main St", "city": "Ottawa", "countryCode": "CA"}
    work = {"address1": "2 Side St", "city": "Toronto", "countryCode": "CA"}
    created = store.payload(SET, {"input": {"email": "a@example.com", "addresses": [home, work]}})
    customer = created["customer"]
    [home_id, work_id] = [a["id"] for a in customer["addressesV2"]["nodes"]]
    assert customer["defaultAddress"]["id"] == home_id
    updated = store.payload(
        SET,
        {
            "identifier": {"id": customer["id"]},
            "input": {"addresses": [work, {"address1": "3 New St", "countryCode": "US"}]},
        },
    )["customer"]
    ids = [a["id"] for a in updated["addressesV2"]["nodes"]]
    assert ids[0] == work_id
    assert home_id not in ids
    assert len(ids) == 2
    assert updated["defaultAddress"]["id"] == work_id


@pytest.mark.parametrize(
    ("variables", "code", "field"),
    [
        ({"identifier": {"id": "gid://shopify/Customer/1"}, "input": {"note": "x"}},
         "NOT_FOUND", ["identifier", "id"]),
        ({"identifier": {"email": "a@example.com"}, "input": {"firstName": "x"}},
         "MISSING_FIELD_REQUIRED", ["input", "email"]),
        ({"identifier": {"email": "a@example.com"}, "input": {"email": "b@example.com"}},
         "INPUT_MISMATCH", ["input", "email"]),
        ({"identifier": {"phone": "+16135550100"},
          "input": {"id": "gid://shopify/Customer/1", "phone": "+16135550100"}},
         "ID_NOT_ALLOWED", ["input", "id"]),
        ({"input": {"email": "bad"}}, "INVALID", ["input", "email"]),
        ({"input": {"note": "x"}}, "BLANK", None),
    ],
)  # fmt: skip
def test_set_errors(
    store: AdminStore, variables: dict[str, Any], code: str, field: list[str] | None
) -> None:
    payload = store.payload(SET, variables)
    assert payload["customer"] is None
    assert [(e["code"], e["field"]) for e in payload["userErrors"]] == [(code, field)]


def test_set_taken_email(store: AdminStore) -> None:
    create(store, email="a@example.com")
    payload = store.payload(SET, {"input": {"email": "a@example.com"}})
    assert payload["userErrors"][0]["code"] == "TAKEN"
    assert store.state.count("Customer") == 1
