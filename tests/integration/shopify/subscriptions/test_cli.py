"""``shopbridge shopify subscribe`` against a sandbox shop: the table, dry run, exit codes."""

from __future__ import annotations

import asyncio
from pathlib import Path

import pytest
from click.testing import Result
from rich.console import Console
from typer.testing import CliRunner

from shopbridge.app import WRITER_TOPICS
from shopbridge.cli import cli
from shopbridge.shopify import cli as shopify_cli

from .world import CALLBACK, FOREIGN, ORDERS, World, world

# The flows' three topics, and the catalog topics the shop's writer listens to.
OURS = 3 + len(WRITER_TOPICS)
WRITER_ENUMS = {topic.upper().replace("/", "_") for topic in WRITER_TOPICS}


@pytest.fixture(autouse=True)
def wide_console(monkeypatch: pytest.MonkeyPatch) -> None:
    """Tables wide enough that no cell wraps."""
    monkeypatch.setattr(shopify_cli, "out", Console(width=250, highlight=False))
    monkeypatch.setattr(shopify_cli, "err", Console(width=250, highlight=False, stderr=True))


async def subscribe(w: World, tmp_path: Path, flows: str, *args: str) -> Result:
    config = tmp_path / "shopbridge.yaml"
    config.write_text(w.config_text(flows, store_url=f"sqlite:///{tmp_path / 'db.sqlite'}"))
    command = ["shopify", "subscribe", "--config", str(config), *args]
    # The command runs its own event loop; the sandbox keeps serving on this one.
    return await asyncio.to_thread(CliRunner().invoke, cli, command)


def row(output: str, topic: str) -> str:
    [line] = [line for line in output.splitlines() if f" {topic} " in line]
    return line


async def test_a_dry_run_prints_the_plan_and_changes_nothing(tmp_path: Path) -> None:
    async with world() as w:
        await w.subscribe("PRODUCTS_UPDATE", FOREIGN)
        result = await subscribe(w, tmp_path, ORDERS, "--dry-run")
        assert result.exit_code == 0, result.output
        out = result.output
        assert f"plan (dry run, nothing changed) for shop acme ({w.domain}) → {CALLBACK}" in out
        assert "would create" in row(out, "orders/create")
        assert "filter financial_status:paid; every field" in row(out, "orders/create")
        assert "fields available, id, inventory_item_id" in row(out, "inventory_levels/update")
        assert "flows.stock" in row(out, "inventory_levels/update")
        assert f"products/update → {FOREIGN}" in out
        assert (
            f"drift: {OURS} missing, 0 different, 0 unwanted; 0 unchanged, {OURS} change(s) to make"
            in out
        )
        assert w.subscriptions() == {}


async def test_subscribe_creates_then_reports_unchanged_and_removes_what_no_flow_needs(
    tmp_path: Path,
) -> None:
    async with world() as w:
        first = await subscribe(w, tmp_path, ORDERS)
        assert first.exit_code == 0, first.output
        assert "created" in row(first.output, "orders/updated")
        assert (
            f"drift: {OURS} missing, 0 different, 0 unwanted; 0 unchanged, {OURS} changed, 0 failed"
            in (first.output)
        )
        assert len(w.subscriptions()) == OURS

        again = await subscribe(w, tmp_path, ORDERS)
        assert "unchanged" in row(again.output, "orders/create")
        assert f"drift: 0 missing, 0 different, 0 unwanted; {OURS} unchanged" in again.output

        fewer = "  orders:\n    from: {shopify: orders/create}\n    to: [erp]"
        third = await subscribe(w, tmp_path, fewer)
        assert third.exit_code == 0, third.output
        assert "removed" in row(third.output, "orders/updated")
        assert "no flow needs it" in row(third.output, "orders/updated")
        assert "updated" in row(third.output, "orders/create")
        assert "was different: filter" in row(third.output, "orders/create")
        assert set(w.subscriptions()) == {"ORDERS_CREATE", *WRITER_ENUMS}


async def test_a_refused_change_exits_1_with_shopifys_reason(tmp_path: Path) -> None:
    bad = '  orders:\n    from: {shopify: orders/create, webhook_filter: "paid"}\n    to: [erp]'
    async with world() as w:
        result = await subscribe(w, tmp_path, bad, "--shop", "acme")
        assert result.exit_code == 1
        line = row(result.output, "orders/create")
        assert "failed: webhookSubscription.filter: Filter is invalid" in line
        assert f"{len(WRITER_TOPICS)} changed, 1 failed" in result.output
