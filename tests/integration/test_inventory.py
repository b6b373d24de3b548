"""POST /v1/inventory over real HTTP: keys and scopes, idempotency, what is stored, refusals.

Workers are off, so the store holds exactly what the endpoint wrote.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from shopbridge.app import App
from shopbridge.config.loader import parse_settings
from shopbridge.config.schema import Settings
from shopbridge.operations import create_key
from shopbridge.server import bind_socket, serve
from shopbridge.store.sql import SqlStore
from tests.integration.harness import TOKEN, Engine, running_engine

MAX_BODY_BYTES = 1_000_000  # 10,000 items like ITEM fit (about 730 kB)
ITEM = {"sku": "TSHIRT-RED-M", "location": "Main warehouse", "quantity": 42}


def inventory_settings(store_url: str, *, shops: str | None = None) -> Settings:
    shops = shops or (
        "acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_test}"
    )
    return parse_settings(
        f"""
server: {{host: 127.0.0.1, port: 0, operator_token: {TOKEN}, max_body_bytes: {MAX_BODY_BYTES}}}
store: {{url: "{store_url}"}}
shops:
  {shops}
"""
    )


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with running_engine(inventory_settings(sqlite_url), workers=False) as running:
        yield running


async def _key(engine: Engine, scopes: tuple[str, ...] = ("shopify:write",)) -> str:
    plaintext, _ = await create_key(engine.settings, "-".join(scopes), list(scopes))
    return plaintext


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/inventory", token=key, json=body, headers=headers)


async def _stored(engine: Engine) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    _, events = await engine.api("GET", "/v1/events?limit=500")
    _, jobs = await engine.api("GET", "/v1/jobs?limit=500")
    return events["items"], jobs["items"]


async def test_keys_and_scopes(engine: Engine) -> None:
    status, problem = await _post(engine, ITEM, "")
    assert (status, problem["type"]) == (401, "https://shopbridge.dev/problems/missing_credentials")
    status, problem = await _post(engine, ITEM, "sbk_abcd1234_" + "x" * 43)
    assert (status, problem["type"].rsplit("/", 1)[1]) == (401, "invalid_credentials")
    status, problem = await _post(engine, ITEM, await _key(engine, ("events:write",)))
    assert status == 403
    assert problem["detail"] == "this key lacks the 'shopify:write' scope"
    assert await _stored(engine) == ([], [])
    status, _ = await _post(engine, ITEM, await _key(engine))
    assert status == 202
    status, _ = await _post(engine, ITEM, await _key(engine, ("admin",)))
    assert status == 202


async def test_single_update_is_stored_normalized_with_one_job(engine: Engine) -> None:
    key = await _key(engine)
    update = {
        "inventory_item_id": 30322695,
        "location_id": "64244891",
        "name": "on_hand",
        "quantity": 0,
        "version": "2026-07-01T14:00:00+02:00",
    }
    status, body = await _post(engine, update, key)
    assert status == 202
    assert body == {"status": "accepted", "event_id": body["event_id"], "items": 1}
    _, event = await engine.api("GET", f"/v1/events/{body['event_id']}")
    assert (event["source_kind"], event["source"], event["topic"]) == (
        "inbound",
        "inventory",
        "inventory/set",
    )
    assert event["shop_domain"] == "acme.myshopify.com"
    assert json.loads(event["body"]) == {
        "shop": "acme",
        "items": [
            {
                "sku": None,
                "inventory_item_id": "gid://shopify/InventoryItem/30322695",
                "location": None,
                "location_id": "gid://shopify/Location/64244891",
                "name": "on_hand",
                "quantity": 0,
                "version": 1_782_907_200.0,
            }
        ],
    }
    [job] = event["jobs"]
    assert (job["flow"], job["destination"], job["ordering_key"], job["status"]) == (
        "inventory",
        "shopify:acme",
        None,
        "queued",
    )
    assert job["idempotency_key"].startswith("msg_")
    store = SqlStore(engine.settings.store.url)
    try:
        stored_job = await store.get_job(job["id"])
    finally:
        await store.close()
    assert (stored_job.lane, stored_job.payload) == (None, None)


async def test_batch_is_one_event_and_one_job(engine: Engine) -> None:
    items = [
        {**ITEM, "version": 1042},
        {"sku": "MUG", "location": "Store 2", "quantity": 7, "version": 1_782_907_200.5},
        {"inventory_item_id": "gid://shopify/InventoryItem/9", "location_id": 3, "quantity": 1},
    ]
    status, body = await _post(engine, {"shop": "acme", "items": items}, await _key(engine))
    assert (status, body["items"]) == (202, 3)
    events, jobs = await _stored(engine)
    assert len(events) == 1
    assert len(jobs) == 1
    _, event = await engine.api("GET", f"/v1/events/{body['event_id']}")
    stored = json.loads(event["body"])["items"]
    assert [i["version"] for i in stored[:2]] == [1042.0, 1_782_907_200.5]
    # No version given: the time of receipt, which is also the event's.
    assert stored[2]["version"] > 1_700_000_000
    assert stored[2]["location_id"] == "gid://shopify/Location/3"


async def test_idempotency_key_replays_the_first_event(engine: Engine) -> None:
    key = await _key(engine)
    batch = {"items": [ITEM, {**ITEM, "sku": "MUG"}]}
    status, first = await _post(engine, batch, key, **{"Idempotency-Key": "erp-run-7"})
    assert (status, first["status"], first["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, batch, key, **{"Idempotency-Key": "erp-run-7"})
    assert status == 200
    assert again == {"status": "duplicate", "event_id": first["event_id"], "items": 2}
    # The key alone decides, as on /v1/events: a different body still gets the first event.
    status, changed = await _post(engine, ITEM, key, **{"Idempotency-Key": "erp-run-7"})
    assert (status, changed) == (200, again)
    status, other = await _post(engine, ITEM, key, **{"Idempotency-Key": "erp-run-8"})
    assert status == 202
    assert other["event_id"] != first["event_id"]
    events, jobs = await _stored(engine)
    assert (len(events), len(jobs)) == (2, 2)


async def test_invalid_items_are_all_listed_and_nothing_is_stored(engine: Engine) -> None:
    items = [
        ITEM,
        {**ITEM, "quantity": -1},
        {**ITEM, "inventory_item_id": 5},
        {"sku": "A", "location_id": "gid://shopify/Product/1", "quantity": 1, "name": "x"},
        {**ITEM, "version": "2026-07-01T12:00:00"},
    ]
    async with engine.http.post(
        f"{engine.url}/v1/inventory",
        json={"items": items},
        headers={"Authorization": f"Bearer {await _key(engine)}"},
    ) as response:
        assert response.status == 422
        assert response.content_type == "application/problem+json"
        problem = await response.json(content_type=None)
    assert problem["type"] == "https://shopbridge.dev/problems/invalid_inventory"
    assert [e["field"] for e in problem["errors"]] == [
        "items.1.quantity",
        "items.2.sku",
        "items.3.location_id",
        "items.3.name",
        "items.4.version",
    ]
    assert problem["errors"][1]["message"] == "give sku or inventory_item_id, not both"
    assert problem["detail"].startswith("nothing was stored: items.1.quantity: ")
    assert problem["detail"].endswith("(and 2 more, listed in errors)")
    assert await _stored(engine) == ([], [])


async def test_10001_items_are_refused(engine: Engine) -> None:
    key = await _key(engine)
    status, problem = await _post(engine, {"items": [ITEM] * 10_001}, key)
    assert status == 422
    assert problem["errors"] == [
        {"field": "items", "message": "must be a list of 1 to 10,000 updates"}
    ]
    assert await _stored(engine) == ([], [])
    status, body = await _post(engine, {"items": [ITEM] * 10_000}, key)
    assert (status, body["items"]) == (202, 10_000)


async def test_other_refusals_store_nothing(engine: Engine) -> None:
    key = await _key(engine)
    auth = {"Authorization": f"Bearer {key}"}
    status, problem = await _post(engine, {**ITEM, "shop": "other"}, key)
    assert (status, problem["errors"][0]["field"]) == (422, "shop")
    status, problem = await _post(engine, ITEM, key, **{"Idempotency-Key": "k" * 256})
    assert (status, problem["type"].rsplit("/", 1)[1]) == (400, "invalid_idempotency_key")
    cases = [
        (b"x" * (MAX_BODY_BYTES + 1), "application/json", 413, "body_too_large"),
        (b"sku=A", "text/plain", 415, "unsupported_media_type"),
        (b'{"sku": ', "application/json", 400, "malformed_json"),
    ]
    for data, content_type, expected, code in cases:
        headers = {**auth, "Content-Type": content_type}
        async with engine.http.post(
            f"{engine.url}/v1/inventory", data=data, headers=headers
        ) as response:
            problem = await response.json(content_type=None)
            assert (response.status, problem["type"].rsplit("/", 1)[1]) == (expected, code)
    assert await _stored(engine) == ([], [])


async def test_shop_is_required_when_several_are_configured(sqlite_url: str) -> None:
    shops = """acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: a}
  beta: {domain: beta.myshopify.com, webhook_secret: s, access_token: b}"""
    async with running_engine(inventory_settings(sqlite_url, shops=shops), workers=False) as engine:
        key = await _key(engine)
        status, problem = await _post(engine, ITEM, key)
        assert status == 422
        assert problem["errors"] == [
            {"field": "shop", "message": "required: name one of the shops (acme, beta)"}
        ]
        status, _ = await _post(engine, {**ITEM, "shop": "beta.myshopify.com"}, key)
        assert status == 202
        _, jobs = await _stored(engine)
        assert [j["destination"] for j in jobs] == ["shopify:beta"]


async def test_route_is_documented(engine: Engine) -> None:
    async with engine.http.get(f"{engine.url}/openapi.json") as response:
        spec = await response.json()
    operation = spec["paths"]["/v1/inventory"]["post"]
    assert "shopify:write" in operation["description"]
    assert {"200", "202", "401", "403", "413", "422", "503"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    batch, single = schema["anyOf"]
    assert batch["properties"]["items"]["maxItems"] == 10_000
    assert single["properties"]["quantity"]["maximum"] == 1_000_000_000
    assert "examples" in batch
    assert "$ref" not in json.dumps(schema)


async def test_stored_on_both_stores(store_url: str) -> None:
    """Runs on SQLite and on the local PostgreSQL (the store_url fixture)."""
    async with running_engine(inventory_settings(store_url), workers=False) as engine:
        status, body = await _post(
            engine, {"items": [ITEM, {**ITEM, "sku": "MUG"}]}, await _key(engine)
        )
        assert (status, body["items"]) == (202, 2)
        events, jobs = await _stored(engine)
    assert [e["topic"] for e in events] == ["inventory/set"]
    assert [(j["event_id"], j["destination"]) for j in jobs] == [(body["event_id"], "shopify:acme")]


async def test_store_unavailable_is_503() -> None:
    settings = inventory_settings("postgresql://nobody@127.0.0.1:1/none")
    app = App.build(settings)
    sock = bind_socket("127.0.0.1", 0)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, workers=False, sock=sock, stop=stop))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with http.get(f"{url}/healthz"):
                        break
                await asyncio.sleep(0.02)
            # The operator token needs no store to authenticate, so the write is what fails.
            async with http.post(
                f"{url}/v1/inventory", json=ITEM, headers={"Authorization": f"Bearer {TOKEN}"}
            ) as response:
                problem = await response.json(content_type=None)
                assert response.status == 503
                assert response.headers["Retry-After"] == "5"
    finally:
        stop.set()
        await task
        await app.close()
    assert problem["type"].endswith("store_unavailable")
