"""POST /v1/media over real HTTP: what is stored, refusals, scopes, and the way into Shopify."""

from __future__ import annotations

import base64
import hashlib
import json
from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.config.loader import parse_settings
from shopbridge.operations import create_key
from shopbridge.sandbox.seed import seed_catalog
from tests.integration.harness import Engine, running_engine
from tests.integration.sandbox.harness import TOKEN
from tests.integration.sandbox.harness import running as sandbox_running
from tests.integration.shopify.writer.scenario import until
from tests.integration.shopify.writer.test_media import png
from tests.integration.test_inventory import _key, _stored, inventory_settings

FRONT = "https://dam.example.com/tee-front.jpg"
TEE = {
    "handle": "classic-tee",
    "media": [{"url": FRONT, "alt": "Front", "variants": ["TEE-S"]}],
    "version": 3,
}
BANNER = {
    "file": {"url": "https://dam.example.com/summer.jpg", "filename": "summer.jpg"},
    "metafield": {"owner": "shop", "namespace": "custom", "key": "home_banner"},
}


@pytest.fixture
async def engine(sqlite_url: str) -> AsyncIterator[Engine]:
    async with running_engine(inventory_settings(sqlite_url), workers=False) as running:
        yield running


async def _post(engine: Engine, body: Any, key: str, **headers: str) -> tuple[int, Any]:
    return await engine.api("POST", "/v1/media", token=key, json=body, headers=headers)


async def test_a_batch_is_one_media_event_and_one_job_stored_normalized(engine: Engine) -> None:
    key = await _key(engine)
    content = png(1, 1)
    back = {"data": base64.b64encode(content).decode(), "filename": "back.png", "alt": "Back"}
    body = {"items": [{**TEE, "media": [*TEE["media"], back]}, BANNER]}
    status, answer = await _post(engine, body, key, **{"Idempotency-Key": "dam-1"})
    assert (status, answer["status"], answer["items"]) == (202, "accepted", 2)
    status, again = await _post(engine, body, key, **{"Idempotency-Key": "dam-1"})
    assert (status, again["status"], again["event_id"]) == (200, "duplicate", answer["event_id"])
    events, jobs = await _stored(engine)
    assert [(e["source"], e["topic"]) for e in events] == [("media", "media/set")]
    assert [(j["flow"], j["destination"]) for j in jobs] == [("media", "shopify:acme")]
    _, event = await engine.api("GET", f"/v1/events/{answer['event_id']}")
    product, banner = json.loads(event["body"])["items"]
    assert product["media"][1] == {
        "type": "IMAGE",
        "source": "sha256:" + hashlib.sha256(content).hexdigest(),
        "url": None,
        "data": back["data"],
        "filename": "back.png",
        "mime_type": "image/png",
        "alt": "Back",
        "variants": [],
    }
    assert (product["sku"], product["version"], product["media"][0]["source"]) == (None, 3, FRONT)
    assert banner["metafield"] == {
        "owner": "shop",
        "handle": None,
        "namespace": "custom",
        "key": "home_banner",
    }
    status, single = await _post(engine, {**TEE, "shop": "acme"}, key)
    assert (status, single["items"]) == (202, 1)


async def test_invalid_items_are_refused_with_every_path_and_nothing_is_stored(
    engine: Engine,
) -> None:
    key = await _key(engine)
    body = {
        "items": [
            {"handle": "tee", "sku": "TEE-S", "media": []},
            {
                "sku": "TEE-S",
                "media": [
                    {"url": FRONT, "data": "AAAA"},
                    {"url": "https://dam.example.com/spin.mp4", "type": "VIDEO"},
                    {"data": "not base64!", "filename": "x.png"},
                    {"url": "https://example.com/v", "type": "EXTERNAL_VIDEO"},
                    {"url": FRONT, "variants": ["TEE-S"]},
                    {"url": FRONT + "?2", "variants": ["TEE-S"]},
                    {"data": "AAAA"},
                ],
            },
            {
                "file": {"url": FRONT},
                "metafield": {"owner": "product", "namespace": "custom", "key": "k"},
            },
            {"media": [{"url": "ftp://dam.example.com/a.jpg"}]},
        ]
    }
    status, answer = await _post(engine, body, key)
    assert status == 422
    assert answer["type"] == "https://shopbridge.dev/problems/invalid_media"
    assert [(e["field"], e["message"]) for e in answer["errors"]] == [
        ("items.0.handle", "give handle or sku, not both"),
        ("items.1.media.0.url", "give url or data, not both"),
        (
            "items.1.media.1.url",
            "Shopify fetches no video by URL: send its bytes in data, "
            "or use type EXTERNAL_VIDEO for a YouTube or Vimeo link",
        ),
        ("items.1.media.2.data", "is not valid base64"),
        ("items.1.media.3.url", "an EXTERNAL_VIDEO is a YouTube or Vimeo URL"),
        ("items.1.media.6.filename", "required with data"),
        (
            "items.1.media.5.variants.0",
            "'TEE-S' already shows media.4 (a variant shows one medium)",
        ),
        ("items.2.file.filename", "required"),
        ("items.2.metafield.key", "String should have at least 2 characters"),
        ("items.3.handle", "required: give handle, sku or file"),
        ("items.3.media.0.url", "must be an http or https URL"),
    ]
    assert await _stored(engine) == ([], [])
    status, answer = await _post(engine, {"items": []}, key)
    assert (status, answer["errors"][0]["field"]) == (422, "items")


async def test_the_shopify_write_scope_is_required(engine: Engine) -> None:
    status, _ = await _post(engine, TEE, await _key(engine, ("events:write",)))
    assert status == 403
    status, _ = await _post(engine, TEE, "")
    assert status == 401
    assert await _stored(engine) == ([], [])


async def test_a_dam_request_ends_as_product_images_in_the_sandbox(sqlite_url: str) -> None:
    async with sandbox_running() as shop:
        seed_catalog(shop.sandbox.state, products=1, variants=2, locations=1)
        settings = parse_settings(
            f"""
server: {{host: 127.0.0.1, port: 0}}
store: {{url: "{sqlite_url}"}}
workers: {{lease_secs: 5, poll_interval_secs: 0.2}}
shops:
  acme:
    domain: {shop.sandbox.config.shop_domain}
    webhook_secret: shpss_media
    access_token: {TOKEN}
    admin_api_url: {shop.sandbox.url}
"""
        )
        key, _ = await create_key(settings, "dam", ["shopify:write"])
        item = {
            "sku": "SKU-00001-2",
            "media": [
                {"url": FRONT, "alt": "Front", "variants": ["SKU-00001-2"]},
                {"data": base64.b64encode(png(2, 2)).decode(), "filename": "back.png"},
            ],
        }
        async with running_engine(settings) as engine:
            status, _ = await _post(engine, item, key)
            assert status == 202

            async def attached() -> bool:
                found = await shop.admin(
                    """{ productByIdentifier(identifier: {handle: "sandbox-product-00001"}) {
                         media(first: 5) { nodes { alt } }
                         variants(first: 2) { nodes { media(first: 1) { nodes { alt } } } } } }"""
                )
                product = found.body["data"]["productByIdentifier"]
                shown = [v["media"]["nodes"] for v in product["variants"]["nodes"]]
                return bool(
                    [n["alt"] for n in product["media"]["nodes"]] == ["Front", ""]
                    and shown == [[], [{"alt": "Front"}]]
                )

            await until(attached)


async def test_route_is_documented(engine: Engine) -> None:
    async with engine.http.get(f"{engine.url}/openapi.json") as response:
        spec = await response.json()
    operation = spec["paths"]["/v1/media"]["post"]
    assert "shopify:write" in operation["description"]
    assert {"200", "202", "401", "403", "413", "422", "503"} <= set(operation["responses"])
    schema = operation["requestBody"]["content"]["application/json"]["schema"]
    batch, single, file = schema["anyOf"]
    assert batch["properties"]["items"]["maxItems"] == 250
    assert single["properties"]["media"]["maxItems"] == 250
    assert file["required"] == ["file"]
    assert "$ref" not in json.dumps(schema)
