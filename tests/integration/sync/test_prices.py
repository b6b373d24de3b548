"""``sync_prices`` against a sandbox shop over HTTP: plan, direct path, fixed prices, bulk path."""

from __future__ import annotations

import contextlib
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from shopbridge.config.schema import ShopSettings
from shopbridge.sandbox.seed import sku
from shopbridge.shopify.admin import AdminClient
from shopbridge.sync import Hooks, Options
from shopbridge.sync.price_rows import PriceRow, read_price_rows
from shopbridge.sync.prices import sync_prices
from tests.integration.sandbox.harness import TOKEN, Client
from tests.integration.sync.world import no_wait, shop_with_catalog

VARIANT = """
query($query: String!) {
  productVariants(first: 1, query: $query) { nodes { id price compareAtPrice } }
}
"""
PRICE_LIST_CREATE = """
mutation($input: PriceListCreateInput!) {
  priceListCreate(input: $input) { priceList { id } userErrors { code } }
}
"""
FIXED_PRICES = """
query($id: ID!) {
  priceList(id: $id) {
    prices(first: 10, originType: FIXED) { nodes { price { amount } compareAtPrice { amount } } }
  }
}
"""


@dataclass
class World:
    shop: Client
    client: AdminClient

    async def variant(self, sku_: str) -> dict[str, Any]:
        reply = await self.shop.admin(VARIANT, {"query": f'sku:"{sku_}"'})
        [found] = reply.body["data"]["productVariants"]["nodes"]
        return dict(found)

    def rows(self, tmp_path: Path, lines: list[str], suffix: str = ".csv") -> list[PriceRow]:
        file = tmp_path / f"prices{suffix}"
        file.write_text("\n".join(lines) + "\n")
        settings = ShopSettings(domain=self.client.shop, webhook_secret="s", access_token=TOKEN)
        found = read_price_rows(file, "acme", settings)
        assert found.problems == []
        return found.rows

    async def price_list(self, name: str, currency: str) -> str:
        adjustment = {"type": "PERCENTAGE_DECREASE", "value": 0}
        made = await self.shop.admin(
            PRICE_LIST_CREATE,
            {"input": {"name": name, "currency": currency, "parent": {"adjustment": adjustment}}},
        )
        price_list_id: str = made.body["data"]["priceListCreate"]["priceList"]["id"]
        return price_list_id


@contextlib.asynccontextmanager
async def world(products: int = 3) -> AsyncIterator[World]:
    async with shop_with_catalog(products, variants=2, locations=1) as (shop, client):
        yield World(shop, client)


def bumped(amount: str, by: str = "1.00") -> str:
    return f"{float(amount) + float(by):.2f}"


async def test_only_prices_that_differ_are_sent_one_call_per_product(tmp_path: Path) -> None:
    async with world() as w:
        same = (await w.variant(sku(1, 1)))["price"]
        second = (await w.variant(sku(1, 2)))["price"]
        by_id = await w.variant(sku(3, 1))
        lines = [
            "sku,variant_id,price,compare_at_price",
            f"{sku(1, 1)},,{same}0,",  # "19.990" equals "19.99": unchanged
            f"{sku(1, 2)},,{bumped(second)},",
            f"{sku(2, 1)},,{(await w.variant(sku(2, 1)))['price']},99.00",
            f",{by_id['id']},{bumped(by_id['price'])},",
        ]
        first = (await w.variant(sku(1, 1)))["compareAtPrice"]
        report = await sync_prices(w.client, w.rows(tmp_path, lines))
        assert report.path == "direct"
        assert (report.plan.rows, report.plan.unchanged, len(report.plan.changes)) == (4, 1, 3)
        assert (report.sent.applied, report.sent.mutations, report.ok) == (3, 3, True)
        assert (await w.variant(sku(1, 2)))["price"] == bumped(second)
        assert (await w.variant(sku(2, 1)))["compareAtPrice"] == "99.00"
        assert (await w.variant(sku(3, 1)))["price"] == bumped(by_id["price"])
        assert (await w.variant(sku(1, 1)))["compareAtPrice"] == first  # unchanged row not sent
        again = await sync_prices(w.client, w.rows(tmp_path, lines))
        assert (again.plan.unchanged, again.sent.sent) == (4, 0)


async def test_fixed_prices_are_compared_per_price_list_and_bad_rows_skipped(
    tmp_path: Path,
) -> None:
    async with world() as w:
        europe = await w.price_list("Europe", "EUR")
        lines = [
            "sku,price,compare_at_price,price_list,currency",
            f"{sku(1, 1)},18.50,20.00,Europe,EUR",
            f"{sku(1, 2)},18.50,,Europe,USD",
            f"{sku(2, 1)},5.00,,Nowhere,EUR",
            "NOPE-1,5.00,,,",
        ]
        report = await sync_prices(w.client, w.rows(tmp_path, lines))
        assert [(s.line, s.reason) for s in report.plan.skipped] == [
            (3, "the price list 'Europe' is in EUR"),
            (4, "unknown price list 'Nowhere': no price list in Shopify has that name or id"),
            (5, "unknown SKU 'NOPE-1': no variant in Shopify has it"),
        ]
        assert (report.sent.applied, report.ok) == (1, False)
        reply = await w.shop.admin(FIXED_PRICES, {"id": europe})
        assert reply.body["data"]["priceList"]["prices"]["nodes"] == [
            {"price": {"amount": "18.5"}, "compareAtPrice": {"amount": "20.0"}}
        ]
        again = await sync_prices(w.client, w.rows(tmp_path, lines[:2]))
        assert (again.plan.unchanged, again.sent.sent) == (1, 0)


async def test_bulk_path_reads_with_a_bulk_query_and_writes_with_a_bulk_mutation(
    tmp_path: Path,
) -> None:
    async with world(products=4) as w:
        wanted = {sku(p, v): f"{10 * p + v}.25" for p in range(1, 5) for v in (1, 2)}
        lines = ["sku,price"] + [f"{key},{value}" for key, value in wanted.items()]
        statuses: list[str] = []
        hooks = Hooks(bulk_status=statuses.append)
        options = Options(bulk_threshold=4, sleep=no_wait, hooks=hooks)
        report = await sync_prices(w.client, w.rows(tmp_path, lines), options)
        assert report.path == "bulk"
        assert statuses.count("COMPLETED") == 2  # the read, then the write
        assert (report.sent.sent, report.sent.applied, report.sent.mutations) == (8, 8, 4)
        for key, value in wanted.items():
            assert (await w.variant(key))["price"] == value
        again = await sync_prices(w.client, w.rows(tmp_path, lines), options)
        assert (again.plan.unchanged, again.sent.sent, statuses.count("COMPLETED")) == (8, 0, 3)
