"""Read a product sync file into products, or into every problem it has.

- **JSONL**: one product a line, as an item of ``POST /v1/products``.
- **CSV**: one row a variant, rows of a product sharing its ``handle`` (Shopify's own
  export layout). Product columns (``title``, ``description_html``, ``vendor``,
  ``product_type``, ``tags`` comma-separated, ``status``) are read from the first
  row that fills them; a later row may leave them blank or repeat them, not change
  them. Variant columns: ``sku``, ``price``, ``compare_at_price`` (a blank cell
  clears it), ``option1_name``/``option1_value`` up to ``option3_…``; option names
  come from the product's first row. A row with a SKU but no options is the
  product's only variant (option ``Title``, value ``Default Title``, as Shopify names
  it); a product whose rows have no SKU at all sends no variants.

Each product is then judged by the endpoint's rules
(:func:`shopbridge.sources.products.validate.judge_item`); a problem names the line
it comes from. A sync finds products by ``handle``: ``sku`` and ``external_id``
identities, and variant metafields (which the sync could not compare), go through
``POST /v1/products``.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Final

from shopbridge.config.schema import ShopSettings
from shopbridge.sources.products.document import StoredItem
from shopbridge.sources.products.validate import judge_item
from shopbridge.sources.verdict import FieldError
from shopbridge.types import JSONValue

from .files import Judged, Record, RowError, read_records

__all__ = ["CSV_COLUMNS", "ProductRow", "read_product_rows"]

PRODUCT_COLUMNS: Final = (
    "handle", "title", "description_html", "vendor", "product_type", "tags", "status",
)  # fmt: skip
OPTION_COLUMNS: Final = tuple(
    f"option{n}_{part}" for n in range(1, 4) for part in ("name", "value")
)
VARIANT_COLUMNS: Final = ("sku", "price", "compare_at_price", *OPTION_COLUMNS)
CSV_COLUMNS: Final = (*PRODUCT_COLUMNS, *VARIANT_COLUMNS)
JSONL_KEYS: Final = (
    *PRODUCT_COLUMNS, "options", "variants", "metafields", "version", "sku", "external_id",
)  # fmt: skip
DEFAULT_OPTION: Final = ("Title", "Default Title")


@dataclass(frozen=True, slots=True)
class ProductRow:
    """A valid product and the (first) file line it came from."""

    line: int
    item: StoredItem

    @property
    def handle(self) -> str:
        return str(self.item.get("handle"))


def read_product_rows(
    path: Path, _shop: str = "", _settings: ShopSettings | None = None
) -> Judged[ProductRow]:
    """Every valid product of ``path`` and every problem found (a product file is judged
    the same for every shop)."""
    is_csv = path.suffix.lower() == ".csv"
    read = read_records(
        path, CSV_COLUMNS if is_csv else JSONL_KEYS, blank_is_null=("compare_at_price",)
    )
    found: Judged[ProductRow] = Judged(problems=read.problems)
    groups = _by_handle(read.records, found.problems) if is_csv else _one_each(read.records)
    for group in groups:
        problems: list[FieldError] = []
        raw = _assemble(group, found.problems) if is_csv else group[0].fields
        before = len(found.problems)
        _sync_rules(group[0].line, raw, found.problems)
        item = judge_item("", raw, 0.0, problems) if len(found.problems) == before else None
        found.problems.extend(_located(problem, group, is_csv) for problem in problems)
        if item is not None:
            row = ProductRow(group[0].line, item)
            found.keep(row.line, row, row.handle, "handle", "same handle")
    return found.done()


def _one_each(records: Sequence[Record]) -> list[list[Record]]:
    return [[record] for record in records]


def _by_handle(records: Sequence[Record], problems: list[RowError]) -> list[list[Record]]:
    groups: dict[str, list[Record]] = {}
    for record in records:
        handle = record.fields.get("handle")
        if not isinstance(handle, str):
            problems.append(RowError(record.line, "handle", "required: the product's handle"))
            continue
        groups.setdefault(handle, []).append(record)
    return list(groups.values())


def _sync_rules(line: int, raw: Mapping[str, JSONValue], problems: list[RowError]) -> None:
    for key in ("sku", "external_id"):
        if raw.get(key) is not None:
            problems.append(
                RowError(line, key, "a sync finds products by handle; use POST /v1/products")
            )
    if raw.get("handle") is None:
        problems.append(RowError(line, "handle", "required: a sync finds products by handle"))
    variants = raw.get("variants")
    for index, variant in enumerate(variants if isinstance(variants, list) else ()):
        if isinstance(variant, dict) and variant.get("metafields") is not None:
            where = f"variants.{index}.metafields"
            problems.append(RowError(line, where, "not compared by a sync; use POST /v1/products"))


def _assemble(group: Sequence[Record], problems: list[RowError]) -> dict[str, JSONValue]:
    """One product item from its CSV rows."""
    item: dict[str, JSONValue] = {}
    first_line: dict[str, int] = {}
    for record in group:
        for column in PRODUCT_COLUMNS:
            value = record.fields.get(column)
            if value is None:
                continue
            if column not in item:
                item[column], first_line[column] = value, record.line
            elif item[column] != value:
                message = f"differs from line {first_line[column]} of the same product"
                problems.append(RowError(record.line, column, message))
    if isinstance(item.get("tags"), str):
        item["tags"] = [tag.strip() for tag in str(item["tags"]).split(",") if tag.strip()]
    with_variants = [record for record in group if set(VARIANT_COLUMNS) & record.fields.keys()]
    if with_variants:
        names = _option_names(group[0])
        item["options"], item["variants"] = _options_and_variants(with_variants, names)
    return item


def _option_names(first: Record) -> list[str]:
    names = [first.fields.get(f"option{n}_name") for n in range(1, 4)]
    return [str(name) for name in names if name is not None]


def _options_and_variants(
    records: Sequence[Record], names: list[str]
) -> tuple[list[JSONValue], list[JSONValue]]:
    if not names:
        names = [DEFAULT_OPTION[0]]
    values: dict[str, list[str]] = {name: [] for name in names}
    variants: list[JSONValue] = []
    for record in records:
        chosen: dict[str, JSONValue] = {}
        for index, name in enumerate(names):
            given = record.fields.get(f"option{index + 1}_value")
            value = str(given) if given is not None else None
            if value is None and names == [DEFAULT_OPTION[0]]:
                value = DEFAULT_OPTION[1]
            if value is not None:
                chosen[name] = value
                if value not in values[name]:
                    values[name].append(value)
        variant: dict[str, JSONValue] = {"option_values": chosen}
        for column in ("sku", "price", "compare_at_price"):
            if column in record.fields:
                variant[column] = record.fields[column]
        variants.append(variant)
    options: list[JSONValue] = [{"name": name, "values": list(v)} for name, v in values.items()]
    return options, variants


def _located(problem: FieldError, group: Sequence[Record], is_csv: bool) -> RowError:
    """A problem of the product, on the line (and, for a CSV variant, column) it comes from."""
    parts = problem.field.split(".")
    if is_csv and parts[0] == "variants" and len(parts) > 2 and parts[1].isdigit():
        variants = [r for r in group if set(VARIANT_COLUMNS) & r.fields.keys()]
        index = int(parts[1])
        if index < len(variants):
            return RowError(variants[index].line, ".".join(parts[2:]), problem.message)
    return RowError(group[0].line, problem.field, problem.message)
