"""Read a sync file (CSV or JSONL) into inventory changes, or into every problem it has.

Each row is judged by the same rules as an item of ``POST /v1/inventory``
(:func:`shopbridge.sources.inventory.validate.normalize`), so a file row and an API
item are refused for the same reasons. Columns (CSV header or JSONL keys): ``sku`` or
``inventory_item_id``, ``location`` or ``location_id``, ``quantity``, and optionally
``name`` (``available`` or ``on_hand``; the command's ``--name`` otherwise). A file
is all or nothing: one bad row and nothing is sent.
"""

from __future__ import annotations

import csv
import json
import re
from collections.abc import Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Final

from shopbridge.config.schema import ShopSettings
from shopbridge.shopify.writer.changes import InventoryChange
from shopbridge.sources.inventory.validate import normalize
from shopbridge.types import JSONValue

__all__ = ["COLUMNS", "Row", "RowError", "Rows", "read_rows"]

COLUMNS: Final = ("sku", "inventory_item_id", "location", "location_id", "name", "quantity")
_INTEGER: Final = re.compile(r"[+-]?[0-9]+")
_FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}


@dataclass(frozen=True, slots=True)
class Row:
    """A valid row and the file line it came from (1-based)."""

    line: int
    change: InventoryChange


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem, printed as ``FILE:LINE: field: message``."""

    line: int
    field: str
    message: str

    def format(self, path: Path) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(slots=True)
class Rows:
    rows: list[Row] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)


def read_rows(path: Path, shop: str, settings: ShopSettings, default_name: str) -> Rows:
    """Every valid row of ``path`` and every problem found (``rows`` is useless if any)."""
    found = Rows()
    kind = _FORMATS.get(path.suffix.lower())
    if kind is None:
        found.problems.append(RowError(0, "", "unknown format: name the file .csv or .jsonl"))
        return found
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        found.problems.append(RowError(0, "", f"cannot read the file: {exc}"))
        return found
    raw_rows = _csv(text, found.problems) if kind == "csv" else _jsonl(text, found.problems)
    shops = {shop: settings}
    seen: dict[str, int] = {}
    for line, raw in raw_rows:
        unknown = [key for key in raw if key not in COLUMNS]
        for key in unknown:
            found.problems.append(RowError(line, key, "unknown field"))
        if unknown:
            continue
        item: dict[str, JSONValue] = {"name": default_name, **raw, "shop": shop}
        if item["name"] is None:
            item["name"] = default_name
        judged = normalize(item, shops, 0.0)
        if isinstance(judged, list):
            found.problems.extend(RowError(line, p.field, p.message) for p in judged)
            continue
        stored = judged["items"][0]
        change = InventoryChange(
            stored["sku"],
            stored["inventory_item_id"],
            stored["location"],
            stored["location_id"],
            stored["name"],
            stored["quantity"],
            0.0,
        )
        first = seen.setdefault(change.key, line)
        if first != line:
            which = "sku" if change.sku is not None else "inventory_item_id"
            found.problems.append(
                RowError(line, which, f"same item, location and name as line {first}")
            )
            continue
        found.rows.append(Row(line, change))
    if not found.rows and not found.problems:
        found.problems.append(RowError(0, "", "the file has no rows"))
    return found


def _csv(text: str, problems: list[RowError]) -> Iterator[tuple[int, dict[str, JSONValue]]]:
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        return
    columns = [name.strip() for name in header]
    for name in columns:
        if name not in COLUMNS:
            problems.append(
                RowError(1, name or "(blank)", f"unknown column; known: {', '.join(COLUMNS)}")
            )
    if "quantity" not in columns:
        problems.append(RowError(1, "quantity", "required column"))
    if problems:
        return
    for cells in reader:
        line = reader.line_num
        if not any(cell.strip() for cell in cells):
            continue
        if len(cells) != len(columns):
            problems.append(
                RowError(line, "", f"has {len(cells)} cells, the header has {len(columns)}")
            )
            continue
        yield (
            line,
            {
                name: _cell(name, cell)
                for name, cell in zip(columns, cells, strict=True)
                if cell.strip()
            },
        )


def _cell(name: str, cell: str) -> JSONValue:
    """CSV cells are text: a whole-number quantity becomes a number, anything else stays
    text so that the model names what is wrong with it."""
    value = cell.strip()
    return int(value) if name == "quantity" and _INTEGER.fullmatch(value) else value


def _jsonl(text: str, problems: list[RowError]) -> Iterator[tuple[int, Mapping[str, JSONValue]]]:
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            parsed = json.loads(raw)
        except ValueError as exc:
            problems.append(RowError(number, "", f"not valid JSON: {exc}"))
            continue
        if not isinstance(parsed, dict):
            problems.append(RowError(number, "", "must be a JSON object"))
            continue
        yield number, parsed
