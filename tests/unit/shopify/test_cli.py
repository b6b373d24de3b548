"""``shopbridge shopify check-version``: what breaks, with document and line; exit codes."""

from __future__ import annotations

import pytest
from typer.testing import CliRunner

from shopbridge.cli import cli
from shopbridge.shopify.admin import documents
from shopbridge.shopify.admin.document import Document

runner = CliRunner()

BROKEN = Document(
    """
mutation OldCompareAndSet {
  inventorySetQuantities(
    input: {name: "available", reason: "correction", ignoreCompareQuantity: true, quantities: []}
  ) @idempotent(key: "k") {
    userErrors { field message }
  }
}
"""
)


def test_the_real_documents_pass_on_every_vendored_version() -> None:
    for version in ("2026-04", "2026-07", "2026-10"):
        result = runner.invoke(cli, ["shopify", "check-version", version])
        assert result.exit_code == 0, result.output
        assert f"all {len(documents.ALL)} documents are valid on {version}" in result.output


def test_a_breaking_document_is_printed_and_exits_1(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(documents, "ALL", (*documents.ALL, BROKEN))
    result = runner.invoke(cli, ["shopify", "check-version", "2026-10"])
    assert result.exit_code == 1
    assert "OldCompareAndSet:4:" in result.output
    assert "ignoreCompareQuantity" in result.output
    assert f"1 of {len(documents.ALL)} documents break on 2026-10" in result.output


def test_an_unknown_version_exits_2_and_lists_the_known_ones() -> None:
    result = runner.invoke(cli, ["shopify", "check-version", "2024-01"])
    assert result.exit_code == 2
    assert "2026-04, 2026-07, 2026-10" in result.output
