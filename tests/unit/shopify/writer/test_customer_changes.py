"""Reading a customers job's document, and the customerSet variables built from it."""

from __future__ import annotations

import json
from typing import Any

import pytest

from shopbridge.shopify.writer.changes import BadItem
from shopbridge.shopify.writer.customer_changes import CustomerChange, read_customers
from shopbridge.shopify.writer.customer_send import customer_set_variables

ITEM: dict[str, Any] = {
    "identify": {"by": "email", "value": "Ada@Example.com"},
    "system": "crm",
    "fields": {
        "email": "Ada@Example.com",
        "first_name": "Ada",
        "note": None,
        "tags": ["vip"],
        "addresses": [{"address1": "1 Main St", "country_code": "CA", "province_code": "ON"}],
    },
    "email_marketing": {"state": "SUBSCRIBED"},
    "ignored": ["phone"],
    "version": 3,
}


def read(*items: Any) -> list[CustomerChange | BadItem]:
    return list(read_customers(json.dumps({"shop": "acme", "items": list(items)}).encode()).items)


def test_an_item_reads_back_as_stored_and_its_key_ignores_email_case() -> None:
    [change] = read(ITEM)
    assert isinstance(change, CustomerChange)
    assert change.key == "customer:email:ada@example.com"
    assert change.as_item() == {**ITEM, "version": 3.0}
    custom = {
        **ITEM,
        "identify": {"by": "custom_id", "value": "C-1", "namespace": "crm", "key": "id"},
    }
    [by_custom] = read(custom)
    assert isinstance(by_custom, CustomerChange)
    assert by_custom.key == "customer:custom_id:crm.id=C-1"


@pytest.mark.parametrize(
    ("change", "reason"),
    [
        ({"identify": {"by": "name", "value": "x"}}, "'identify' must say how to find"),
        ({"identify": {"by": "custom_id", "value": "x"}}, "a custom id needs its 'namespace'"),
        ({"fields": {"shoe_size": 9}}, "'fields' must be an object of"),
        ({"email_marketing": {"state": "NOT_SUBSCRIBED"}}, "'email_marketing.state' must be"),
        ({"version": "soon"}, "'version' must be a number"),
        ({"extra": 1}, "unknown fields: extra"),
    ],
)
def test_a_bad_item_is_a_bad_item_with_its_reason(change: dict[str, Any], reason: str) -> None:
    [bad] = read({**ITEM, **change})
    assert isinstance(bad, BadItem)
    assert bad.reason.startswith(reason)


def test_customer_set_variables_name_the_identifier_and_map_the_fields() -> None:
    [change] = read(ITEM)
    assert isinstance(change, CustomerChange)
    assert customer_set_variables(change) == {
        "identifier": {"email": "Ada@Example.com"},
        "input": {
            "email": "Ada@Example.com",
            "firstName": "Ada",
            "note": None,
            "tags": ["vip"],
            "addresses": [{"address1": "1 Main St", "countryCode": "CA", "provinceCode": "ON"}],
        },
    }
    custom = {
        **ITEM,
        "identify": {"by": "custom_id", "value": "C-1", "namespace": "crm", "key": "id"},
    }
    [by_custom] = read(custom)
    assert isinstance(by_custom, CustomerChange)
    assert customer_set_variables(by_custom)["identifier"] == {
        "customId": {"namespace": "crm", "key": "id", "value": "C-1"}
    }
