"""The sandbox's control API over real HTTP: merchant actions, faults, pixel events."""

from __future__ import annotations

import asyncio
from typing import Any

from aiohttp import web

from shopbridge.sandbox.config import SandboxConfig
from tests.integration.sandbox.harness import TOKEN, Client, running

SHOP_QUERY = "{ shop { name } }"


async def call(client: Client, method: str, path: str, body: Any = None) -> tuple[int, Any]:
    url = f"{client.sandbox.url}/sandbox{path}"
    async with client.http.request(method, url, json=body) as response:
        return response.status, await response.json(content_type=None)


async def test_seed_then_edit_stock() -> None:
    async with running() as client:
        status, seeded = await call(client, "POST", "/seed", {"products": 2, "variants": 2})
        assert (status, seeded["variants_created"]) == (200, 4)
        status, edited = await call(client, "POST", "/stock", {"sku": "SKU-00002-2", "set": 9})
        assert status == 200
        assert edited["quantities"]["available"] == 9
        reply = await client.admin(
            '{ productVariants(first: 1, query: "sku:SKU-00002-2") '
            "{ nodes { inventoryQuantity } } }"
        )
        assert reply.body["data"]["productVariants"]["nodes"] == [{"inventoryQuantity": 9}]


async def test_bad_actions_answer_problems_naming_the_field() -> None:
    async with running() as client:
        status, problem = await call(client, "POST", "/stock", {"sku": "X", "set": 1, "delta": 2})
        assert status == 400
        assert "exactly one of 'set' and 'delta'" in problem["detail"]
        status, problem = await call(client, "POST", "/stock", {"sku": "X", "set": 1})
        assert status == 404
        assert problem["errors"] == [{"field": "sku", "message": "no variant with SKU or id 'X'"}]
        status, problem = await call(client, "POST", "/seed", {"products": 1, "colour": "red"})
        assert status == 400
        assert problem["errors"][0]["field"] == "colour"


async def test_injected_server_errors_and_their_removal() -> None:
    async with running() as client:
        status, _ = await call(client, "PUT", "/faults", {"api": {"error_rate": 1}})
        assert status == 200
        reply = await client.admin(SHOP_QUERY)
        assert (reply.status, reply.body) == (503, {"errors": "Service Unavailable"})
        await call(client, "PUT", "/faults", {"api": {"error_rate": 0}})
        reply = await client.admin(SHOP_QUERY)
        assert reply.status == 200
        assert reply.body["data"]["shop"]["name"] == "Sandbox Shop"


async def test_a_bad_fault_setting_changes_nothing() -> None:
    async with running() as client:
        status, problem = await call(
            client, "PUT", "/faults", {"api": {"slow_rate": 0.5, "error_status": 418}}
        )
        assert status == 422
        assert problem["errors"][0]["field"] == "api.error_status"
        _, current = await call(client, "GET", "/faults")
        assert current["api"]["slow_rate"] == 0.0


async def test_throttle_pressure_shows_in_throttle_status() -> None:
    async with running() as client:
        first = await client.admin(SHOP_QUERY)
        assert first.cost["throttleStatus"]["restoreRate"] == 100.0
        await call(client, "PUT", "/faults", {"api": {"restore_rate": 10}})
        second = await client.admin(SHOP_QUERY)
        assert second.cost["throttleStatus"]["restoreRate"] == 10.0


async def test_a_product_view_reaches_the_collector() -> None:
    received: list[dict[str, Any]] = []

    async def collect(request: web.Request) -> web.Response:
        received.append(await request.json())
        return web.Response(status=204)

    app = web.Application()
    app.router.add_post("/collect", collect)
    runner = web.AppRunner(app)
    await runner.setup()
    site = web.TCPSite(runner, "127.0.0.1", 0)
    await site.start()
    port = site._server.sockets[0].getsockname()[1]  # type: ignore[union-attr]
    collector = f"http://127.0.0.1:{port}/collect"
    try:
        async with running(SandboxConfig(admin_token=TOKEN, collector_url=collector)) as client:
            await call(client, "POST", "/seed", {"products": 1, "variants": 1})
            status, answer = await call(
                client, "POST", "/pixel/product-viewed", {"sku": "SKU-00001-1"}
            )
            assert (status, answer["collector_status"]) == (200, 204)
    finally:
        await runner.cleanup()
    await asyncio.sleep(0)
    assert len(received) == 1
    event = received[0]
    assert (event["name"], event["type"]) == ("product_viewed", "standard")
    variant = event["data"]["productVariant"]
    assert variant["sku"] == "SKU-00001-1"
    assert variant["product"]["url"] == "/products/sandbox-product-00001"
    assert variant["price"]["currencyCode"] == "USD"


async def test_product_view_without_a_collector_is_refused() -> None:
    async with running() as client:
        status, problem = await call(client, "POST", "/pixel/product-viewed", {"sku": "A"})
        assert status == 422
        assert problem["errors"] == [{"field": "collector_url", "message": "required"}]


async def test_the_control_api_is_documented() -> None:
    async with running() as client:
        status, spec = await call(client, "GET", "/openapi.json")
        assert status == 200
        assert {"/seed", "/stock", "/faults", "/pixel/product-viewed"} <= set(spec["paths"])
