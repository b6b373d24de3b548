"""Webhook in → signed HTTP delivery out, retries, dead letters and replay, on both stores."""

from __future__ import annotations

import json
import time

from standardwebhooks.webhooks import Webhook

from shopbridge import testing
from shopbridge.store.base import NewEvent, NewJob
from shopbridge.store.sql import SqlStore
from tests.integration.harness import SIGNING_SECRET, receivers, running_engine, settings_for


async def test_delivers_signed_mapped_and_filtered(store_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(store_url, url)) as engine,
    ):
        paid = testing.sample_order()
        unpaid = {**testing.sample_order(order_id=77, number=1002), "financial_status": "pending"}
        _, first = await engine.webhook("orders/create", paid, "w-paid")
        _, second = await engine.webhook("orders/create", unpaid, "w-unpaid")
        await engine.wait_for(
            f"/v1/jobs?event_id={second['event_id']}",
            lambda page: {j["status"] for j in page["items"]} == {"delivered", "filtered"},
        )
        await engine.wait_for(
            f"/v1/jobs?event_id={first['event_id']}",
            lambda page: {j["status"] for j in page["items"]} == {"delivered"},
        )
    erp = got["erp"].delivered
    assert sorted((json.loads(r.body) for r in erp), key=lambda b: b["name"]) == [
        {"order_id": "5678901234567890123", "name": "#1001", "total": 50.5},
        {"order_id": "77", "name": "#1002", "total": 50.5},
    ]
    for request in erp:
        # The official Standard Webhooks library accepts our signature.
        Webhook(SIGNING_SECRET).verify(request.body, request.headers)
        assert request.headers["idempotency-key"] == request.headers["webhook-id"]
        assert request.headers["x-shopbridge-topic"] == "orders/create"
    # WMS got only the paid order, byte for byte as Shopify sent it.
    (wms,) = got["wms"].delivered
    assert wms.body == testing.encode(paid)


async def test_retries_then_delivers_with_one_idempotency_key(store_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(store_url, url)) as engine,
    ):
        got["erp"].fail_with, got["erp"].fail_times = 503, 2
        _, accepted = await engine.webhook("orders/updated", testing.sample_order(), "w-retry")
        job_id = (
            accepted
            and (await engine.api("GET", f"/v1/jobs?event_id={accepted['event_id']}"))[1]["items"][
                0
            ]["id"]
        )
        job = await engine.wait_for(f"/v1/jobs/{job_id}", lambda j: j["status"] == "delivered")
    assert [a["outcome"] for a in job["attempts"]] == ["retry", "retry", "delivered"]
    assert job["attempts"][0]["status_code"] == 503
    keys = {r.headers["idempotency-key"] for r in got["erp"].seen}
    assert keys == {job["idempotency_key"]}
    assert len(got["erp"].delivered) == 1


async def test_dead_letter_then_replay(store_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(store_url, url)) as engine,
    ):
        got["erp"].fail_with, got["erp"].fail_times = 500, -1
        _, accepted = await engine.webhook("orders/updated", testing.sample_order(), "w-dead")
        page = await engine.wait_for("/v1/dead-letters", lambda p: len(p["items"]) == 1)
        dead = page["items"][0]
        assert dead["event_id"] == accepted["event_id"]
        assert dead["attempt"] == 3
        assert dead["last_reason"].startswith("gave up after 3 attempts")
        _, detail = await engine.api("GET", f"/v1/jobs/{dead['id']}")
        assert detail["attempts"][-1]["response"]["status"] == 500
        async with engine.http.get(f"{engine.url}/metrics") as response:
            metrics = await response.text()
        assert 'shopbridge_jobs_dead_lettered_total{destination="erp"} 1.0' in metrics

        got["erp"].fail_with, got["erp"].fail_times = None, 0
        status, replayed = await engine.api("POST", f"/v1/jobs/{dead['id']}/replay")
        assert status == 201
        assert replayed["replay_of"] == dead["id"]
        await engine.wait_for(f"/v1/jobs/{replayed['id']}", lambda j: j["status"] == "delivered")
        _, old = await engine.api("GET", f"/v1/jobs/{dead['id']}")
        assert old["status"] == "replayed"
        _, letters = await engine.api("GET", "/v1/dead-letters")
        assert letters["items"] == []
    assert {r.headers["idempotency-key"] for r in got["erp"].seen} == {dead["idempotency_key"]}


async def test_client_error_is_rejected_without_retry(sqlite_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(sqlite_url, url)) as engine,
    ):
        got["erp"].fail_with, got["erp"].fail_times = 422, -1
        await engine.webhook("orders/updated", testing.sample_order(), "w-422")
        page = await engine.wait_for("/v1/dead-letters", lambda p: len(p["items"]) == 1)
    assert page["items"][0]["attempt"] == 1
    assert "422" in page["items"][0]["last_reason"]
    assert len(got["erp"].seen) == 1


async def test_replay_dead_letters_by_filter(sqlite_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(sqlite_url, url)) as engine,
    ):
        got["erp"].fail_with, got["erp"].fail_times = 400, -1
        got["wms"].fail_with, got["wms"].fail_times = 400, -1
        for n in range(3):
            await engine.webhook("orders/create", testing.sample_order(order_id=n + 1), f"w-{n}")
        await engine.wait_for("/v1/dead-letters", lambda p: len(p["items"]) == 6)
        got["erp"].fail_with = None
        status, dry = await engine.api(
            "POST", "/v1/dead-letters/replay", json={"destination": "erp", "dry_run": True}
        )
        assert status == 200
        assert (dry["replayed"], len(dry["jobs"]), dry["dry_run"]) == (0, 3, True)
        status, result = await engine.api(
            "POST", "/v1/dead-letters/replay", json={"destination": "erp"}
        )
        assert result["replayed"] == 3
        await engine.wait_for(
            "/v1/jobs?destination=erp&status=delivered", lambda p: len(p["items"]) == 3
        )
        _, remaining = await engine.api("GET", "/v1/dead-letters")
    assert {j["destination"] for j in remaining["items"]} == {"wms"}


async def test_bad_replay_filter_is_a_problem(sqlite_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, _),
        running_engine(settings_for(sqlite_url, url)) as engine,
    ):
        status, problem = await engine.api(
            "POST", "/v1/dead-letters/replay", json={"destination": "erp", "colour": "red"}
        )
        assert status == 400
        assert "colour" in problem["detail"]
        status, problem = await engine.api("POST", "/v1/jobs/424242/replay")
        assert status == 404
        status, _ = await engine.api("GET", "/v1/jobs", token="wrong")
        assert status == 401


async def test_same_ordering_key_is_delivered_in_order(sqlite_url: str) -> None:
    async with (
        receivers("erp", "wms") as (url, got),
        running_engine(settings_for(sqlite_url, url)) as engine,
    ):
        key = await _admin_key(engine)
        got["wms"].fail_with, got["wms"].fail_times = 503, 1  # the first one fails once
        for quantity in (5, 4, 3):
            status, _ = await engine.api(
                "POST", "/v1/events/erp", token=key, json={"sku": "TEE-M", "available": quantity}
            )
            assert status == 202
        await engine.wait_for("/v1/jobs?status=delivered", lambda p: len(p["items"]) == 3)
    delivered = [json.loads(r.body)["available"] for r in got["wms"].delivered]
    assert delivered == [5, 4, 3]


async def test_mapping_failure_dead_letters_with_reason(sqlite_url: str) -> None:
    extra = """
  broken:
    from: {shopify: orders/create}
    map: '$error("no customer on this order")'
    to: [erp]
"""
    async with (
        receivers("erp", "wms") as (url, _),
        running_engine(settings_for(sqlite_url, url, extra=extra)) as engine,
    ):
        await engine.webhook("orders/create", testing.sample_order(), "w-map")
        page = await engine.wait_for("/v1/dead-letters?flow=broken", lambda p: len(p["items"]) == 1)
    assert "no customer on this order" in page["items"][0]["last_reason"]


async def _admin_key(engine: object) -> str:
    from shopbridge.operations import create_key

    plaintext, _ = await create_key(engine.settings, "erp-system", ["events:write"])  # type: ignore[attr-defined]
    return plaintext


async def test_a_job_whose_destination_left_the_config_is_dead_lettered(sqlite_url: str) -> None:
    store = SqlStore(sqlite_url)
    try:
        appended = await store.append_event(
            NewEvent(
                source_kind="shopify",
                source="acme",
                topic="orders/create",
                body=b"{}",
                received_at=time.time(),
                headers={},
            ),
            [NewJob(flow="orders_to_erp", destination="old-erp", idempotency_key="msg_old")],
        )
    finally:
        await store.close()
    async with (
        receivers("erp", "wms") as (url, _got),
        running_engine(settings_for(sqlite_url, url)) as engine,
    ):
        page = await engine.wait_for("/v1/dead-letters", lambda p: len(p["items"]) == 1)
    (letter,) = page["items"]
    assert letter["id"] == appended.job_ids[0]
    assert letter["last_reason"] == "destination 'old-erp' is no longer configured"
