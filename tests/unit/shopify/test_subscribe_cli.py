"""``shopbridge shopify subscribe`` refuses, naming the field, when it cannot manage a shop."""

from __future__ import annotations

from pathlib import Path

import pytest
from rich.console import Console
from typer.testing import CliRunner

from shopbridge.cli import cli
from shopbridge.shopify import cli as shopify_cli

runner = CliRunner()

SHOPS = """
shops:
  acme: {domain: acme.myshopify.com, webhook_secret: s, access_token: shpat_x}
  plain: {domain: plain.myshopify.com, webhook_secret: s}
destinations:
  erp: {url: "https://erp.example.com/hooks"}
flows:
  orders: {from: {shopify: orders/create}, to: [erp]}
"""


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(shopify_cli, "err", Console(width=250, highlight=False, stderr=True))


def invoke(tmp_path: Path, text: str, *args: str) -> tuple[int, str]:
    config = tmp_path / "shopbridge.yaml"
    config.write_text(text)
    result = runner.invoke(cli, ["shopify", "subscribe", "--config", str(config), *args])
    return result.exit_code, result.output


def test_without_public_url_the_field_is_named_and_nothing_is_sent(tmp_path: Path) -> None:
    code, output = invoke(tmp_path, SHOPS, "--shop", "acme")
    assert code == 2
    assert "error: server.public_url: not set: give the https base URL" in output


def test_a_shop_without_credentials_is_named(tmp_path: Path) -> None:
    text = "server: {public_url: 'https://hooks.example.com'}\n" + SHOPS
    code, output = invoke(tmp_path, text, "--shop", "plain")
    assert code == 2
    assert "shops.plain: no Admin API credentials (access_token, or client_id and" in output


def test_with_no_managed_shop_each_reason_is_listed(tmp_path: Path) -> None:
    code, output = invoke(tmp_path, SHOPS)
    assert code == 2
    assert "server.public_url: not set" in output
    assert "shops.plain: no Admin API credentials" in output
    assert "no shop has its webhook subscriptions managed" in output


def test_an_unknown_shop_and_a_bad_setting_exit_2(tmp_path: Path) -> None:
    code, output = invoke(tmp_path, SHOPS, "--shop", "nope")
    assert (code, "unknown shop 'nope' (configured: acme, plain)" in output) == (2, True)
    bad = "server: {public_url: 'ftp://x'}\n" + SHOPS
    code, output = invoke(tmp_path, bad)
    assert code == 2
    assert "server.public_url: must be an https URL" in output
