"""``sync_products`` against a sandbox shop over HTTP: compare by handle, direct and bulk paths."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from shopbridge.sync import Hooks, Options
from shopbridge.sync.product_rows import ProductRow, read_product_rows
from shopbridge.sync.products import sync_products
from tests.integration.sandbox.harness import Client
from tests.integration.sync.world import no_wait, shop_with_catalog

PRODUCT = """
query($handle: String!) {
  productByIdentifier(identifier: {handle: $handle}) {
    title tags
    variants(first: 10) { nodes { sku price compareAtPrice } }
    metafields(first: 10) { nodes { key value } }
  }
}
"""
MATERIAL = {"namespace": "custom", "key": "material", "type": "single_line_text_field"}


def tee(handle: str, **more: Any) -> dict[str, Any]:
    return {
        "handle": handle,
        "title": f"Tee {handle}",
        "tags": ["cotton", "summer"],
        "options": [{"name": "Size", "values": ["S", "M"]}],
        "variants": [
            {"sku": f"{handle}-S", "price": "19.90", "option_values": {"Size": "S"}},
            {"sku": f"{handle}-M", "price": "21.00", "option_values": {"Size": "M"}},
        ],
        **more,
    }


def rows(tmp_path: Path, text: str, suffix: str) -> list[ProductRow]:
    file = tmp_path / f"products{suffix}"
    file.write_text(text)
    found = read_product_rows(file)
    assert found.problems == []
    return found.rows


def jsonl(tmp_path: Path, *items: dict[str, Any]) -> list[ProductRow]:
    return rows(tmp_path, "".join(json.dumps(item) + "\n" for item in items), ".jsonl")


async def product(shop: Client, handle: str) -> dict[str, Any] | None:
    reply = await shop.admin(PRODUCT, {"handle": handle})
    found: dict[str, Any] | None = reply.body["data"]["productByIdentifier"]
    return found


async def test_only_new_or_different_products_are_sent(tmp_path: Path) -> None:
    async with shop_with_catalog(products=1) as (shop, client):
        first = [tee("a"), tee("b", metafields=[{**MATERIAL, "value": "linen"}]), tee("c")]
        made = await sync_products(client, jsonl(tmp_path, *first))
        assert (made.path, made.plan.unchanged, made.sent.applied, made.ok) == (
            "direct",
            0,
            3,
            True,
        )
        assert [p.summary()[2] for p in made.plan.changes] == ["create", "create", "create"]
        same = await sync_products(client, jsonl(tmp_path, *first))
        assert (same.plan.unchanged, same.sent.sent, same.sent.mutations) == (3, 0, 0)
        changed = [
            tee("a", tags=["summer", "cotton"]),  # the same set of tags
            tee("b", metafields=[{**MATERIAL, "value": "wool"}]),
            tee("c", title="Renamed"),
        ]
        changed[0]["variants"][1]["price"] = "22.00"
        report = await sync_products(client, jsonl(tmp_path, *changed))
        assert [(p.line, p.differs) for p in report.plan.changes] == [
            (1, ("variants",)),
            (2, ("metafields",)),
            (3, ("title",)),
        ]
        assert (report.sent.applied, report.sent.mutations) == (3, 3)
        b = await product(shop, "b")
        assert b is not None
        assert b["metafields"]["nodes"] == [{"key": "material", "value": "wool"}]
        a = await product(shop, "a")
        assert a is not None
        assert [v["price"] for v in a["variants"]["nodes"]] == ["19.90", "22.00"]


async def test_a_csv_file_has_a_row_per_variant(tmp_path: Path) -> None:
    text = "\n".join(
        [
            "handle,title,tags,option1_name,option1_value,sku,price,compare_at_price",
            'mug,Mug,"kitchen, gifts",Colour,Red,MUG-R,8.00,',
            "mug,,,,Blue,MUG-B,8.50,9.00",
            "poster,Poster,,,,POSTER,12.00,",
        ]
    )
    async with shop_with_catalog(products=1) as (shop, client):
        report = await sync_products(client, rows(tmp_path, text + "\n", ".csv"))
        assert (report.plan.rows, report.sent.applied, report.ok) == (2, 2, True)
        mug = await product(shop, "mug")
        assert mug is not None
        assert (mug["title"], sorted(mug["tags"])) == ("Mug", ["gifts", "kitchen"])
        assert mug["variants"]["nodes"] == [
            {"sku": "MUG-R", "price": "8.00", "compareAtPrice": None},
            {"sku": "MUG-B", "price": "8.50", "compareAtPrice": "9.00"},
        ]
        poster = await product(shop, "poster")
        assert poster is not None
        assert poster["variants"]["nodes"] == [
            {"sku": "POSTER", "price": "12.00", "compareAtPrice": None}
        ]
        again = await sync_products(client, rows(tmp_path, text + "\n", ".csv"))
        assert (again.plan.unchanged, again.sent.sent) == (2, 0)


async def test_bulk_path_reads_the_catalog_and_upserts_with_a_bulk_mutation(
    tmp_path: Path,
) -> None:
    async with shop_with_catalog(products=2) as (shop, client):
        refused = tee("bad")
        refused["options"][0]["values"] = ["S", "S"]
        refused["variants"] = refused["variants"][:1]
        items = [tee("a"), refused, tee("c"), tee("d")]
        statuses: list[str] = []
        options = Options(bulk_threshold=3, sleep=no_wait, hooks=Hooks(bulk_status=statuses.append))
        report = await sync_products(client, jsonl(tmp_path, *items), options)
        assert (report.path, statuses.count("COMPLETED")) == ("bulk", 2)
        assert (report.sent.sent, report.sent.applied, report.sent.mutations) == (4, 3, 4)
        [refusal] = report.refused
        assert (refusal.line, refusal.code) == (2, "DUPLICATED_OPTION_VALUE")
        assert refusal.message.startswith("input.productOptions.0.values:")
        assert await product(shop, "bad") is None
        assert await product(shop, "d") is not None
        again = await sync_products(client, jsonl(tmp_path, *items), options)
        assert (again.plan.unchanged, len(again.plan.changes)) == (3, 1)  # only "bad" again
