"""From valid rows to what must be sent: resolve, read Shopify's quantities, keep what differs.

SKUs and location names are resolved by the writer's :class:`Resolver` (batched
lookups). Current quantities are read per location, up to :data:`ITEMS_PER_READ`
items a call (``inventoryLevels(query: "inventory_item_id:…")``), paced by the
client. A row whose quantity equals Shopify's is *unchanged* and never sent; a row
Shopify cannot take (unknown SKU, item not stocked at the location) is *skipped*
with the reason. Each planned change carries the quantity just read, sent as
``changeFromQuantity``: if someone changes it meanwhile, Shopify refuses that item.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor
from shopbridge.shopify.writer.changes import QUANTITY_NAMES
from shopbridge.shopify.writer.resolve import Resolver, Target

from .outcome import Plan
from .rows import Row

__all__ = ["ITEMS_PER_READ", "Planned", "make_plan", "read_quantities"]

ITEMS_PER_READ: Final = 200  # documented cost 3 + 2 x 200 = 403, under any bucket
_READ_COST_PER_ITEM: Final = 2
_READ_FIXED_COST: Final = 3

Quantities = dict[tuple[str, str], dict[str, int]]  # (item gid, location gid) -> name -> qty


@dataclass(frozen=True, slots=True)
class Planned:
    """One quantity to set: where, to what, and what Shopify had when read."""

    row: Row
    target: Target
    current: int

    @property
    def wanted(self) -> int:
        return self.row.change.quantity

    @property
    def line(self) -> int:
        return self.row.line

    def summary(self) -> tuple[str, str, str]:
        change = self.row.change
        item = change.sku or self.target.inventory_item_id
        place = change.location or self.target.location_id
        return f"{item} @ {place} ({change.name})", str(self.current), str(self.wanted)


async def make_plan(
    client: AdminClient,
    rows: Sequence[Row],
    resolver: Resolver | None = None,
    on_read: Callable[[int], None] | None = None,
) -> Plan[Planned]:
    """Resolve ``rows``, read their current quantities, and keep the ones that differ."""
    plan: Plan[Planned] = Plan(rows=len(rows))
    targets = await (resolver or Resolver(client)).resolve([row.change for row in rows])
    placed: list[tuple[Row, Target]] = []
    first_line: dict[tuple[str, str, str], int] = {}
    for row, target in zip(rows, targets, strict=True):
        if isinstance(target, str):
            plan.skip(row.line, target)
            continue
        key = (target.inventory_item_id, target.location_id, row.change.name)
        first = first_line.setdefault(key, row.line)
        if first != row.line:
            plan.skip(row.line, f"same item and location as line {first}")
            continue
        placed.append((row, target))
    current = await read_quantities(client, [target for _, target in placed], on_read)
    for row, target in placed:
        levels = current.get((target.inventory_item_id, target.location_id))
        if levels is None:
            plan.skip(row.line, "the item is not stocked at this location; activate it there first")
        elif levels.get(row.change.name) == row.change.quantity:
            plan.unchanged += 1
        else:
            plan.changes.append(Planned(row, target, levels.get(row.change.name, 0)))
    plan.skipped.sort(key=lambda skipped: skipped.line)
    return plan


async def read_quantities(
    client: AdminClient,
    targets: Iterable[Target],
    on_read: Callable[[int], None] | None = None,
) -> Quantities:
    """``available`` and ``on_hand`` of each target that has a level (missing: not stocked)."""
    by_location: dict[str, list[str]] = {}
    for target in targets:
        items = by_location.setdefault(target.location_id, [])
        if target.inventory_item_id not in items:
            items.append(target.inventory_item_id)
    found: Quantities = {}
    per_read = _items_per_read(client)
    for location, items in by_location.items():
        for start in range(0, len(items), per_read):
            batch = items[start : start + per_read]
            after: str | None = None
            while True:
                result = await client.execute(
                    documents.INVENTORY_LEVELS_AT_LOCATION,
                    {
                        "locationId": location,
                        "query": documents.item_search(batch),
                        "names": list(QUANTITY_NAMES),
                        "first": len(batch),
                        "after": after,
                    },
                )
                levels = result.payload.get("inventoryLevels")
                levels = levels if isinstance(levels, Mapping) else {}
                for node in connection_nodes(levels):
                    item = node.get("item")
                    if isinstance(item, Mapping):
                        found[(str(item["id"]), location)] = _named(node.get("quantities"))
                after = next_cursor(levels)
                if after is None:
                    break
            if on_read is not None:
                on_read(len(batch))
    return found


def _items_per_read(client: AdminClient) -> int:
    maximum = client.bucket.maximum
    if maximum is None:
        return ITEMS_PER_READ
    fits = int((maximum - _READ_FIXED_COST) // _READ_COST_PER_ITEM)
    return max(1, min(ITEMS_PER_READ, fits))


def _named(quantities: Any) -> dict[str, int]:
    if not isinstance(quantities, list):
        return {}
    return {
        str(q["name"]): int(q["quantity"])
        for q in quantities
        if isinstance(q, Mapping) and isinstance(q.get("quantity"), int)
    }
