"""Prices through the shop's writer (flow ``prices``) against a sandbox, read back by GraphQL."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus

from .scenario import DESTINATION, PRICES_SET, Scenario, Seed, item, push, running, until

VARIANT = """
query($query: String!) {
  productVariants(first: 1, query: $query) { nodes { id price compareAtPrice } }
}
"""
PRICE_LIST_CREATE = """
mutation($input: PriceListCreateInput!) {
  priceListCreate(input: $input) { priceList { id } userErrors { field message code } }
}
"""
FIXED_PRICES = """
query($id: ID!) {
  priceList(id: $id) {
    prices(first: 10, originType: FIXED) {
      nodes { variant { id } price { amount currencyCode } compareAtPrice { amount } }
    }
  }
}
"""


def price(sku_: str, amount: str | None, version: float, **more: Any) -> dict[str, Any]:
    return {
        "sku": sku_,
        "variant_id": None,
        "price": amount,
        "price_list": None,
        "currency": None,
        "version": version,
        **more,
    }


async def read_variant(world: Scenario, sku_: str, with_id: bool = False) -> dict[str, Any]:
    reply = await world.sandbox.admin(VARIANT, {"query": f'sku:"{sku_}"'})
    [found] = reply.body["data"]["productVariants"]["nodes"]
    return found if with_id else {k: v for k, v in found.items() if k != "id"}


@pytest.fixture
def seed() -> Seed:
    return functools.partial(seed_catalog, products=3, variants=2, locations=1)


async def test_a_price_and_a_compare_at_price_land_and_the_job_completes(world: Scenario) -> None:
    job_id = await push(
        world,
        *PRICES_SET,
        price(sku(1, 1), "19.99", 1.0, compare_at_price="24.99"),
        price(sku(1, 2), "9.50", 1.0),
        price(sku(2, 1), None, 1.0, compare_at_price=None),
    )
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    assert await read_variant(world, sku(1, 1)) == {"price": "19.99", "compareAtPrice": "24.99"}
    assert (await read_variant(world, sku(1, 2)))["price"] == "9.50"
    assert (await read_variant(world, sku(2, 1)))["compareAtPrice"] is None
    assert writer.stats.mutations == 2  # one per product
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    key = f"price:{sku(1, 1)}"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 1.0}


async def test_versions_of_one_variant_coalesce_to_the_newest_and_older_ones_are_stale(
    world: Scenario,
) -> None:
    for version in (3, 7, 1, 10, 2):
        await push(world, *PRICES_SET, price(sku(3, 1), f"{version}.00", float(version)))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        assert (await read_variant(world, sku(3, 1)))["price"] == "10.00"
        assert (writer.stats.mutations, writer.stats.applied, writer.stats.stale) == (1, 1, 4)
        await push(world, *PRICES_SET, price(sku(3, 1), "5.00", 5.0))  # older than what was applied
        await until(world.settled)
    assert (await read_variant(world, sku(3, 1)))["price"] == "10.00"
    assert (writer.stats.mutations, writer.stats.stale) == (1, 5)


async def test_inventory_and_prices_share_the_shop_writer(world: Scenario) -> None:
    await world.push(item(sku(1, 1), 42, 1.0))
    await push(world, *PRICES_SET, price(sku(1, 1), "12.00", 1.0))
    async with running(world.writer()):
        await until(world.settled)
    assert world.available(sku(1, 1)) == 42
    assert (await read_variant(world, sku(1, 1)))["price"] == "12.00"


async def test_an_unknown_sku_and_a_refused_price_are_dead_items_the_rest_lands(
    world: Scenario,
) -> None:
    missing = sku(9, 1)
    job_id = await push(
        world,
        *PRICES_SET,
        price(sku(1, 1), "11.00", 1.0),
        price(missing, "5.00", 1.0),
        price(sku(2, 1), "-3", 1.0),  # bypassed the endpoint: Shopify refuses it
    )
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    dead = {json.loads(j.payload or b"")["items"][0]["sku"]: j for j in await world.jobs()
            if j.status is JobStatus.DEAD}  # fmt: skip
    assert dead[missing].last_reason == f"unknown SKU '{missing}': no variant in Shopify has it"
    assert dead[missing].flow == "prices"
    assert (dead[sku(2, 1)].last_reason or "").startswith("Shopify refused the item:")
    assert (await read_variant(world, sku(1, 1)))["price"] == "11.00"
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert (writer.stats.applied, writer.stats.rejected) == (1, 2)


async def test_a_fixed_price_in_a_second_market_price_list_lands(world: Scenario) -> None:
    created = await world.sandbox.admin(
        PRICE_LIST_CREATE,
        {
            "input": {
                "name": "Europe",
                "currency": "EUR",
                "parent": {"adjustment": {"type": "PERCENTAGE_DECREASE", "value": 0}},
            }
        },
    )
    price_list_id = created.body["data"]["priceListCreate"]["priceList"]["id"]
    await push(
        world,
        *PRICES_SET,
        price(sku(1, 1), "18.50", 1.0, price_list="Europe", currency="EUR", compare_at_price="20"),
        price(sku(1, 2), "7.00", 1.0, price_list="Nowhere", currency="EUR"),
    )
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    reply = await world.sandbox.admin(FIXED_PRICES, {"id": price_list_id})
    assert reply.body["data"]["priceList"]["prices"]["nodes"] == [
        {
            "variant": {"id": (await read_variant(world, sku(1, 1), with_id=True))["id"]},
            "price": {"amount": "18.5", "currencyCode": "EUR"},
            "compareAtPrice": {"amount": "20.0"},
        }
    ]
    [dead] = await world.jobs(JobStatus.DEAD)
    assert dead.last_reason == (
        "unknown price list 'Nowhere': no price list in Shopify has that name or id"
    )
    assert (await read_variant(world, sku(1, 1)))["price"] != "18.50"
