"""Read a price sync file (CSV or JSONL) into price changes, or into every problem it has.

Each record is judged by the same rules as an item of ``POST /v1/prices``
(:func:`shopbridge.sources.prices.validate.normalize`). Columns: ``sku`` or
``variant_id``, ``price``, ``compare_at_price``, and for a fixed price in a price list
``price_list`` and ``currency``. In a CSV, a blank ``compare_at_price`` cell clears
the compare-at price (leave the column out to keep Shopify's); in JSONL, ``null``
clears it and an absent key keeps it. One variant (and price list) once per file.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Final

from shopbridge.config.schema import ShopSettings
from shopbridge.shopify.writer.price_changes import PriceChange
from shopbridge.sources.prices.validate import normalize

from .files import Judged, endpoint_items, read_records

__all__ = ["COLUMNS", "PriceRow", "read_price_rows"]

COLUMNS: Final = ("sku", "variant_id", "price", "compare_at_price", "price_list", "currency")


@dataclass(frozen=True, slots=True)
class PriceRow:
    """A valid row and the file line it came from (1-based)."""

    line: int
    change: PriceChange


def read_price_rows(path: Path, shop: str, settings: ShopSettings) -> Judged[PriceRow]:
    """Every valid row of ``path`` and every problem found."""
    read = read_records(path, COLUMNS, blank_is_null=("compare_at_price",))
    found: Judged[PriceRow] = Judged(problems=read.problems)
    for line, stored in endpoint_items(read.records, normalize, shop, settings, found.problems):
        change = PriceChange(
            stored["sku"],
            stored["variant_id"],
            stored["price"],
            stored.get("compare_at_price"),
            "compare_at_price" in stored,
            stored["price_list"],
            stored["currency"],
            0.0,
        )
        column = "sku" if change.sku is not None else "variant_id"
        what = "same variant and price list" if change.price_list else "same variant"
        found.keep(line, PriceRow(line, change), change.key, column, what)
    return found.done()
