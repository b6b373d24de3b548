"""Products through the shop's writer (flow ``products``) against a sandbox, read back."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus

from .scenario import (
    DESTINATION,
    PRICES_SET,
    PRODUCTS_UPSERT,
    Scenario,
    Seed,
    push,
    running,
    until,
)
from .test_prices import price, read_variant

PRODUCT = """
query($handle: String!) {
  productByIdentifier(identifier: {handle: $handle}) {
    title vendor status tags
    options { name optionValues { name } }
    variants(first: 10) { nodes { sku price compareAtPrice selectedOptions { name value } } }
  }
}
"""


def tee(version: float, sizes: tuple[str, ...] = ("S", "M"), **more: Any) -> dict[str, Any]:
    return {
        "handle": "classic-tee",
        "title": "Classic tee",
        "vendor": "Acme",
        "status": "ACTIVE",
        "tags": ["cotton", "summer"],
        "options": [{"name": "Size", "values": list(sizes)}],
        "variants": [
            {"sku": f"TEE-{size}", "price": "19.99", "option_values": {"Size": size}}
            for size in sizes
        ],
        "version": version,
        **more,
    }


async def read_product(world: Scenario, handle: str = "classic-tee") -> dict[str, Any] | None:
    reply = await world.sandbox.admin(PRODUCT, {"handle": handle})
    found: dict[str, Any] | None = reply.body["data"]["productByIdentifier"]
    return found


def variants(product: dict[str, Any] | None) -> list[tuple[str, str, str]]:
    assert product is not None
    return [
        (v["sku"], v["price"], v["selectedOptions"][0]["value"])
        for v in product["variants"]["nodes"]
    ]


@pytest.fixture
def seed() -> Seed:
    return functools.partial(seed_catalog, products=1, variants=1, locations=1)


async def test_a_new_product_is_created_then_updated_by_handle_with_lists_replaced(
    world: Scenario,
) -> None:
    job_id = await push(world, *PRODUCTS_UPSERT, tee(1.0))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        product = await read_product(world)
        assert product is not None
        assert (product["title"], product["vendor"], product["status"]) == (
            "Classic tee",
            "Acme",
            "ACTIVE",
        )
        assert product["options"] == [
            {"name": "Size", "optionValues": [{"name": "S"}, {"name": "M"}]}
        ]
        assert variants(product) == [("TEE-S", "19.99", "S"), ("TEE-M", "19.99", "M")]
        second = tee(2.0, ("M", "L"), tags=["linen"])
        del second["vendor"]  # absent: left as it is
        second["variants"][0]["price"] = "21.00"
        await push(world, *PRODUCTS_UPSERT, second)
        await until(world.settled)
    product = await read_product(world)
    assert product is not None
    assert (product["vendor"], product["tags"]) == ("Acme", ["linen"])
    assert variants(product) == [("TEE-M", "21.00", "M"), ("TEE-L", "19.99", "L")]  # S deleted
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    key = "product:classic-tee"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 2.0}
    assert (writer.stats.mutations, writer.stats.applied) == (2, 2)


async def test_versions_of_one_handle_coalesce_to_the_newest_and_older_ones_are_stale(
    world: Scenario,
) -> None:
    for version in (3.0, 7.0, 1.0):
        await push(world, *PRODUCTS_UPSERT, tee(version, title=f"Tee v{version:g}"))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        await push(world, *PRODUCTS_UPSERT, tee(5.0, title="Tee v5"))  # older than what was applied
        await until(world.settled)
    product = await read_product(world)
    assert product is not None
    assert product["title"] == "Tee v7"
    assert (writer.stats.mutations, writer.stats.applied, writer.stats.stale) == (1, 1, 3)


async def test_a_refused_product_is_a_dead_item_with_shopifys_reason_the_rest_lands(
    world: Scenario,
) -> None:
    refused = tee(1.0, handle="bad-tee")
    refused["options"] = [{"name": "Size", "values": ["S", "S"]}]
    refused["variants"] = refused["variants"][:1]
    job_id = await push(world, *PRODUCTS_UPSERT, refused, tee(1.0))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert dead.flow == "products"
    assert (dead.last_reason or "").startswith(
        "Shopify refused the product: input.productOptions.0.values:"
    )
    assert "DUPLICATED_OPTION_VALUE" in (dead.last_reason or "")
    assert json.loads(dead.payload or b"")["items"][0]["handle"] == "bad-tee"
    assert await read_product(world, "bad-tee") is None
    assert variants(await read_product(world)) == [("TEE-S", "19.99", "S"), ("TEE-M", "19.99", "M")]
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert (writer.stats.applied, writer.stats.rejected) == (1, 1)


async def test_a_written_product_drops_the_writers_cached_skus(world: Scenario) -> None:
    writer = world.writer()
    async with running(writer):
        # no such SKU yet: cached unknown
        await push(world, *PRICES_SET, price("TEE-M", "9.00", 1.0))
        await until(world.settled)
        await push(world, *PRODUCTS_UPSERT, tee(1.0))
        await until(world.settled)
        await push(world, *PRICES_SET, price("TEE-M", "12.00", 2.0))
        await until(world.settled)
    assert (await read_variant(world, "TEE-M"))["price"] == "12.00"
    assert (writer.stats.applied, writer.stats.rejected) == (2, 1)


ERP = {"namespace": "erp", "key": "product_id", "value": "P-1042"}
BY_CUSTOM_ID = """
query($id: UniqueMetafieldValueInput!) {
  productByIdentifier(identifier: {customId: $id}) {
    id handle title
    metafields(first: 10) { nodes { namespace key type value } }
  }
}
"""
DEFINE_ERP_ID = """
mutation {
  metafieldDefinitionCreate(definition: {
    name: "ERP id", namespace: "erp", key: "product_id", type: "id", ownerType: PRODUCT
  }) { userErrors { code } }
}
"""


async def by_custom_id(world: Scenario) -> dict[str, Any] | None:
    reply = await world.sandbox.admin(BY_CUSTOM_ID, {"id": ERP})
    found: dict[str, Any] | None = reply.body["data"]["productByIdentifier"]
    return found


async def test_a_product_is_upserted_by_external_id_keeping_its_custom_id(
    world: Scenario,
) -> None:
    defined = await world.sandbox.admin(DEFINE_ERP_ID)
    assert defined.body["data"]["metafieldDefinitionCreate"]["userErrors"] == []
    writer = world.writer()
    material = {"namespace": "custom", "key": "material", "type": "single_line_text_field"}
    async with running(writer):
        await push(world, *PRODUCTS_UPSERT, {"external_id": ERP, "title": "Shirt", "version": 1.0})
        await until(world.settled)
        created = await by_custom_id(world)
        assert created is not None
        assert (created["title"], created["metafields"]["nodes"]) == (
            "Shirt",
            [{**ERP, "type": "id"}],
        )
        renamed = {
            "external_id": ERP,
            "handle": "linen-shirt",
            "metafields": [{**material, "value": "linen"}],
            "version": 2.0,
        }
        await push(world, *PRODUCTS_UPSERT, renamed)
        await until(world.settled)
    updated = await by_custom_id(world)
    assert updated is not None
    assert (updated["id"], updated["handle"], updated["title"]) == (
        created["id"],
        "linen-shirt",
        "Shirt",
    )
    assert sorted(m["key"] for m in updated["metafields"]["nodes"]) == ["material", "product_id"]
    key = "product:custom:erp.product_id=P-1042"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 2.0}
    assert (writer.stats.applied, writer.stats.rejected) == (2, 0)


async def test_a_product_is_found_by_a_variants_sku_or_created_or_refused(
    world: Scenario,
) -> None:
    seeded = sku(1, 1)
    writer = world.writer()
    async with running(writer):
        await push(
            world,
            *PRODUCTS_UPSERT,
            {"sku": seeded, "title": "Renamed by SKU", "version": 1.0},
            {"sku": "NEW-1", "title": "No variants", "version": 1.0},
            {**tee(1.0), "handle": "tee-by-sku", "sku": "TEE-M"},
        )
        await until(world.settled)
    titles = sorted(p["title"] for p in world.sandbox.sandbox.state.all("Product"))
    assert titles == ["Classic tee", "Renamed by SKU"]  # the seeded product, renamed; one new
    assert variants(await read_product(world, "tee-by-sku")) == [
        ("TEE-S", "19.99", "S"),
        ("TEE-M", "19.99", "M"),
    ]
    [dead] = await world.jobs(JobStatus.DEAD)
    assert dead.last_reason == (
        "no variant in Shopify has SKU 'NEW-1'; to create the product, "
        "send title, options and variants (one with that SKU)"
    )
    assert (writer.stats.applied, writer.stats.rejected) == (2, 1)


async def test_a_sku_on_two_products_is_not_guessed(world: Scenario) -> None:
    one, two = tee(1.0, handle="tee-one"), tee(1.0, handle="tee-two")
    writer = world.writer()
    async with running(writer):
        await push(world, *PRODUCTS_UPSERT, one, two)  # both have TEE-S: Shopify allows that
        await until(world.settled)
        await push(world, *PRODUCTS_UPSERT, {"sku": "TEE-S", "title": "Which one?", "version": 2.0})
        await until(world.settled)
    [dead] = await world.jobs(JobStatus.DEAD)
    assert dead.last_reason == (
        "SKU 'TEE-S' is on variants of 2 products; identify the product by handle or external_id"
    )
    titles = {p["title"] for p in world.sandbox.sandbox.state.all("Product")}
    assert "Which one?" not in titles
