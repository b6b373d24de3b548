"""POST /webhooks/shopify on a real server: every answer Shopify can get from us."""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import AsyncIterator

import aiohttp
import pytest

from shopbridge import testing
from shopbridge.app import App
from shopbridge.server import bind_socket, serve
from tests.integration.harness import (
    PREVIOUS_SECRET,
    SECRET,
    SHOP,
    Engine,
    receivers,
    running_engine,
    settings_for,
)


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with (
        receivers("erp", "wms") as (url, _),
        running_engine(settings_for(sqlite_url, url)) as running,
    ):
        yield running


async def _event_count(engine: Engine) -> int:
    _, page = await engine.api("GET", "/v1/events?limit=500")
    return len(page["items"])


async def test_accepts_and_queues_one_job_per_flow(engine: Engine) -> None:
    status, body = await engine.webhook("orders/create", testing.sample_order(), "w-1")
    assert status == 200
    assert body["status"] == "accepted"
    assert body["jobs"] == 2
    _, event = await engine.api("GET", f"/v1/events/{body['event_id']}")
    assert event["topic"] == "orders/create"
    assert event["shop_domain"] == SHOP
    assert {j["flow"] for j in event["jobs"]} == {"orders_to_erp", "paid_to_wms"}
    # The exact bytes are kept (big ids intact, no re-serialisation).
    assert event["body"] == testing.encode(testing.sample_order()).decode()


async def test_duplicate_delivery_answers_200_and_creates_nothing(engine: Engine) -> None:
    _, first = await engine.webhook("orders/create", testing.sample_order(), "w-dup")
    status, again = await engine.webhook("orders/create", testing.sample_order(), "w-dup")
    assert status == 200
    assert again == {"status": "duplicate", "event_id": first["event_id"], "jobs": 2}
    _, jobs = await engine.api("GET", f"/v1/jobs?event_id={first['event_id']}")
    assert len(jobs["items"]) == 2


async def test_unprefixed_headers_and_previous_secret(engine: Engine) -> None:
    status, _ = await engine.webhook(
        "orders/create", testing.sample_order(), "w-new", prefixed=False
    )
    assert status == 200
    status, _ = await engine.webhook(
        "orders/create", testing.sample_order(), "w-old", secret=PREVIOUS_SECRET
    )
    assert status == 200


@pytest.mark.parametrize(
    "missing",
    ["X-Shopify-Hmac-Sha256", "X-Shopify-Topic", "X-Shopify-Shop-Domain", "X-Shopify-Webhook-Id"],
)
async def test_missing_header_is_400(engine: Engine, missing: str) -> None:
    body = testing.encode(testing.sample_order())
    headers = testing.shopify_webhook_headers(SECRET, "orders/create", SHOP, body)
    del headers[missing]
    status, problem = await engine.webhook("orders/create", None, "x", raw=body, headers=headers)
    assert status == 400
    assert problem["status"] == 400
    assert problem["type"].endswith("missing_header")
    assert await _event_count(engine) == 0


async def test_bad_hmac_is_401(engine: Engine) -> None:
    status, problem = await engine.webhook(
        "orders/create", testing.sample_order(), "w-bad", secret="not-the-secret"
    )
    assert status == 401
    assert problem["type"].endswith("invalid_hmac")
    assert await _event_count(engine) == 0


async def test_tampered_body_is_401(engine: Engine) -> None:
    body = testing.encode(testing.sample_order())
    headers = testing.shopify_webhook_headers(SECRET, "orders/create", SHOP, body)
    tampered = body.replace(b'"total_price":"50.50"', b'"total_price":"0.01"')
    assert tampered != body
    status, _ = await engine.webhook("orders/create", None, "x", raw=tampered, headers=headers)
    assert status == 401


async def test_unknown_shop_is_404(engine: Engine) -> None:
    status, problem = await engine.webhook(
        "orders/create", testing.sample_order(), "w-shop", shop="other.myshopify.com"
    )
    assert status == 404
    assert "other.myshopify.com" in problem["detail"]


async def test_oversized_body_is_413(engine: Engine) -> None:
    big = {"id": 1, "note": "x" * 5000}
    status, problem = await engine.webhook("orders/create", big, "w-big")
    assert status == 413
    assert "max_body_bytes" in problem["detail"]
    assert await _event_count(engine) == 0


async def test_malformed_json_is_400(engine: Engine) -> None:
    raw = b'{"id": 1, '
    headers = testing.shopify_webhook_headers(SECRET, "orders/create", SHOP, raw)
    status, problem = await engine.webhook("orders/create", None, "x", raw=raw, headers=headers)
    assert status == 400
    assert problem["type"].endswith("malformed_json")
    assert await _event_count(engine) == 0


async def test_unknown_topic_is_400(engine: Engine) -> None:
    status, problem = await engine.webhook("orders/teleported", {"id": 1}, "w-topic")
    assert status == 400
    assert "orders/teleported" in problem["detail"]


async def test_known_topic_without_flow_is_stored_without_jobs(engine: Engine) -> None:
    status, body = await engine.webhook("products/update", {"id": 9}, "w-prod")
    assert status == 200
    assert body["jobs"] == 0


async def test_rejections_are_counted_in_metrics(engine: Engine) -> None:
    await engine.webhook("orders/create", testing.sample_order(), "w-m", secret="nope")
    async with engine.http.get(f"{engine.url}/metrics") as response:
        text = await response.text()
    assert 'shopbridge_webhooks_rejected_total{reason="invalid_hmac"} 1.0' in text


async def test_store_unavailable_is_503() -> None:
    settings = settings_for("postgresql://nobody@127.0.0.1:1/none", "http://127.0.0.1:9")
    app = App.build(settings)
    sock = bind_socket("127.0.0.1", 0)
    stop = asyncio.Event()
    task = asyncio.create_task(serve(app, workers=False, sock=sock, stop=stop))
    url = f"http://127.0.0.1:{sock.getsockname()[1]}"
    body = testing.encode(testing.sample_order())
    headers = testing.shopify_webhook_headers(SECRET, "orders/create", SHOP, body)
    try:
        async with aiohttp.ClientSession() as http:
            for _ in range(100):
                with contextlib.suppress(aiohttp.ClientConnectionError):
                    async with http.get(f"{url}/readyz") as ready:
                        assert ready.status == 503
                        break
                await asyncio.sleep(0.02)
            async with http.post(f"{url}/webhooks/shopify", data=body, headers=headers) as r:
                problem = await r.json(content_type=None)
                assert r.status == 503
                assert r.headers["Retry-After"] == "5"
    finally:
        stop.set()
        await task
        await app.close()
    assert problem["type"].endswith("store_unavailable")
