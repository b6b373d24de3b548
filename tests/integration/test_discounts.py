"""POST /v1/discounts over real HTTP: what is stored, refusals, idempotency, and end to end.

Most tests run with workers off, so the store holds exactly what the endpoint wrote;
the last one runs the whole engine against a sandbox store.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from shopbridge.operations import create_key
from shopbridge.sandbox.seed import seed_catalog, sku
from tests.integration.harness import TOKEN, Engine, running_engine
from tests.integration.sandbox.harness import TOKEN as SANDBOX_TOKEN
from tests.integration.sandbox.harness import running as sandbox_running
from tests.integration.shopify.writer.scenario import until
from tests.integration.test_inventory import _key, _stored, inventory_settings

SUMMER = {
    "type": "code",
    "code": "SUMMER15",
    "title": "Summer 15",
    "value": {"percentage": 15},
    "applies_to": {"products": ["sandbox-product-00001"], "variants": [sku(2, 1)]},
    "ends_at": "2099-08-31T23:59:59Z",
    "usage_limit": 100,
    "version": 3,
}
AUTUMN = {
    "type": "automatic",
    "title": "Autumn",
    "value": {"amount": "10.00"},
    "minimum": {"quantity": 2},
}
READ = """
query($code: String!) {
  codeDiscountNodeByCode(code: $code) {
    codeDiscount { ... on DiscountCodeBasic { title status usageLimit } }
  }
}
"""


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with running_engine(inventory_settings(sqlite_url), workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/discounts", token=key, json=body, headers=headers)


async def test_a_batch_is_one_discounts_event_and_one_job_for_the_shop_writer(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {"items": [SUMMER, AUTUMN]}
    status, answer = await _post(engine, body, key, **{"Idempotency-Key": "promo-1"})
    assert (status, answer["status"], answer["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, body, key, **{"Idempotency-Key": "promo-1"})
    assert (status, again["status"], again["event_id"]) == (200, "duplicate", answer["event_id"])
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("discounts", "discounts/upsert")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("discounts", "shopify:acme")]
    status, single = await _post(engine, {**AUTUMN, "shop": "acme"}, key)
    assert (status, single["items"]) == (202, 1)


async def test_an_invalid_item_refuses_the_request_with_paths_and_stores_nothing(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {
        "items": [
            SUMMER,
            {**AUTUMN, "usage_limit": 5},
            {**SUMMER, "value": {"percentage": 150}},
            {"type": "code", "value": {"amount": "5"}, "context": {"markets": []}},
        ]
    }
    status, answer = await _post(engine, body, key)
    assert status == 422
    assert answer["type"] == "https://shopbridge.dev/problems/invalid_discounts"
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [
        ("items.1.usage_limit", "only for code discounts"),
        ("items.2.value.percentage", "Input should be less than or equal to 100"),
        ("items.3.code", "required for a code discount"),
        ("items.3.context.markets", "List should have at least 1 item after validation, not 0"),
    ]
    assert answer["detail"].startswith("nothing was stored: items.1.usage_limit:")
    assert await _stored(engine) == ([], [])
    status, _ = await _post(engine, SUMMER, await _key(engine, ("events:write",)))
    assert status == 403
    assert await _stored(engine) == ([], [])


async def test_route_is_documented(engine: Engine) -> None:
    async with engine.http.get(f"{engine.url}/openapi.json") as response:
        spec = await response.json()
    operation = spec["paths"]["/v1/discounts"]["post"]
    assert "shopify:write" in operation["description"]
    assert {"200", "202", "401", "403", "413", "422", "503"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    batch, single = schema["anyOf"]
    assert batch["properties"]["items"]["maxItems"] == 1_000
    assert single["properties"]["type"]["enum"] == ["code", "automatic"]
    assert "examples" in batch
    assert "$ref" not in json.dumps(schema)


async def test_a_posted_discount_lands_in_the_shop(sqlite_url: str) -> None:
    async with sandbox_running() as shop:
        seed_catalog(shop.sandbox.state, products=2, variants=1, locations=1)
        settings = parse_settings(
            f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}}}
store: {{url: "{sqlite_url}"}}
workers: {{lease_secs: 5, poll_interval_secs: 0.2}}
shops:
  acme:
    domain: {shop.sandbox.config.shop_domain}
    webhook_secret: s
    access_token: {SANDBOX_TOKEN}
    admin_api_url: {shop.sandbox.url}
"""
        )
        key, _ = await create_key(settings, "pricing", ["shopify:write"])
        async with running_engine(settings) as engine:
            status, _ = await _post(engine, {"items": [SUMMER]}, key)
            assert status == 202
            status, _ = await _post(engine, {**SUMMER, "usage_limit": None, "version": 4}, key)
            assert status == 202

            async def delivered() -> bool:
                _, jobs = await engine.api("GET", "/v1/jobs?limit=10")
                return [job["status"] for job in jobs["items"]] == ["delivered"] * 2

            await until(delivered)
        reply = await shop.admin(READ, {"code": "SUMMER15"})
        found = reply.body["data"]["codeDiscountNodeByCode"]["codeDiscount"]
        assert found == {"title": "Summer 15", "status": "ACTIVE", "usageLimit": None}
