"""Read a sync file, CSV with a header or JSONL, into raw records or the problems it has.

Every kind of sync (inventory, prices, products) reads its file here and then judges
each record by the same rules as its API endpoint. A record keeps the 1-based line it
came from, so every problem and every result names ``FILE:LINE``. CSV cells are
text; ``cell`` may turn a column's text into something else (a whole number for a
quantity) and blank cells are left out, as if the field were absent, unless the
column is in ``blank_is_null`` (then a blank cell is ``null``). A JSONL line is one
object, as the endpoint's item.
"""

from __future__ import annotations

import csv
import json
from collections.abc import Callable, Collection, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Final, Generic, TypeVar

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

__all__ = [
    "FORMATS",
    "Judged",
    "Record",
    "Records",
    "RowError",
    "endpoint_items",
    "json_lines",
    "read_records",
    "text_cell",
]

FORMATS: Final = {".csv": "csv", ".jsonl": "jsonl", ".ndjson": "jsonl"}

Cell = Callable[[str, str], JSONValue]
R = TypeVar("R")
# An endpoint's ``normalize``: the stored document, or every problem of the request.
Normalize = Callable[
    [JSONValue, Mapping[str, ShopSettings], float], Mapping[str, Any] | list[FieldError]
]


@dataclass(frozen=True, slots=True)
class RowError:
    """One problem, printed as ``FILE:LINE: field: message`` (line 0: the whole file)."""

    line: int
    field: str
    message: str

    def format(self, path: Path) -> str:
        where = f"{path}:{self.line}" if self.line else str(path)
        return (
            f"{where}: {self.field}: {self.message}" if self.field else f"{where}: {self.message}"
        )


@dataclass(frozen=True, slots=True)
class Record:
    """One row or line as read, before it is judged."""

    line: int
    fields: dict[str, JSONValue]


@dataclass(slots=True)
class Records:
    kind: str = "csv"
    records: list[Record] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)


@dataclass(slots=True)
class Judged(Generic[R]):
    """A file's valid rows and every problem (the rows are useless if there is any)."""

    rows: list[R] = field(default_factory=list)
    problems: list[RowError] = field(default_factory=list)
    _first: dict[str, int] = field(default_factory=dict)

    def keep(self, line: int, row: R, key: str, column: str, what: str) -> None:
        """Keep ``row`` unless an earlier row has the same ``key`` (then: "``what`` as line N")."""
        first = self._first.setdefault(key, line)
        if first == line:
            self.rows.append(row)
        else:
            self.problems.append(RowError(line, column, f"{what} as line {first}"))

    def done(self) -> Judged[R]:
        self.problems.sort(key=lambda problem: problem.line)
        return self


def endpoint_items(
    records: Iterable[Record], normalize: Normalize, shop: str, settings: ShopSettings,
    problems: list[RowError],
) -> Iterator[tuple[int, Any]]:  # fmt: skip
    """Each record judged as one item of its endpoint (``normalize``): the stored item with
    its line, or its problems added on that line."""
    for record in records:
        judged = normalize({**record.fields, "shop": shop}, {shop: settings}, 0.0)
        if isinstance(judged, list):
            problems.extend(RowError(record.line, p.field, p.message) for p in judged)
        else:
            yield record.line, judged["items"][0]


def json_lines(text: str) -> Iterator[tuple[int, str, Any]]:
    """``(line number, text, value)`` of each non-blank line; the value is the
    ``ValueError`` when the line is not JSON."""
    for number, raw in enumerate(text.splitlines(), start=1):
        if not raw.strip():
            continue
        try:
            yield number, raw, json.loads(raw)
        except ValueError as exc:
            yield number, raw, exc


def text_cell(_column: str, cell: str) -> JSONValue:
    return cell.strip()


def read_records(
    path: Path,
    columns: Collection[str],
    *,
    required: Collection[str] = (),
    cell: Cell = text_cell,
    blank_is_null: Collection[str] = (),
) -> Records:
    """Every record of ``path`` whose keys are all in ``columns``, and every problem.

    ``required`` columns must be in a CSV header (a JSONL line missing one is left
    for the kind's own rules to name).
    """
    found = Records()
    kind = FORMATS.get(path.suffix.lower())
    if kind is None:
        found.problems.append(RowError(0, "", "unknown format: name the file .csv or .jsonl"))
        return found
    found.kind = kind
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        found.problems.append(RowError(0, "", f"cannot read the file: {exc}"))
        return found
    if kind == "csv":
        rows = _csv(text, columns, required, cell, blank_is_null, found.problems)
    else:
        rows = _jsonl(text, found.problems)
    for line, raw in rows:
        unknown = [key for key in raw if key not in columns]
        found.problems.extend(RowError(line, key, "unknown field") for key in unknown)
        if not unknown:
            found.records.append(Record(line, raw))
    if not found.records and not found.problems:
        found.problems.append(RowError(0, "", "the file has no rows"))
    return found


def _csv(
    text: str,
    columns: Collection[str],
    required: Collection[str],
    cell: Cell,
    blank_is_null: Collection[str],
    problems: list[RowError],
) -> Iterator[tuple[int, dict[str, JSONValue]]]:
    reader = csv.reader(text.splitlines())
    header = next(reader, None)
    if header is None:
        return
    names = [name.strip() for name in header]
    for name in names:
        if name not in columns:
            known = ", ".join(columns)
            problems.append(RowError(1, name or "(blank)", f"unknown column; known: {known}"))
    problems.extend(RowError(1, name, "required column") for name in required if name not in names)
    if problems:
        return
    for cells in reader:
        line = reader.line_num
        if not any(value.strip() for value in cells):
            continue
        if len(cells) != len(names):
            problems.append(
                RowError(line, "", f"has {len(cells)} cells, the header has {len(names)}")
            )
            continue
        yield line, _row(names, cells, cell, blank_is_null)


def _row(
    names: list[str], cells: list[str], cell: Cell, blank_is_null: Collection[str]
) -> dict[str, JSONValue]:
    row: dict[str, JSONValue] = {}
    for name, value in zip(names, cells, strict=True):
        if value.strip():
            row[name] = cell(name, value)
        elif name in blank_is_null:
            row[name] = None
    return row


def _jsonl(text: str, problems: list[RowError]) -> Iterator[tuple[int, dict[str, JSONValue]]]:
    for number, _raw, parsed in json_lines(text):
        if isinstance(parsed, ValueError):
            problems.append(RowError(number, "", f"not valid JSON: {parsed}"))
        elif not isinstance(parsed, dict):
            problems.append(RowError(number, "", "must be a JSON object"))
        else:
            yield number, parsed
