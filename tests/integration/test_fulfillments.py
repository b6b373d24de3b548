"""POST /v1/fulfillments over real HTTP: what is stored (one event, one job), refusals, replays.

Workers are off, so the store holds exactly what the endpoint wrote.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from tests.integration.harness import TOKEN, Engine, running_engine
from tests.integration.test_inventory import _key, _stored

SHIPMENT = {
    "shipment_id": "WMS-SHP-1",
    "order_reference": "SO-778",
    "lines": [{"sku": "TEE-M", "quantity": 2}],
    "tracking": {"company": "UPS", "numbers": ["1Z1"], "urls": ["https://ups.example/1Z1"]},
    "notify_customer": True,
    "status": "in_transit",
    "happened_at": "2026-07-01T14:00:00+02:00",
    "version": 3,
}


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    settings = parse_settings(
        f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}}}
store: {{url: "{sqlite_url}"}}
shops:
  acme: {{domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_test}}
fulfillments:
  order_reference: {{type: tag, prefix: "erp:"}}
"""
    )
    async with running_engine(settings, workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/fulfillments", token=key, json=body, headers=headers)


async def test_a_shipment_is_stored_normalized_as_one_event_and_one_writer_job(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {"items": [SHIPMENT, {"shipment_id": "S2", "order_name": "#1002", "lines": "all"}]}
    status, answer = await _post(engine, body, key, **{"Idempotency-Key": "wms-1"})
    assert (status, answer["status"], answer["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, body, key, **{"Idempotency-Key": "wms-1"})
    assert (status, again["status"], again["event_id"]) == (200, "duplicate", answer["event_id"])
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("fulfillments", "fulfillments/upsert")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("fulfillments", "shopify:acme")]
    _, event = await engine.api("GET", f"/v1/events/{answer['event_id']}")
    stored = json.loads(event["body"]) if isinstance(event["body"], str) else event["body"]
    first, second = stored["items"]
    assert first["order"] == {"by": "tag", "value": "erp:SO-778"}
    assert (first["status"], first["happened_at"]) == ("IN_TRANSIT", "2026-07-01T12:00:00Z")
    assert first["tracking"]["numbers"] == ["1Z1"]
    assert second["order"] == {"by": "name", "value": "#1002"}
    assert (second["lines"], second["notify_customer"]) == ("all", False)


async def test_bad_shipments_are_refused_with_every_path_and_nothing_is_stored(
    engine: Engine,
) -> None:
    key = await _key(engine)
    items = [
        {**SHIPMENT, "order_id": 450789469},  # two ways to name the order
        {"shipment_id": "S2", "order_name": "#1002"},  # nothing to do
        {
            "shipment_id": "S3",
            "lines": [{"sku": "A", "quantity": 1}, {"sku": "A", "quantity": 0}],
            "tracking": {"numbers": ["1", "2"], "urls": ["https://x.example/1"]},
            "status_message": "no status",
        },
        {"shipment_id": "", "order_id": "gid://shopify/Product/1", "status": "lost"},
    ]
    status, answer = await _post(engine, {"items": items}, key)
    assert status == 422
    assert answer["type"].endswith("/invalid_fulfillments")
    assert [e["field"] for e in answer["errors"]] == [
        "items.0.order_reference",
        "items.1.lines",
        "items.2.order_id",
        "items.2.lines.1.quantity",
        "items.3.shipment_id",
        "items.3.order_id",
        "items.3.status",
    ]
    status, answer = await _post(engine, {"items": [items[2]], "shop": "acme"}, key)
    fields = [e["field"] for e in answer["errors"]]
    assert "items.0.tracking.urls" not in fields  # the shape error above came first
    fixed = {**items[2], "order_name": "#1", "lines": [{"sku": "A", "quantity": 1}] * 2}
    status, answer = await _post(engine, fixed, key)
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [
        ("lines.1.sku", "'A' is listed twice: give its total quantity once"),
        ("tracking.urls", "give one URL per tracking number, in the same order, or none"),
        ("status_message", "only with a status"),
    ]
    assert await _stored(engine) == ([], [])
    status, _ = await _post(engine, SHIPMENT, await _key(engine, ("events:write",)))
    assert status == 403


async def test_the_endpoint_is_documented_with_its_body_inline(engine: Engine) -> None:
    async with engine.http.get(f"{engine.url}/openapi.json") as response:
        spec = await response.json()
    operation = spec["paths"]["/v1/fulfillments"]["post"]
    assert {"200", "202", "401", "403", "422"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    batch, single = schema["anyOf"]
    assert batch["properties"]["items"]["maxItems"] == 1_000
    assert "in_transit" in json.dumps(single["properties"]["status"])
    assert "$ref" not in json.dumps(schema)
