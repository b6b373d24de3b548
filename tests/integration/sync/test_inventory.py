"""``sync_inventory`` against a sandbox shop over HTTP: plan, direct path, bulk path."""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator
from dataclasses import dataclass
from pathlib import Path

from shopbridge.config.schema import ShopSettings
from shopbridge.sandbox.domains.inventory_store import level_at, quantity
from shopbridge.sandbox.seed import sku
from shopbridge.shopify.admin import AdminClient
from shopbridge.shopify.writer.resolve import Target
from shopbridge.sync import Hooks, Options, Row, read_rows, sync_inventory
from shopbridge.sync.bulk import send_bulk
from shopbridge.sync.direct import inventory_calls, send_direct
from shopbridge.sync.plan import make_plan
from tests.integration.sandbox.harness import TOKEN, Client
from tests.integration.sync.world import no_wait, shop_with_catalog

SET_ONE = """
mutation($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) { userErrors { code } }
}
"""


@dataclass
class World:
    shop: Client
    client: AdminClient
    locations: list[str]  # names of the stocked locations, in order

    def level(self, sku_: str, location: int = 0, name: str = "available") -> int:
        state = self.shop.sandbox.state
        [item] = state.find("InventoryItem", "sku", sku_)
        [loc] = [x for x in state.all("Location") if x["name"] == self.locations[location]]
        found = level_at(state, item["id"], loc["id"])
        assert found is not None
        return quantity(found, name)

    def groups(self) -> int:
        return len(self.shop.sandbox.state.all("InventoryAdjustmentGroup"))

    def rows(self, tmp_path: Path, lines: list[str], suffix: str = ".csv") -> list[Row]:
        file = tmp_path / f"stock{suffix}"
        file.write_text("\n".join(lines) + "\n")
        settings = ShopSettings(domain=self.client.shop, webhook_secret="s", access_token=TOKEN)
        found = read_rows(file, "acme", settings, "available")
        assert found.problems == []
        return found.rows


@contextlib.asynccontextmanager
async def world(products: int = 4, locations: int = 2) -> AsyncIterator[World]:
    async with shop_with_catalog(products, 1, locations) as (shop, client):
        names = [x["name"] for x in shop.sandbox.state.all("Location") if x["isActive"]]
        yield World(shop, client, names[:locations])


async def test_only_rows_that_differ_are_sent(tmp_path: Path) -> None:
    async with world() as w:
        same = w.level(sku(1, 1))
        lines = [
            "sku,location,quantity",
            f"{sku(1, 1)},{w.locations[0]},{same}",
            f"{sku(2, 1)},{w.locations[0]},{w.level(sku(2, 1)) + 5}",
            f"{sku(3, 1)},{w.locations[1]},{w.level(sku(3, 1), 1) + 1}",
        ]
        groups = w.groups()
        report = await sync_inventory(w.client, w.rows(tmp_path, lines))
        assert report.path == "direct"
        assert (report.plan.rows, report.plan.unchanged) == (3, 1)
        assert (report.sent.sent, report.sent.applied, report.sent.mutations) == (2, 2, 1)
        assert report.ok
        assert report.refused == []
        assert w.groups() == groups + 1  # one call, one adjustment group
        assert w.level(sku(1, 1)) == same
        again = await sync_inventory(w.client, w.rows(tmp_path, lines))
        assert (again.plan.unchanged, again.sent.sent, w.groups()) == (3, 0, groups + 1)


async def test_dry_run_sends_nothing(tmp_path: Path) -> None:
    async with world() as w:
        before = w.level(sku(1, 1))
        lines = ["sku,location,quantity", f"{sku(1, 1)},{w.locations[0]},{before + 7}"]
        groups = w.groups()
        report = await sync_inventory(w.client, w.rows(tmp_path, lines), Options(dry_run=True))
        assert report.path == "dry-run"
        assert [(p.current, p.wanted) for p in report.plan.changes] == [(before, before + 7)]
        assert report.sent.sent == 0
        assert (w.groups(), w.level(sku(1, 1))) == (groups, before)


async def test_unknown_sku_and_on_hand_rows(tmp_path: Path) -> None:
    async with world() as w:
        lines = [
            json.dumps({"sku": "NOPE-1", "location": w.locations[0], "quantity": 1}),
            json.dumps(
                {"sku": sku(4, 1), "location": w.locations[1], "quantity": 77, "name": "on_hand"}
            ),
        ]
        report = await sync_inventory(w.client, w.rows(tmp_path, lines, ".jsonl"))
        [skipped] = report.plan.skipped
        assert (skipped.line, "unknown SKU 'NOPE-1'" in skipped.reason) == (1, True)
        assert (report.sent.applied, report.ok) == (1, False)
        assert w.level(sku(4, 1), 1, "on_hand") == 77


async def _someone_else_sets(w: World, target: Target, value: int) -> None:
    reply = await w.shop.admin(
        SET_ONE,
        {
            "key": f"someone-else-{target.inventory_item_id}",
            "input": {
                "name": "available",
                "reason": "correction",
                "quantities": [
                    {
                        "inventoryItemId": target.inventory_item_id,
                        "locationId": target.location_id,
                        "quantity": value,
                        "changeFromQuantity": None,
                    }
                ],
            },
        },
    )
    assert reply.body["data"]["inventorySetQuantities"]["userErrors"] == []


async def test_a_quantity_changed_after_the_read_is_refused_as_stale(tmp_path: Path) -> None:
    async with world() as w:
        lines = ["sku,location,quantity"] + [
            f"{sku(p, 1)},{w.locations[0]},{w.level(sku(p, 1)) + 10}" for p in (1, 2, 3)
        ]
        plan = await make_plan(w.client, w.rows(tmp_path, lines))
        assert len(plan.changes) == 3
        await _someone_else_sets(w, plan.changes[1].target, 999)  # between read and send
        sent = await send_direct(w.client, plan.changes, "gid://shopbridge/InventorySync/t")
        [refusal] = sent.refused
        assert (refusal.code, refusal.planned.row.line) == ("CHANGE_FROM_QUANTITY_STALE", 3)
        assert (sent.applied, sent.mutations) == (2, 2)  # the others went again, alone
        assert w.level(sku(2, 1)) == 999  # their change stands
        assert w.level(sku(1, 1)) == plan.changes[0].wanted


async def test_bulk_path_end_to_end(tmp_path: Path) -> None:
    async with world(products=6) as w:
        wanted = {
            (p, loc): w.level(sku(p, 1), loc) + p + loc + 1 for p in range(1, 7) for loc in (0, 1)
        }
        lines = ["sku,location,quantity"] + [
            f"{sku(p, 1)},{w.locations[loc]},{q}" for (p, loc), q in wanted.items()
        ]
        rows = w.rows(tmp_path, lines)
        statuses: list[str] = []
        options = Options(bulk_threshold=5, sleep=no_wait, hooks=Hooks(bulk_status=statuses.append))
        report = await sync_inventory(w.client, rows, options)
        assert report.path == "bulk"
        assert statuses[-1] == "COMPLETED"
        assert (report.sent.sent, report.sent.applied, report.refused) == (12, 12, [])
        assert all(w.level(sku(p, 1), loc) == q for (p, loc), q in wanted.items())


async def test_bulk_line_user_errors_are_reported_and_the_rest_applied(tmp_path: Path) -> None:
    async with world(products=3) as w:
        lines = ["sku,location,quantity"] + [
            f"{sku(p, 1)},{w.locations[0]},{w.level(sku(p, 1)) + 3}" for p in (1, 2, 3)
        ]
        plan = await make_plan(w.client, w.rows(tmp_path, lines))
        await _someone_else_sets(w, plan.changes[0].target, 555)
        calls = inventory_calls("gid://shopbridge/InventorySync/t")
        sent = await send_bulk(w.client, calls, plan.changes, name="t", sleep=no_wait)
        [refusal] = sent.refused
        assert (refusal.code, refusal.planned.row.line) == ("CHANGE_FROM_QUANTITY_STALE", 2)
        assert sent.applied == 2  # held back by the refused item, then sent directly
        assert w.level(sku(1, 1)) == 555
        assert [w.level(sku(p, 1)) for p in (2, 3)] == [p.wanted for p in plan.changes[1:]]
