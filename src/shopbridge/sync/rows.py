"""Read a stock sync file (CSV or JSONL) into inventory changes, or into every problem it has.

Each record (:mod:`.files`) is judged by the same rules as an item of
``POST /v1/inventory`` (:func:`shopbridge.sources.inventory.validate.normalize`), so a
file row and an API item are refused for the same reasons. Columns (CSV header or
JSONL keys): ``sku`` or ``inventory_item_id``, ``location`` or ``location_id``,
``quantity``, and optionally ``name`` (``available`` or ``on_hand``; the command's
``--name`` otherwise). A file is all or nothing: one bad row and nothing is sent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from shopbridge.config.schema import ShopSettings
from shopbridge.shopify.writer.changes import InventoryChange
from shopbridge.sources.inventory.validate import normalize
from shopbridge.types import JSONValue

from .files import Judged, Record, endpoint_items, read_records

__all__ = ["COLUMNS", "Row", "Rows", "read_rows"]

COLUMNS: Final = ("sku", "inventory_item_id", "location", "location_id", "name", "quantity")
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")


@dataclass(frozen=True, slots=True)
class Row:
    """A valid row and the file line it came from (1-based)."""

    line: int
    change: InventoryChange


Rows = Judged[Row]


def read_rows(
    path: Path, shop: str, settings: ShopSettings, default_name: str = "available"
) -> Rows:
    """Every valid row of ``path`` and every problem found (``rows`` is useless if any)."""
    read = read_records(path, COLUMNS, required=("quantity",), cell=_cell)
    found = Rows(problems=read.problems)
    named = [_named(record, default_name) for record in read.records]
    for line, stored in endpoint_items(named, normalize, shop, settings, found.problems):
        change = InventoryChange(
            stored["sku"],
            stored["inventory_item_id"],
            stored["location"],
            stored["location_id"],
            stored["name"],
            stored["quantity"],
            0.0,
        )
        which = "sku" if change.sku is not None else "inventory_item_id"
        found.keep(line, Row(line, change), change.key, which, "same item, location and name")
    return found.done()


def _named(record: Record, default_name: str) -> Record:
    """The record with the command's ``--name`` where it names none (or null)."""
    if record.fields.get("name") is not None:
        return record
    return Record(record.line, {**record.fields, "name": default_name})


def _cell(name: str, cell: str) -> JSONValue:
    """A whole-number quantity becomes a number; anything else stays text so that the
    model names what is wrong with it."""
    value = cell.strip()
    return int(value) if name == "quantity" and _INTEGER.fullmatch(value) else value
