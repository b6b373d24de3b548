"""``shopbridge sync inventory|prices|products``: bad files and options stop before anything is
sent."""

from __future__ import annotations

from pathlib import Path

from typer.testing import CliRunner

from shopbridge.cli import cli

CONFIG = """
shops:
  acme:
    domain: acme.myshopify.com
    webhook_secret: s
    access_token: t
    admin_api_url: http://127.0.0.1:9
"""


def _invoke(tmp_path: Path, *args: str) -> tuple[int, str]:
    return _invoke_kind(tmp_path, "inventory", *args)


def _invoke_kind(tmp_path: Path, kind: str, *args: str) -> tuple[int, str]:
    config = tmp_path / "shopbridge.yaml"
    config.write_text(CONFIG)
    result = CliRunner().invoke(cli, ["sync", kind, *args, "--config", str(config)])
    return result.exit_code, result.output


def test_a_bad_row_exits_2_naming_file_line_and_field(tmp_path: Path) -> None:
    file = tmp_path / "stock.csv"
    file.write_text("sku,location,quantity\nA-1,Main,x\n")
    code, output = _invoke(tmp_path, str(file))
    assert code == 2
    assert f"{file}:2: quantity: Input should be a valid integer\n" in output
    assert "nothing was sent" in output


def test_an_unknown_shop_or_name_exits_2(tmp_path: Path) -> None:
    file = tmp_path / "stock.csv"
    file.write_text("sku,location,quantity\nA-1,Main,1\n")
    code, output = _invoke(tmp_path, str(file), "--shop", "nope")
    assert (code, "--shop: unknown shop 'nope'" in output) == (2, True)
    code, output = _invoke(tmp_path, str(file), "--name", "committed")
    assert (code, "--name: must be available or on_hand" in output) == (2, True)


def test_a_bad_price_or_product_file_exits_2_naming_every_line(tmp_path: Path) -> None:
    prices = tmp_path / "prices.csv"
    prices.write_text("sku,price,colour\nA-1,1.00,red\n")
    code, output = _invoke_kind(tmp_path, "prices", str(prices))
    assert code == 2
    assert f"{prices}:1: colour: unknown column; known: sku, variant_id, price" in output
    products = tmp_path / "products.jsonl"
    products.write_text('{"handle": "tee", "title": "Tee", "options": []}\nnot json\n')
    code, output = _invoke_kind(tmp_path, "products", str(products))
    assert code == 2
    assert f"{products}:1: options: List should have at least 1 item" in output
    assert f"{products}:2: not valid JSON" in output
    assert "2 problem(s)" in output
