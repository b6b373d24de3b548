"""``sync_prices``: plan a price file against the shop, then send what differs.

Reading order: :mod:`.price_rows` (the file), :mod:`.price_plan` (find the variants,
read their prices, keep what differs), :mod:`.price_send` (the calls). Variant prices
go on the path their count calls for (direct below ``bulk_threshold`` changes, one
bulk mutation of ``productVariantsBulkUpdate`` at or above it); fixed prices in price
lists always go on the direct path.
"""

from __future__ import annotations

from collections.abc import Sequence

from shopbridge.shopify.admin import AdminClient

from .outcome import Report, Sent
from .price_plan import PlannedPrice, make_price_plan
from .price_rows import PriceRow
from .price_send import FIXED_PRICE_CALLS, OWN_PRICE_CALLS
from .run import Options, Send, Senders, run_sync, senders

__all__ = ["sync_prices"]

BULK_NAME = "shopbridge-price-sync"


async def sync_prices(
    client: AdminClient, rows: Sequence[PriceRow], options: Options | None = None
) -> Report[PlannedPrice]:
    """Plan ``rows`` against the shop and, unless a dry run, send what differs."""
    options = options or Options()
    own = senders(client, OWN_PRICE_CALLS, BULK_NAME, options)
    fixed = senders(client, FIXED_PRICE_CALLS, BULK_NAME, options)

    async def direct(changes: Sequence[PlannedPrice]) -> Sent[PlannedPrice]:
        return await _both(changes, (own.direct, _own(changes)), (fixed.direct, _fixed(changes)))

    async def in_bulk(changes: Sequence[PlannedPrice]) -> Sent[PlannedPrice]:
        return await _both(changes, (own.bulk, _own(changes)), (fixed.direct, _fixed(changes)))

    return await run_sync(
        client,
        lambda: make_price_plan(client, rows, options),
        Senders(direct, in_bulk),
        options,
        bulk_size=lambda changes: len(_own(changes)),
    )


def _own(changes: Sequence[PlannedPrice]) -> list[PlannedPrice]:
    return [planned for planned in changes if planned.price_list is None]


def _fixed(changes: Sequence[PlannedPrice]) -> list[PlannedPrice]:
    return [planned for planned in changes if planned.price_list is not None]


async def _both(
    changes: Sequence[PlannedPrice], *parts: tuple[Send[PlannedPrice], list[PlannedPrice]]
) -> Sent[PlannedPrice]:
    """Own prices, then fixed prices (each only if there are any), counted as one."""
    total: Sent[PlannedPrice] = Sent(sent=len(changes))
    for send, part in parts:
        if part:
            total.add(await send(part))
    return total
