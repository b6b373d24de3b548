"""Media through the shop's writer (flow ``media``) against a sandbox, read back."""

from __future__ import annotations

import base64
import functools
import hashlib
import json
import struct
import zlib
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog
from shopbridge.store.base import JobStatus

from .scenario import DESTINATION, MEDIA_SET, Scenario, Seed, push, running, until

HANDLE = "sandbox-product-00001"
MEDIA = """
query($handle: String!) {
  productByIdentifier(identifier: {handle: $handle}) {
    media(first: 20) {
      nodes {
        id alt mediaContentType status
        ... on MediaImage { image { url width height } }
        ... on ExternalVideo { originUrl host }
      }
    }
    variants(first: 5) { nodes { sku media(first: 2) { nodes { id } } } }
  }
}
"""
FILES = """
query { files(first: 10) { nodes { id alt fileStatus ... on MediaImage { image { url } } } } }
"""
SHOP_BANNER = """
query { shop { metafield(namespace: "custom", key: "home_banner") { type value } } }
"""


def png(width: int, height: int) -> bytes:
    """A valid PNG of ``width`` x ``height`` pixels (its header is all the sandbox reads)."""

    def chunk(kind: bytes, data: bytes) -> bytes:
        body = kind + data
        return struct.pack(">I", len(data)) + body + struct.pack(">I", zlib.crc32(body))

    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    pixels = zlib.compress(b"\0" * (width + 1) * height)
    return (
        b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", pixels) + chunk(b"IEND", b"")
    )


def image(url: str, alt: str | None = None, *variants: str) -> dict[str, Any]:
    """A medium by URL, as the endpoint stores it."""
    return {
        "type": "IMAGE",
        "source": url,
        "url": url,
        "data": None,
        "filename": None,
        "mime_type": None,
        "alt": alt,
        "variants": list(variants),
    }


def upload(content: bytes, filename: str, alt: str | None = None) -> dict[str, Any]:
    """Uploaded bytes, as the endpoint stores them."""
    return {
        "type": "IMAGE",
        "source": "sha256:" + hashlib.sha256(content).hexdigest(),
        "url": None,
        "data": base64.b64encode(content).decode(),
        "filename": filename,
        "mime_type": "image/png",
        "alt": alt,
        "variants": [],
    }


def product(version: float, *media: dict[str, Any], **target: str) -> dict[str, Any]:
    named = target or {"handle": HANDLE}
    return {"handle": None, "sku": None, **named, "media": list(media), "version": version}


async def read_media(world: Scenario, handle: str = HANDLE) -> dict[str, Any]:
    reply = await world.sandbox.admin(MEDIA, {"handle": handle})
    found: dict[str, Any] = reply.body["data"]["productByIdentifier"]
    return found


def listed(found: dict[str, Any]) -> list[tuple[str, str | None]]:
    """(URL or origin, alt) of the product's media, in order."""
    return [
        ((node.get("image") or {}).get("url") or node.get("originUrl") or "?", node["alt"])
        for node in found["media"]["nodes"]
    ]


def shown(found: dict[str, Any]) -> dict[str, list[str]]:
    return {v["sku"]: [m["id"] for m in v["media"]["nodes"]] for v in found["variants"]["nodes"]}


@pytest.fixture
def seed() -> Seed:
    return functools.partial(seed_catalog, products=2, variants=2, locations=1)


async def test_images_by_url_attach_in_order_with_alt_then_the_list_replaces_and_reorders(
    world: Scenario,
) -> None:
    a, b, c = (f"https://dam.example.com/{name}.jpg" for name in "abc")
    job_id = await push(world, *MEDIA_SET, product(1.0, image(a, "Front"), image(b, "Back")))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        assert listed(await read_media(world)) == [(a, "Front"), (b, "Back")]
        first = [n["id"] for n in (await read_media(world))["media"]["nodes"]]
        await push(world, *MEDIA_SET, product(2.0, image(c, "Side"), image(a, "Front, new alt")))
        await until(world.settled)
        again = await read_media(world)
        await push(world, *MEDIA_SET, product(3.0, image(c, "Side"), image(a, "Front, new alt")))
        await until(world.settled)
    assert listed(again) == [(c, "Side"), (a, "Front, new alt")]  # b deleted, a kept and moved
    ids = [n["id"] for n in again["media"]["nodes"]]
    assert ids[1] == first[0]
    assert [n["id"] for n in (await read_media(world))["media"]["nodes"]] == ids  # no change
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    key = f"media:product:{HANDLE}"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 3.0}
    assert (writer.stats.applied, writer.stats.rejected) == (3, 0)


async def test_a_product_named_by_sku_gets_variant_images_and_media_added_elsewhere_stay(
    world: Scenario,
) -> None:
    merchant = await world.sandbox.admin(
        """mutation($id: ID!) { productUpdate(product: {id: $id}, media: [
             {originalSource: "https://merchant.example.com/own.jpg", mediaContentType: IMAGE}])
             { userErrors { message } } }""",
        {"id": (await _product_id(world))},
    )
    assert merchant.body["data"]["productUpdate"]["userErrors"] == []
    red, blue = "https://dam.example.com/red.jpg", "https://dam.example.com/blue.jpg"
    item = product(
        1.0, image(red, "Red", "SKU-00001-1"), image(blue, "Blue", "SKU-00001-2"), sku="SKU-00001-2"
    )
    await push(world, *MEDIA_SET, item)
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        found = await read_media(world)
        assert listed(found)[:2] == [(red, "Red"), (blue, "Blue")]
        assert listed(found)[2] == ("https://merchant.example.com/own.jpg", "")
        ids = [n["id"] for n in found["media"]["nodes"]]
        assert shown(found) == {"SKU-00001-1": [ids[0]], "SKU-00001-2": [ids[1]]}
        swapped = product(
            2.0,
            image(red, "Red", "SKU-00001-2"),
            image(blue, "Blue", "SKU-00001-1"),
            sku="SKU-00001-2",
        )
        await push(world, *MEDIA_SET, swapped)
        await until(world.settled)
    found = await read_media(world)
    assert shown(found) == {"SKU-00001-1": [ids[1]], "SKU-00001-2": [ids[0]]}
    assert (writer.stats.applied, writer.stats.rejected) == (2, 0)


async def test_uploaded_bytes_go_through_a_staged_upload_and_videos_link_out(
    world: Scenario,
) -> None:
    content = png(3, 2)
    video = {**image("https://www.youtube.com/watch?v=dQw4w9WgXcQ"), "type": "EXTERNAL_VIDEO"}
    await push(world, *MEDIA_SET, product(1.0, upload(content, "back.png", "Back"), video))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    node, external = (await read_media(world))["media"]["nodes"]
    assert (node["alt"], node["image"]["width"], node["image"]["height"]) == ("Back", 3, 2)
    assert (external["mediaContentType"], external["host"]) == ("EXTERNAL_VIDEO", "YOUTUBE")
    served = await world.sandbox.http.get(node["image"]["url"])
    assert await served.read() == content
    assert writer.stats.applied == 1


async def test_a_banner_file_is_replaced_by_filename_and_referenced_from_a_shop_metafield(
    world: Scenario,
) -> None:
    banner = {
        "file": {
            **image("https://dam.example.com/summer.jpg", "Summer sale"),
            "filename": "home-banner.jpg",
        },
        "metafield": {"owner": "shop", "handle": None, "namespace": "custom", "key": "home_banner"},
        "version": 1.0,
    }
    writer = world.writer()
    async with running(writer):
        await push(world, *MEDIA_SET, banner)
        await until(world.settled)
        [first] = (await world.sandbox.admin(FILES)).body["data"]["files"]["nodes"]
        later = json.loads(json.dumps(banner))
        later["file"] |= image("https://dam.example.com/autumn.jpg", "Autumn sale")
        later["file"]["filename"] = "home-banner.jpg"
        later["version"] = 2.0
        await push(world, *MEDIA_SET, later)
        await until(world.settled)
    [file] = (await world.sandbox.admin(FILES)).body["data"]["files"]["nodes"]
    assert (file["id"], file["alt"]) == (first["id"], "Autumn sale")  # the same file, replaced
    metafield = (await world.sandbox.admin(SHOP_BANNER)).body["data"]["shop"]["metafield"]
    assert metafield == {"type": "file_reference", "value": first["id"]}
    assert writer.stats.applied == 2


async def test_refusals_are_dead_items_with_the_reason_and_stale_versions_are_dropped(
    world: Scenario,
) -> None:
    a = "https://dam.example.com/a.jpg"
    await push(
        world,
        *MEDIA_SET,
        product(1.0, image(a), handle="no-such-product"),
        product(1.0, image(a, None, "SKU-00002-1"), sku="SKU-00001-1"),  # another product's
        product(5.0, image(a, "five")),
    )
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        await push(world, *MEDIA_SET, product(4.0, image("https://dam.example.com/old.jpg")))
        await until(world.settled)
    reasons = sorted(job.last_reason or "" for job in await world.jobs(JobStatus.DEAD))
    assert reasons == [
        f"SKU 'SKU-00002-1' is not a variant of product '{HANDLE}'",
        "unknown product handle 'no-such-product': no product in Shopify has it",
    ]
    assert listed(await read_media(world)) == [(a, "five")]
    assert (writer.stats.applied, writer.stats.rejected, writer.stats.stale) == (1, 2, 1)


async def test_a_file_for_a_product_metafield_needs_a_known_product_first(
    world: Scenario,
) -> None:
    def size_chart(handle: str, version: float) -> dict[str, Any]:
        return {
            "file": {
                **image("https://dam.example.com/chart.pdf", "Sizes"),
                "type": "FILE",
                "filename": f"{handle}-sizes.pdf",
            },
            "metafield": {
                "owner": "product",
                "handle": handle,
                "namespace": "custom",
                "key": "sizes",
            },
            "version": version,
        }

    await push(world, *MEDIA_SET, size_chart(HANDLE, 1.0), size_chart("no-such-product", 1.0))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert (
        dead.last_reason == "unknown product handle 'no-such-product': no product in Shopify has it"
    )
    [file] = (await world.sandbox.admin(FILES)).body["data"]["files"]["nodes"]  # one, not two
    found = await world.sandbox.admin(
        """query($h: String!) { productByIdentifier(identifier: {handle: $h}) {
             metafield(namespace: "custom", key: "sizes") { type value } } }""",
        {"h": HANDLE},
    )
    assert found.body["data"]["productByIdentifier"]["metafield"] == {
        "type": "file_reference",
        "value": file["id"],
    }


async def test_shopifys_user_errors_make_a_dead_item_and_nothing_half_done(
    world: Scenario,
) -> None:
    refused = product(1.0, image("https://dam.example.com/a.jpg"), image("ftp://dam.example.com/b"))
    await push(world, *MEDIA_SET, refused)  # an old job: the endpoint refuses such URLs today
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert dead.flow == "media"
    assert dead.last_reason == (
        "Shopify refused productUpdate: media.1.originalSource: "
        "Invalid source URL: ftp://dam.example.com/b"
    )
    assert json.loads(dead.payload or b"")["items"][0]["media"][1]["url"].startswith("ftp:")
    found = await world.sandbox.admin(
        """query($h: String!) { productByIdentifier(identifier: {handle: $h}) {
             media(first: 5) { nodes { id } } metafields(first: 5) { nodes { key } } } }""",
        {"h": HANDLE},
    )
    assert found.body["data"]["productByIdentifier"] == {
        "media": {"nodes": []},
        "metafields": {"nodes": []},
    }


async def test_media_created_just_before_a_crash_are_adopted_not_attached_twice(
    world: Scenario,
) -> None:
    a, b = "https://dam.example.com/a.jpg", "https://dam.example.com/b.jpg"
    pending = json.dumps({"media": {}, "pending": {"sources": [a, b], "before": []}})
    crashed = await world.sandbox.admin(  # the writer's creating call, then nothing more
        """mutation($id: ID!, $record: String!) { productUpdate(
             product: {id: $id, metafields: [
               {namespace: "$app:shopbridge", key: "media", type: "json", value: $record}]},
             media: [{originalSource: "https://dam.example.com/a.jpg", mediaContentType: IMAGE},
                     {originalSource: "https://dam.example.com/b.jpg", mediaContentType: IMAGE}])
             { userErrors { message } } }""",
        {"id": await _product_id(world), "record": pending},
    )
    assert crashed.body["data"]["productUpdate"]["userErrors"] == []
    before = [n["id"] for n in (await read_media(world))["media"]["nodes"]]
    await push(world, *MEDIA_SET, product(1.0, image(b, "B"), image(a, "A")))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    after = (await read_media(world))["media"]["nodes"]
    assert [(n["id"], n["alt"]) for n in after] == [(before[1], "B"), (before[0], "A")]


async def _product_id(world: Scenario, handle: str = HANDLE) -> str:
    reply = await world.sandbox.admin(
        "query($h: String!) { productByIdentifier(identifier: {handle: $h}) { id } }",
        {"h": handle},
    )
    return str(reply.body["data"]["productByIdentifier"]["id"])
