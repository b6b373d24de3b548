"""``sync_inventory``: plan a stock file against the shop, then send what differs.

Reading order: :mod:`.rows` (the file, judged row by row), :mod:`.plan` (resolve,
read Shopify's quantities, keep what differs), :mod:`.direct` (the calls), then the
shared run (:mod:`.run`): the direct path below ``bulk_threshold`` changes, one bulk
mutation at or above it (:mod:`.bulk`), nothing after the plan on a dry run.
"""

from __future__ import annotations

import uuid
from collections.abc import Sequence

from shopbridge.shopify.admin import AdminClient

from .direct import inventory_calls
from .outcome import Report
from .plan import Planned, make_plan
from .rows import Row
from .run import Options, run_calls

__all__ = ["sync_inventory"]


async def sync_inventory(
    client: AdminClient, rows: Sequence[Row], options: Options | None = None
) -> Report[Planned]:
    """Plan ``rows`` against the shop and, unless a dry run, send what differs."""
    options = options or Options()
    calls = inventory_calls(f"gid://shopbridge/InventorySync/{uuid.uuid4()}")
    return await run_calls(
        client,
        lambda: make_plan(client, rows, on_read=options.hooks.read),
        calls,
        "shopbridge-inventory-sync",
        options,
    )
