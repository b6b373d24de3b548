"""A customer's fingerprint is the same from the Admin API's answer and from its webhook."""

from __future__ import annotations

from typing import Any

from shopbridge.customers.view import from_admin, from_webhook

ADMIN = {
    "id": "gid://shopify/Customer/7",
    "updatedAt": "2026-07-01T12:00:00Z",
    "firstName": "Ada",
    "lastName": None,
    "note": "",
    "tags": ["vip"],
    "defaultEmailAddress": {"emailAddress": "ada@example.com", "marketingState": "SUBSCRIBED"},
    "defaultPhoneNumber": None,
    "addressesV2": {
        "nodes": [
            {
                "address1": "1 Main St",
                "address2": None,
                "city": "Ottawa",
                "company": None,
                "countryCodeV2": "CA",
                "firstName": "Ada",
                "lastName": None,
                "phone": None,
                "provinceCode": "ON",
                "zip": "K1A 0B1",
            }
        ]
    },
}
WEBHOOK: dict[str, Any] = {
    "id": 7,
    "admin_graphql_api_id": "gid://shopify/Customer/7",
    "updated_at": "2026-07-01T08:00:00-04:00",
    "email": "Ada@Example.com",
    "phone": None,
    "first_name": "Ada",
    "last_name": None,
    "note": None,
    "state": "disabled",
    "addresses": [
        {
            "id": 1,
            "address1": "1 Main St",
            "address2": None,
            "city": "Ottawa",
            "company": None,
            "country_code": "CA",
            "country": "Canada",
            "first_name": "Ada",
            "last_name": None,
            "phone": None,
            "province_code": "ON",
            "zip": "K1A 0B1",
            "default": True,
        }
    ],
}


def test_the_same_customer_reads_alike_in_both_shapes() -> None:
    written, seen = from_admin(ADMIN), from_webhook(WEBHOOK)
    assert written is not None
    assert seen is not None
    assert (seen.gid, seen.updated_at) == (written.gid, written.updated_at)
    assert seen.fingerprint == written.fingerprint


def test_any_synced_field_changes_the_fingerprint_but_tags_do_not() -> None:
    base = from_webhook(WEBHOOK)
    assert base is not None
    for change in (
        {"first_name": "Augusta"},
        {"email": "other@example.com"},
        {"note": "new"},
        {"addresses": []},
    ):
        changed = from_webhook({**WEBHOOK, **change})
        assert changed is not None
        assert changed.fingerprint != base.fingerprint, change
    tagged = from_webhook({**WEBHOOK, "tags": "vip, new"})
    assert tagged is not None
    assert tagged.fingerprint == base.fingerprint


def test_a_payload_without_an_id_or_a_time_has_no_view() -> None:
    assert from_webhook({**WEBHOOK, "updated_at": None}) is None
    assert from_webhook({"email": "a@example.com"}) is None
    assert from_webhook([]) is None
    assert from_admin({**ADMIN, "updatedAt": "yesterday"}) is None
