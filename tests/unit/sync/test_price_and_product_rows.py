"""Reading price and product sync files: the endpoints' rules, every problem on its line."""

from __future__ import annotations

import json
from pathlib import Path

from shopbridge.config.schema import ShopSettings
from shopbridge.sync.price_rows import read_price_rows
from shopbridge.sync.product_rows import read_product_rows

SETTINGS = ShopSettings(domain="acme.myshopify.com", webhook_secret="s", access_token="t")


def _file(tmp_path: Path, name: str, text: str) -> Path:
    file = tmp_path / name
    file.write_text(text)
    return file


def test_price_rows_keep_their_line_and_a_blank_compare_at_cell_clears_it(
    tmp_path: Path,
) -> None:
    file = _file(
        tmp_path,
        "p.csv",
        "sku,variant_id,price,compare_at_price,price_list,currency\n"
        "A-1,,19.99,,,\n"
        ",42,5.00,6.00,Europe,EUR\n",
    )
    found = read_price_rows(file, "acme", SETTINGS)
    assert found.problems == []
    first, second = found.rows
    assert (first.line, first.change.price, first.change.sets_compare_at) == (2, "19.99", True)
    assert first.change.compare_at_price is None
    assert (second.change.variant_id, second.change.price_list) == (
        "gid://shopify/ProductVariant/42",
        "Europe",
    )
    kept = read_price_rows(_file(tmp_path, "k.csv", "sku,price\nA-1,1.00\n"), "acme", SETTINGS)
    assert kept.rows[0].change.sets_compare_at is False


def test_bad_price_rows_are_reported_with_file_line_and_field(tmp_path: Path) -> None:
    file = _file(
        tmp_path,
        "p.jsonl",
        "\n".join(
            json.dumps(row)
            for row in [
                {"sku": "A-1", "price": 19.99},
                {"sku": "A-2", "price": "1.00", "currency": "EUR"},
                {"sku": "A-3", "price": "1.00"},
                {"sku": "A-3", "price": "2.00"},
                {"sku": "A-4", "cost": "1.00"},
            ]
        ),
    )
    found = read_price_rows(file, "acme", SETTINGS)
    assert [problem.format(file) for problem in found.problems] == [
        f"{file}:1: price: must be a decimal string such as '19.99' (0 or more, up to 4 decimals)",
        f"{file}:2: currency: only with price_list",
        f"{file}:4: sku: same variant as line 3",
        f"{file}:5: cost: unknown field",
    ]


def test_product_csv_rows_group_by_handle_into_options_and_variants(tmp_path: Path) -> None:
    file = _file(
        tmp_path,
        "p.csv",
        "handle,title,status,option1_name,option1_value,option2_name,option2_value,sku,price\n"
        "tee,Tee,ACTIVE,Size,S,Colour,Red,T-S-R,5.00\n"
        "tee,,,,M,,Red,T-M-R,6.00\n"
        "mug,Mug,DRAFT,,,,,,\n",
    )
    found = read_product_rows(file)
    assert found.problems == []
    tee, mug = (row.item for row in found.rows)
    assert tee["options"] == [
        {"name": "Size", "values": ["S", "M"]},
        {"name": "Colour", "values": ["Red"]},
    ]
    assert [v["option_values"] for v in tee["variants"]] == [
        {"Size": "S", "Colour": "Red"},
        {"Size": "M", "Colour": "Red"},
    ]
    assert mug == {"handle": "mug", "title": "Mug", "status": "DRAFT", "version": 0.0}


def test_product_problems_name_the_line_of_the_variant_or_the_product(tmp_path: Path) -> None:
    file = _file(
        tmp_path,
        "p.csv",
        "handle,title,option1_name,option1_value,sku,price\n"
        "tee,Tee,Size,S,T-S,5.00\n"
        "tee,Other,,M,T-M,cheap\n"
        "Bad Handle,X,,,B-1,1.00\n",
    )
    found = read_product_rows(file)
    amount = "must be a decimal string such as '19.99' (0 or more, up to 4 decimals)"
    assert [problem.format(file) for problem in found.problems] == [
        f"{file}:3: title: differs from line 2 of the same product",
        f"{file}:3: price: {amount}",
        f"{file}:4: handle: String should match pattern '^[a-z0-9][a-z0-9_-]*$'",
    ]
    file = _file(tmp_path, "q.csv", "handle,title,sku,price\ntee,Tee,T-1,cheap\n")
    assert [problem.format(file) for problem in read_product_rows(file).problems] == [
        f"{file}:2: price: {amount}"
    ]


def test_a_product_sync_finds_products_by_handle_only(tmp_path: Path) -> None:
    items = [
        {"sku": "T-1", "title": "Tee"},
        {"handle": "tee", "external_id": {"namespace": "erp", "key": "id", "value": "1"}},
        {"handle": "mug"},
        {"handle": "mug", "title": "Again"},
    ]
    file = _file(tmp_path, "p.jsonl", "".join(json.dumps(item) + "\n" for item in items))
    assert [problem.format(file) for problem in read_product_rows(file).problems] == [
        f"{file}:1: sku: a sync finds products by handle; use POST /v1/products",
        f"{file}:1: handle: required: a sync finds products by handle",
        f"{file}:2: external_id: a sync finds products by handle; use POST /v1/products",
        f"{file}:4: handle: same handle as line 3",
    ]
