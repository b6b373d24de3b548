"""The sandbox's client credentials grant over real HTTP."""

from __future__ import annotations

from collections.abc import AsyncIterator

import pytest

from shopbridge.sandbox.oauth import ACCESS_TOKEN_PATH, TOKEN_LIFETIME_SECS, client_id_of
from tests.integration.sandbox.harness import Client, running


@pytest.fixture
async def store() -> AsyncIterator[Client]:
    async with running() as started:
        yield started


async def grant(store: Client, **kwargs: object) -> tuple[int, dict[str, object]]:
    url = f"{store.sandbox.url}{ACCESS_TOKEN_PATH}"
    async with store.http.post(url, **kwargs) as answer:  # type: ignore[arg-type]
        return answer.status, await answer.json()


async def test_form_and_json_requests_get_the_admin_token(store: Client) -> None:
    config = store.sandbox.config
    fields = {
        "grant_type": "client_credentials",
        "client_id": client_id_of(config),
        "client_secret": config.app_secret,
    }
    for kwargs in ({"data": fields}, {"json": fields}):
        status, body = await grant(store, **kwargs)
        assert status == 200
        assert body["access_token"] == config.admin_token
        assert body["expires_in"] == TOKEN_LIFETIME_SECS
        assert "write_inventory" in str(body["scope"])
    reply = await store.admin("{ shop { name } }", token=str(body["access_token"]))
    assert reply.status == 200


async def test_wrong_credentials_and_grants_are_refused(store: Client) -> None:
    config = store.sandbox.config
    good = {
        "grant_type": "client_credentials",
        "client_id": client_id_of(config),
        "client_secret": config.app_secret,
    }
    status, body = await grant(store, data={**good, "client_secret": "nope"})
    assert (status, body["error"]) == (401, "invalid_client")
    status, body = await grant(store, data={**good, "grant_type": "authorization_code"})
    assert (status, body["error"]) == (400, "unsupported_grant_type")
