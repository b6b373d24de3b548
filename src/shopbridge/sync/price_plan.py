"""From valid price rows to what must be sent: find each variant, read its prices, keep changes.

Reading Shopify: below the bulk threshold (rows), SKUs and variant ids are resolved by
the writer's :class:`PriceResolver` and the current prices read with
``nodes(ids:)`` (250 a call); at or above it one bulk query reads every variant's
price. A row naming a price list is compared with that list's fixed price for the
variant (``priceList.prices(originType: FIXED)``, 240 variants a call); price lists are
resolved by name or id with the resolver's cached list. Amounts compare as decimals
(``19.9`` equals ``19.90``). A row equal to Shopify is *unchanged*; a row Shopify
cannot take (unknown SKU or price list, a currency the list is not in, the same
variant twice) is *skipped* with the reason.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents
from shopbridge.shopify.writer.price_resolve import PriceList, PriceResolver, Variant

from .outcome import Plan
from .price_rows import PriceRow
from .run import Options, read_in_bulk

__all__ = ["IDS_PER_READ", "PlannedPrice", "make_price_plan"]

IDS_PER_READ: Final = 250
FIXED_PER_READ: Final = 240  # documented cost 3 + 240 x 4 = 963, under the 1,000 limit

Prices = tuple[str | None, str | None]  # (price, compare-at price) as Shopify has them


@dataclass(frozen=True, slots=True)
class PlannedPrice:
    """One price to set, where, and what Shopify had when read."""

    row: PriceRow
    variant: Variant
    current: Prices
    price_list: PriceList | None = None

    @property
    def line(self) -> int:
        return self.row.line

    def summary(self) -> tuple[str, str, str]:
        change = self.row.change
        what = change.sku or self.variant.variant_id
        if self.price_list is not None:
            what += f" in {self.price_list.name}"
        keeps_compare = not change.sets_compare_at and self.price_list is None
        wanted = _shown((change.price, change.compare_at_price), keeps_compare)
        return what, _shown(self.current), wanted


def _shown(prices: Prices, keeps_compare: bool = False) -> str:
    price, compare = prices
    return f"{price or 'kept'} (compare at {'kept' if keeps_compare else compare or '—'})"


async def make_price_plan(
    client: AdminClient, rows: Sequence[PriceRow], options: Options
) -> Plan[PlannedPrice]:
    """Find the variants of ``rows``, read their prices, and keep the rows that differ."""
    plan: Plan[PlannedPrice] = Plan(rows=len(rows))
    resolver = PriceResolver(client)
    if options.reads_in_bulk(len(rows)):
        found = await _read_all(client, rows, options)
    else:
        found = await _read_some(client, resolver, rows, options)
    first_line: dict[tuple[str, str | None], int] = {}
    fixed: list[tuple[PriceRow, Variant, PriceList]] = []
    for row, variant in zip(rows, found, strict=True):
        if isinstance(variant, str):
            plan.skip(row.line, variant)
            continue
        change = row.change
        first = first_line.setdefault((variant[0].variant_id, change.price_list), row.line)
        if first != row.line:
            plan.skip(row.line, f"same variant as line {first}")
        elif change.price_list is None:
            _compare(plan, PlannedPrice(row, variant[0], variant[1]))
        else:
            price_list = await resolver.price_list(change.price_list)
            if isinstance(price_list, str):
                plan.skip(row.line, price_list)
            elif price_list.currency != change.currency:
                why = f"the price list '{price_list.name}' is in {price_list.currency}"
                plan.skip(row.line, why)
            else:
                fixed.append((row, variant[0], price_list))
    current = await _fixed_prices(client, fixed, options)
    for row, listed, price_list in fixed:
        now = current.get((price_list.id, listed.variant_id), (None, None))
        _compare(plan, PlannedPrice(row, listed, now, price_list))
    return plan


def _compare(plan: Plan[PlannedPrice], planned: PlannedPrice) -> None:
    change = planned.row.change
    price, compare = planned.current
    same_price = change.price is None or _same(change.price, price)
    wants_compare = change.sets_compare_at or planned.price_list is not None
    same_compare = not wants_compare or _same(change.compare_at_price, compare)
    if same_price and same_compare:
        plan.unchanged += 1
    else:
        plan.changes.append(planned)


def _same(wanted: str | None, current: str | None) -> bool:
    if wanted is None or current is None:
        return wanted is None and current is None
    return Decimal(wanted) == Decimal(current)


Found = tuple[Variant, Prices] | str


async def _read_some(
    client: AdminClient, resolver: PriceResolver, rows: Sequence[PriceRow], options: Options
) -> list[Found]:
    """Resolve with the writer's lookups, then read the variants' own prices by id."""
    variants = await resolver.variants([row.change for row in rows])
    own = (v for row, v in zip(rows, variants, strict=True) if row.change.price_list is None)
    ids = list(dict.fromkeys(v.variant_id for v in own if isinstance(v, Variant)))
    prices: dict[str, Prices] = {}
    for start in range(0, len(ids), IDS_PER_READ):
        batch = ids[start : start + IDS_PER_READ]
        result = await client.execute(documents.VARIANT_PRICES_BY_ID, {"ids": batch})
        nodes = result.data.get("nodes")
        for node in nodes if isinstance(nodes, list) else ():
            if isinstance(node, dict) and isinstance(node.get("id"), str):
                prices[node["id"]] = _prices(node)
        if options.hooks.read is not None:
            options.hooks.read(len(batch))
    return [
        v if isinstance(v, str) else (v, prices.get(v.variant_id, (None, None))) for v in variants
    ]


async def _read_all(client: AdminClient, rows: Sequence[PriceRow], options: Options) -> list[Found]:
    """One bulk query of every variant, then each row's variant by SKU or id."""
    by_sku: dict[str, list[tuple[Variant, Prices]]] = {}
    by_id: dict[str, tuple[Variant, Prices]] = {}
    for node in await read_in_bulk(client, documents.BULK_VARIANT_PRICES, options):
        product = node.get("product")
        if not isinstance(node.get("id"), str) or not isinstance(product, Mapping):
            continue
        found = (Variant(node["id"], str(product.get("id"))), _prices(node))
        by_id[node["id"]] = found
        if isinstance(node.get("sku"), str):
            by_sku.setdefault(node["sku"], []).append(found)
    if options.hooks.read is not None:
        options.hooks.read(len(rows))
    return [_one(row, by_sku, by_id) for row in rows]


def _one(
    row: PriceRow,
    by_sku: Mapping[str, list[tuple[Variant, Prices]]],
    by_id: Mapping[str, tuple[Variant, Prices]],
) -> Found:
    change = row.change
    if change.variant_id is not None:
        return by_id.get(change.variant_id) or (
            f"unknown variant '{change.variant_id}': no variant in Shopify has that id"
        )
    matches = by_sku.get(change.sku or "", [])
    if len(matches) == 1:
        return matches[0]
    if not matches:
        return f"unknown SKU '{change.sku}': no variant in Shopify has it"
    return f"SKU '{change.sku}' belongs to {len(matches)} variants; send variant_id instead"


async def _fixed_prices(
    client: AdminClient, fixed: Sequence[tuple[PriceRow, Variant, PriceList]], options: Options
) -> dict[tuple[str, str], Prices]:
    """Each list's fixed price for the variants asked about; one page holds them all, since
    a variant has at most one fixed price in a list."""
    wanted: dict[str, list[str]] = {}
    for _, variant, price_list in fixed:
        wanted.setdefault(price_list.id, []).append(variant.variant_id)
    found: dict[tuple[str, str], Prices] = {}
    for list_id, variant_ids in wanted.items():
        for start in range(0, len(variant_ids), FIXED_PER_READ):
            batch = variant_ids[start : start + FIXED_PER_READ]
            query = " OR ".join(f"variant_id:{gid.rsplit('/', 1)[-1]}" for gid in batch)
            result = await client.execute(
                documents.PRICE_LIST_FIXED_PRICES,
                {"id": list_id, "query": query, "first": len(batch), "after": None},
            )
            prices = result.payload.get("prices")
            for node in connection_nodes(prices if isinstance(prices, Mapping) else {}):
                priced = node.get("variant")
                if isinstance(priced, Mapping):
                    found[(list_id, str(priced.get("id")))] = _money_pair(node)
            if options.hooks.read is not None:
                options.hooks.read(len(batch))
    return found


def _prices(node: Mapping[str, Any]) -> Prices:
    price, compare = node.get("price"), node.get("compareAtPrice")
    return (
        price if isinstance(price, str) else None,
        compare if isinstance(compare, str) else None,
    )


def _money_pair(node: Mapping[str, Any]) -> Prices:
    def amount(value: Any) -> str | None:
        return str(value["amount"]) if isinstance(value, Mapping) and "amount" in value else None

    return amount(node.get("price")), amount(node.get("compareAtPrice"))
