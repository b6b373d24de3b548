"""``POST /v1/collect/{key}`` over real HTTP: the sandbox's pixel, batches, refusals, CORS and
rate limits (limits tiny and refills slow, so a burst is spent within a test)."""

from __future__ import annotations

import uuid
from typing import Any

from tests.integration.marketing.world import World, marketing_world

SHOP_ORIGIN = "https://acme.myshopify.com"


def pixel_event(name: str = "product_viewed", client: str = "browser-1", **fields: Any) -> Any:
    event: dict[str, Any] = {
        "id": f"sh-{uuid.uuid4()}",
        "name": name,
        "type": "standard",
        "timestamp": "2026-07-01T10:00:00.000Z",
        "seq": 1,
        "clientId": client,
        "context": {"document": {"location": {"href": "https://acme.com/products/hoodie"}}},
        "data": {},
    }
    if name == "product_viewed":
        event["data"] = {
            "productVariant": {
                "id": "4567",
                "sku": "HOODIE-S",
                "product": {"id": "1234", "title": "Hoodie", "url": "/products/hoodie"},
            }
        }
    return {**event, **fields}


async def test_the_sandbox_pixel_posts_a_product_view_that_reaches_the_flow(
    sqlite_url: str,
) -> None:
    async with marketing_world(sqlite_url) as world:
        answer = await world.view("SKU-00002-1", client_id="browser-42")
        assert answer["collector_status"] == 202
        await world.until(lambda: world.delivered("marketing/product_viewed"), "the view")
    [view] = world.delivered("marketing/product_viewed")
    assert (view["shop"], view["client_id"], view["customer_id"]) == ("acme", "browser-42", None)
    assert view["event"] == answer["event"]  # the pixel event as the browser sent it
    assert view["event"]["data"]["productVariant"]["sku"] == "SKU-00002-1"


async def test_a_batch_is_stored_once_per_event_id_and_other_events_are_ignored(
    sqlite_url: str,
) -> None:
    async with marketing_world(sqlite_url) as world:
        viewed, paged = pixel_event(), pixel_event("page_viewed")
        custom = pixel_event("newsletter_signup", type="custom")
        body = {"customer_id": "gid://shopify/Customer/7", "events": [viewed, paged, custom]}
        status, answer, _ = await world.collect(body)
        assert (status, answer["accepted"], answer["duplicates"]) == (202, 2, 0)
        assert [(i["name"], i["id"]) for i in answer["ignored"]] == [
            ("newsletter_signup", custom["id"])
        ]
        status, again, _ = await world.collect(body)  # the pixel resends the batch
        assert (status, again["accepted"], again["duplicates"]) == (202, 0, 2)
        status, single, _ = await world.collect(pixel_event("cart_viewed"))
        assert (status, single["accepted"]) == (202, 1)
        stored = await world.engine_events()
    assert [(topic, body["customer_id"]) for topic, body in stored] == [
        ("marketing/product_viewed", "7"),
        ("marketing/page_viewed", "7"),
        ("marketing/cart_viewed", None),
    ]


async def test_bad_requests_get_problems_with_paths_and_store_nothing(sqlite_url: str) -> None:
    collector = {"max_body_bytes": 2048, "max_events_per_request": 2}
    async with marketing_world(sqlite_url, collector=collector) as world:
        status, answer, headers = await world.collect(b"{not json")
        assert (status, answer["type"].rsplit("/", 1)[1]) == (400, "malformed_json")
        assert headers["Content-Type"] == "application/problem+json"
        status, answer, _ = await world.collect(
            b"name=x", headers={"Content-Type": "application/x-www-form-urlencoded"}
        )
        assert status == 415
        broken = pixel_event(timestamp="yesterday")
        del broken["clientId"]
        status, answer, _ = await world.collect({"events": [pixel_event(), broken]})
        assert status == 422
        assert sorted(e["field"] for e in answer["errors"]) == [
            "events.1.clientId",
            "events.1.timestamp",
        ]
        no_product = pixel_event(data={"productVariant": {"id": "1"}})
        status, answer, _ = await world.collect(no_product)
        assert (status, [e["field"] for e in answer["errors"]]) == (
            422,
            ["data.productVariant.product"],
        )
        status, answer, _ = await world.collect([pixel_event(), pixel_event(), pixel_event()])
        assert (status, [e["field"] for e in answer["errors"]]) == (422, ["body"])
        status, answer, _ = await world.collect({"events": [pixel_event()], "extra": 1})
        assert (status, [e["field"] for e in answer["errors"]]) == (422, ["extra"])
        huge = pixel_event(data={"blob": "x" * 4096})
        status, answer, _ = await world.collect(huge)
        assert (status, answer["type"].rsplit("/", 1)[1]) == (413, "body_too_large")
        status, answer, _ = await world.collect(pixel_event(), key="no_such_key_0123456789")
        assert status == 404
        assert await world.engine_events() == []


async def test_plain_text_bodies_are_read_as_json(sqlite_url: str) -> None:
    """What fetch() and sendBeacon() send without a Content-Type (no CORS preflight)."""
    async with marketing_world(sqlite_url) as world:
        status, answer, _ = await world.collect(
            [pixel_event()], headers={"Content-Type": "text/plain;charset=UTF-8"}
        )
        assert (status, answer["accepted"]) == (202, 1)


async def _preflight(world: World, origin: str) -> tuple[int, dict[str, str]]:
    headers = {
        "Origin": origin,
        "Access-Control-Request-Method": "POST",
        "Access-Control-Request-Headers": "content-type",
    }
    async with world.http.options(world.collector_url(), headers=headers) as answer:
        return answer.status, dict(answer.headers)


async def test_cors_allows_the_shops_origins_only(sqlite_url: str) -> None:
    collector = {"allowed_origins": ["https://www.acme.com/"]}
    async with marketing_world(sqlite_url, collector=collector) as world:
        status, headers = await _preflight(world, SHOP_ORIGIN)
        assert status == 204
        assert headers["Access-Control-Allow-Origin"] == SHOP_ORIGIN
        assert "POST" in headers["Access-Control-Allow-Methods"]
        assert headers["Access-Control-Allow-Headers"].lower() == "content-type"
        status, headers = await _preflight(world, "https://www.acme.com")
        assert (status, headers["Access-Control-Allow-Origin"]) == (204, "https://www.acme.com")
        status, headers = await _preflight(world, "https://evil.example")
        assert status == 403
        assert "Access-Control-Allow-Origin" not in headers

        status, _, headers = await world.collect(pixel_event(), headers={"Origin": SHOP_ORIGIN})
        assert (status, headers["Access-Control-Allow-Origin"]) == (202, SHOP_ORIGIN)
        assert headers["Vary"] == "Origin"
        status, _, headers = await world.collect(pixel_event(), headers={"Origin": "null"})
        assert (status, headers["Access-Control-Allow-Origin"]) == (202, "null")
        status, answer, headers = await world.collect(
            pixel_event(), headers={"Origin": "https://evil.example"}
        )
        assert (status, answer["type"].rsplit("/", 1)[1]) == (403, "origin_not_allowed")
        assert "Access-Control-Allow-Origin" not in headers
        assert len(await world.engine_events()) == 2


async def test_too_many_requests_from_one_ip_get_429_with_retry_after(sqlite_url: str) -> None:
    limits = {"ip_requests_per_sec": 0.01, "ip_burst": 3}
    async with marketing_world(sqlite_url, collector={"rate_limit": limits}) as world:
        statuses = [(await world.collect(pixel_event()))[0] for _ in range(3)]
        status, answer, headers = await world.collect(pixel_event())
        assert statuses == [202, 202, 202]
        assert (status, answer["type"].rsplit("/", 1)[1]) == (429, "rate_limited")
        assert int(headers["Retry-After"]) >= 1
        assert len(await world.engine_events()) == 3


async def test_too_many_events_from_one_browser_get_429_and_others_pass(sqlite_url: str) -> None:
    limits = {"client_events_per_sec": 0.01, "client_burst": 2}
    collector = {"rate_limit": limits, "max_events_per_request": 2}
    async with marketing_world(sqlite_url, collector=collector) as world:
        status, _, _ = await world.collect([pixel_event(client="a"), pixel_event(client="a")])
        assert status == 202
        status, answer, headers = await world.collect(pixel_event(client="a"))
        assert (status, int(headers["Retry-After"]) >= 1) == (429, True)
        assert "clientId" in answer["detail"]
        status, _, _ = await world.collect(pixel_event(client="b"))
        assert status == 202
