"""POST /v1/events/{source}: API keys, scopes, idempotency and every refusal."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shopbridge.operations import create_key, revoke_key
from tests.integration.harness import Engine, receivers, running_engine, settings_for


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with (
        receivers("erp", "wms") as (url, _),
        running_engine(settings_for(sqlite_url, url)) as running,
    ):
        yield running


async def _key(engine: Engine, name: str = "erp", scopes: list[str] | None = None) -> str:
    plaintext, _ = await create_key(engine.settings, name, scopes or ["events:write"])
    return plaintext


async def test_accepts_with_key_and_honours_idempotency_key(engine: Engine) -> None:
    key = await _key(engine)
    headers = {"Idempotency-Key": "erp-change-42"}
    status, first = await engine.api(
        "POST", "/v1/events/erp", token=key, json={"sku": "A", "available": 3}, headers=headers
    )
    assert status == 202
    assert first["status"] == "accepted"
    assert first["jobs"] == 1
    status, again = await engine.api(
        "POST", "/v1/events/erp", token=key, json={"sku": "A", "available": 3}, headers=headers
    )
    assert status == 200
    assert again == {"status": "duplicate", "event_id": first["event_id"], "jobs": 1}


async def test_x_api_key_header_works(engine: Engine) -> None:
    key = await _key(engine)
    async with engine.http.post(
        f"{engine.url}/v1/events/erp", json={"sku": "B"}, headers={"X-Api-Key": key}
    ) as response:
        assert response.status == 202


async def test_refusals(engine: Engine) -> None:
    key = await _key(engine)
    status, problem = await engine.api("POST", "/v1/events/erp", token="", json={})
    assert status == 401
    status, problem = await engine.api("POST", "/v1/events/erp", token="sbk_nope_nope", json={})
    assert status == 401
    assert problem["type"].endswith("invalid_credentials")
    status, problem = await engine.api("POST", "/v1/events/crm", token=key, json={})
    assert status == 404
    assert "crm" in problem["detail"]
    async with engine.http.post(
        f"{engine.url}/v1/events/erp",
        data=b"sku=A",
        headers={"Authorization": f"Bearer {key}", "Content-Type": "text/plain"},
    ) as response:
        assert response.status == 415
    async with engine.http.post(
        f"{engine.url}/v1/events/erp",
        data=b'{"sku": ',
        headers={"Authorization": f"Bearer {key}", "Content-Type": "application/json"},
    ) as response:
        assert response.status == 400
        assert (await response.json(content_type=None))["type"].endswith("malformed_json")
    status, _ = await engine.api(
        "POST", "/v1/events/erp", token=key, json={}, headers={"Idempotency-Key": "k" * 300}
    )
    assert status == 400
    _, events = await engine.api("GET", "/v1/events")
    assert events["items"] == []


async def test_scopes_are_enforced(engine: Engine) -> None:
    writer = await _key(engine, "writer")
    status, problem = await engine.api("GET", "/v1/jobs", token=writer)
    assert status == 403
    assert problem["type"].endswith("insufficient_scope")
    admin = await _key(engine, "ops", ["admin"])
    status, _ = await engine.api("GET", "/v1/jobs", token=admin)
    assert status == 200
    status, _ = await engine.api("POST", "/v1/events/erp", token=admin, json={"sku": "C"})
    assert status == 202


async def test_revoked_key_is_refused(engine: Engine) -> None:
    key = await _key(engine, "temp")
    await revoke_key(engine.settings, "temp")
    status, _ = await engine.api("POST", "/v1/events/erp", token=key, json={"sku": "D"})
    assert status == 401
