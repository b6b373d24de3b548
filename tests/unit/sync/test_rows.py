"""Reading sync files: CSV and JSONL rows, every bad row reported with its line."""

from __future__ import annotations

from pathlib import Path

from shopbridge.config.schema import ShopSettings
from shopbridge.sync import Rows, read_rows

SETTINGS = ShopSettings(domain="acme.myshopify.com", webhook_secret="s", access_token="t")


def _read(tmp_path: Path, name: str, text: str, default: str = "available") -> Rows:
    file = tmp_path / name
    file.write_text(text)
    return read_rows(file, "acme", SETTINGS, default)


def _problems(found: Rows, file: Path) -> list[str]:
    return [problem.format(file) for problem in found.problems]


def test_csv_rows_become_changes_with_their_lines(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        "s.csv",
        "sku,location,quantity,name,inventory_item_id,location_id\n"
        "A-1,Main,5,,,\n"
        "\n"
        ",,0,on_hand,123,gid://shopify/Location/9\n",
    )
    assert found.problems == []
    [first, second] = found.rows
    assert (first.line, first.change.sku, first.change.name, first.change.quantity) == (
        2,
        "A-1",
        "available",
        5,
    )
    assert second.line == 4
    assert second.change.inventory_item_id == "gid://shopify/InventoryItem/123"
    assert (second.change.location_id, second.change.name) == (
        "gid://shopify/Location/9",
        "on_hand",
    )


def test_every_bad_csv_row_is_reported_with_file_line_and_field(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        "s.csv",
        "sku,location,quantity\nA-1,Main,-1\nA-2,,3\nA-3,Main,lots\nA-1,Main,4\nA-4,Main\n",
    )
    file = tmp_path / "s.csv"
    assert _problems(found, file) == [
        f"{file}:2: quantity: Input should be greater than or equal to 0",
        f"{file}:3: location: required: give location or location_id",
        f"{file}:4: quantity: Input should be a valid integer",
        f"{file}:6: has 2 cells, the header has 3",
    ]


def test_a_repeated_item_and_location_is_refused(tmp_path: Path) -> None:
    found = _read(tmp_path, "s.csv", "sku,location,quantity\nA-1,Main,1\nA-1,Main,2\n")
    assert _problems(found, tmp_path / "s.csv") == [
        f"{tmp_path / 's.csv'}:3: sku: same item, location and name as line 2"
    ]


def test_unknown_csv_columns_are_named_at_line_one(tmp_path: Path) -> None:
    found = _read(tmp_path, "s.csv", "sku,location,qty\nA-1,Main,1\n")
    file = tmp_path / "s.csv"
    assert [p.format(file) for p in found.problems][:1] == [
        f"{file}:1: qty: unknown column; known: sku, inventory_item_id, location, location_id, "
        "name, quantity"
    ]
    assert f"{file}:1: quantity: required column" in _problems(found, file)


def test_jsonl_rows_and_their_problems(tmp_path: Path) -> None:
    found = _read(
        tmp_path,
        "s.jsonl",
        '{"sku": "A-1", "location": "Main", "quantity": 3}\n'
        "\n"
        "not json\n"
        '{"sku": "A-2", "inventory_item_id": 5, "location": "Main", "quantity": 1}\n'
        '{"sku": "A-3", "location": "Main", "quantity": "3", "name": "committed"}\n'
        '{"sku": "A-4", "location": "Main", "quantity": 1, "shop": "other"}\n'
        "[1]\n",
        default="on_hand",
    )
    file = tmp_path / "s.jsonl"
    problems = _problems(found, file)
    assert problems[0].startswith(f"{file}:3: not valid JSON")
    assert problems[1:] == [
        f"{file}:4: sku: give sku or inventory_item_id, not both",
        f"{file}:5: name: Input should be 'available' or 'on_hand'",
        f"{file}:5: quantity: Input should be a valid integer",
        f"{file}:6: shop: unknown field",
        f"{file}:7: must be a JSON object",
    ]
    assert [(r.line, r.change.name) for r in found.rows] == [(1, "on_hand")]


def test_a_file_of_another_format_or_empty_is_refused(tmp_path: Path) -> None:
    assert _problems(_read(tmp_path, "s.txt", "x"), tmp_path / "s.txt") == [
        f"{tmp_path / 's.txt'}: unknown format: name the file .csv or .jsonl"
    ]
    assert _problems(_read(tmp_path, "e.csv", "sku,location,quantity\n"), tmp_path / "e.csv") == [
        f"{tmp_path / 'e.csv'}: the file has no rows"
    ]
