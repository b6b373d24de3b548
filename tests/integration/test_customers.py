"""POST /v1/customers over real HTTP: what is stored, ownership, the system, refusals.

Workers are off, so the store holds exactly what the endpoint wrote.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from shopbridge.operations import create_key
from tests.integration.harness import TOKEN, Engine, running_engine
from tests.integration.test_inventory import _key, _stored

ADA = {
    "external_id": "CRM-00042",
    "email": "ada@example.com",
    "first_name": "Ada",
    "note": "likes tea",
    "tags": ["vip"],
    "addresses": [{"address1": "12 St James's Sq", "city": "London", "country_code": "gb"}],
    "email_marketing": {"state": "subscribed", "opt_in_level": "confirmed_opt_in"},
    "sms_marketing": {"state": "unsubscribed"},
    "version": "2026-07-01T12:00:00Z",
}


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    settings = parse_settings(
        f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}}}
store: {{url: "{sqlite_url}"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_test}}
destinations:
  crm: {{url: "https://crm.example.com/hooks"}}
systems:
  crm: {{api_keys: [crm-prod], destinations: [crm]}}
customers:
  ownership: {{note: shopify, sms_marketing: shopify, tags: crm}}
  external_id: {{namespace: crm, key: customer_id}}
"""
    )
    async with running_engine(settings, workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/customers", token=key, json=body)


async def _items(engine: Engine, event_id: int) -> list[dict[str, Any]]:
    _, event = await engine.api("GET", f"/v1/events/{event_id}")
    body = json.loads(event["body"]) if isinstance(event["body"], str) else event["body"]
    items: list[dict[str, Any]] = body["items"]
    return items


async def test_the_crms_customer_is_stored_with_its_system_and_only_the_fields_it_owns(
    engine: Engine,
) -> None:
    crm, _ = await create_key(engine.settings, "crm-prod", ["shopify:write"])
    status, answer = await _post(engine, {"items": [ADA]}, crm)
    assert (status, answer["items"]) == (202, 1)
    [item] = await _items(engine, answer["event_id"])
    assert item["identify"] == {
        "by": "custom_id",
        "value": "CRM-00042",
        "namespace": "crm",
        "key": "customer_id",
        "email": "ada@example.com",  # to find and link a customer the id does not name yet
    }
    assert item["system"] == "crm"
    assert sorted(item["fields"]) == ["addresses", "email", "first_name", "tags"]
    assert item["fields"]["addresses"] == [
        {"address1": "12 St James's Sq", "city": "London", "country_code": "GB"}
    ]
    assert item["email_marketing"] == {"state": "SUBSCRIBED", "opt_in_level": "CONFIRMED_OPT_IN"}
    assert "sms_marketing" not in item
    assert sorted(item["ignored"]) == ["note", "sms_marketing"]
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("customers", "customers/upsert")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("customers", "shopify:acme")]


async def test_a_caller_that_is_no_system_writes_no_owned_field_but_its_identifier(
    engine: Engine,
) -> None:
    status, answer = await _post(engine, {"email": "Bob@Example.com", "tags": ["x"]}, TOKEN)
    assert status == 202
    [item] = await _items(engine, answer["event_id"])
    assert (item["system"], item["identify"]["by"]) == (None, "email")
    assert item["fields"] == {"email": "Bob@Example.com"}
    assert item["ignored"] == ["tags"]


async def test_bad_customers_are_refused_with_every_path_and_nothing_is_stored(
    engine: Engine,
) -> None:
    key = await _key(engine)
    items = [
        {"first_name": "Nobody"},  # nothing to find the customer by
        {"email": "not-an-email", "addresses": [{"country_code": "Canada"}]},
        {"phone": "+16135550100", "email_marketing": {"state": "maybe"}, "shoe_size": 9},
        {"shopify_id": "gid://shopify/Order/1", "tags": "vip"},
    ]
    status, answer = await _post(engine, {"items": items}, key)
    assert status == 422
    assert answer["type"].endswith("/invalid_customers")
    assert [e["field"] for e in answer["errors"]] == [
        "items.0.email",
        "items.1.email",
        "items.1.addresses.0.country_code",
        "items.2.email_marketing.state",
        "items.2.shoe_size",
        "items.3.shopify_id",
        "items.3.tags",
    ]
    assert answer["errors"][0]["message"] == (
        "required: give email, phone, external_id or shopify_id to find the customer"
    )
    assert await _stored(engine) == ([], [])
    status, _ = await _post(engine, ADA, await _key(engine, ("events:write",)))
    assert status == 403


async def test_the_endpoint_is_documented_with_its_body_inline(engine: Engine) -> None:
    async with engine.http.get(f"{engine.url}/openapi.json") as response:
        spec = await response.json()
    operation = spec["paths"]["/v1/customers"]["post"]
    assert {"200", "202", "401", "403", "422"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    assert "external_id" in schema["anyOf"][1]["properties"]
    assert "$ref" not in json.dumps(schema)
