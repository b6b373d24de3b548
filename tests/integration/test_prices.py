"""POST /v1/prices over real HTTP: what is stored (one event, one job), refusals, idempotency.

Workers are off, so the store holds exactly what the endpoint wrote.
"""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from tests.integration.harness import Engine, running_engine
from tests.integration.test_inventory import _key, _stored, inventory_settings


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with running_engine(inventory_settings(sqlite_url), workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/prices", token=key, json=body, headers=headers)


async def test_a_batch_is_one_prices_event_and_one_job_for_the_shop_writer(engine: Engine) -> None:
    key = await _key(engine)
    body = {
        "items": [
            {"sku": "A-1", "price": "19.99", "compare_at_price": None},
            {"variant_id": 7, "price": "18.50", "price_list": "Europe", "currency": "EUR"},
        ]
    }
    status, answer = await _post(engine, body, key, **{"Idempotency-Key": "p-1"})
    assert (status, answer["status"], answer["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, body, key, **{"Idempotency-Key": "p-1"})
    assert (status, again["status"], again["event_id"]) == (200, "duplicate", answer["event_id"])
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("prices", "prices/set")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("prices", "shopify:acme")]


async def test_an_invalid_item_refuses_the_request_with_paths_and_stores_nothing(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {"items": [{"sku": "A-1", "price": "1"}, {"sku": "A-2", "price_list": "Eu"}]}
    status, answer = await _post(engine, body, key)
    assert status == 422
    assert [e["field"] for e in answer["errors"]] == ["items.1.price", "items.1.currency"]
    events, _ = await _stored(engine)
    assert events == []
    status, _ = await _post(
        engine, {"sku": "A-1", "price": "1"}, await _key(engine, ("events:write",))
    )
    assert status == 403
