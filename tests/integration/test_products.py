"""POST /v1/products over real HTTP: what is stored (one event, one job), refusals, idempotency.

Workers are off, so the store holds exactly what the endpoint wrote.
"""

from __future__ import annotations

import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.harness import Engine, running_engine
from tests.integration.test_inventory import _key, _stored, inventory_settings

TEE = {
    "handle": "classic-tee",
    "title": "Classic tee",
    "options": [{"name": "Size", "values": ["S", "M"]}],
    "variants": [
        {"sku": "TEE-S", "price": "19.99", "option_values": {"Size": "S"}},
        {"sku": "TEE-M", "price": "19.99", "option_values": {"Size": "M"}},
    ],
    "version": 3,
}


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with running_engine(inventory_settings(sqlite_url), workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/products", token=key, json=body, headers=headers)


async def test_a_batch_is_one_products_event_and_one_job_for_the_shop_writer(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {"items": [TEE, {"handle": "mug", "status": "DRAFT"}]}
    status, answer = await _post(engine, body, key, **{"Idempotency-Key": "pim-1"})
    assert (status, answer["status"], answer["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, body, key, **{"Idempotency-Key": "pim-1"})
    assert (status, again["status"], again["event_id"]) == (200, "duplicate", answer["event_id"])
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("products", "products/upsert")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("products", "shopify:acme")]
    status, single = await _post(engine, {**TEE, "shop": "acme"}, key)
    assert (status, single["items"]) == (202, 1)


async def test_an_invalid_item_refuses_the_request_with_paths_and_stores_nothing(
    engine: Engine,
) -> None:
    key = await _key(engine)
    broken = json.loads(json.dumps(TEE))
    broken["variants"][1]["option_values"] = {"Colour": "Red"}
    broken["variants"][1]["price"] = 19.99
    body = {"items": [TEE, broken, {"title": "No handle", "status": "GONE"}]}
    status, answer = await _post(engine, body, key)
    assert status == 422
    assert [e["field"] for e in answer["errors"]] == [
        "items.1.variants.1.price",
        "items.2.handle",
        "items.2.status",
    ]
    del broken["variants"][1]["price"]
    broken["variants"][1]["price"] = "1.00"
    status, answer = await _post(engine, {"items": [broken]}, key)
    assert [e["field"] for e in answer["errors"]] == [
        "items.0.variants.1.option_values.Colour",
        "items.0.variants.1.option_values.Size",
    ]
    assert await _stored(engine) == ([], [])
    status, _ = await _post(engine, TEE, await _key(engine, ("events:write",)))
    assert status == 403


async def test_products_found_by_sku_or_external_id_are_accepted_and_judged(
    engine: Engine,
) -> None:
    key = await _key(engine)
    erp = {"namespace": "erp", "key": "product_id", "value": "P-1"}
    material = {"namespace": "custom", "key": "material", "type": "single_line_text_field"}
    by_id = {"external_id": erp, "title": "Shirt", "metafields": [{**material, "value": "linen"}]}
    status, answer = await _post(engine, {"items": [by_id, {**TEE, "sku": "TEE-M"}]}, key)
    assert (status, answer["items"]) == (202, 2)
    bad = {"items": [{"sku": "TEE-X", "external_id": erp}, {**TEE, "handle": None, "sku": "NOPE"}]}
    status, answer = await _post(engine, bad, key)
    assert status == 422
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [
        ("items.0.sku", "give sku or external_id, not both"),
        ("items.1.sku", "must be the SKU of one of the variants sent (the product is found by it)"),
    ]
    events, _ = await _stored(engine)
    assert len(events) == 1
