"""``shopbridge sync inventory FILE``: a large stock sync from a CSV or JSONL file.

Exit codes: 0 every row unchanged or applied; 1 some rows skipped or refused, or
Shopify failed; 2 a bad file, option or configuration (nothing was sent).
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence
from pathlib import Path
from typing import Annotated, Final, NoReturn

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TaskID,
    TextColumn,
    TimeElapsedColumn,
)
from rich.table import Table

from shopbridge import errors
from shopbridge.config.loader import load_settings
from shopbridge.config.schema import Settings, ShopSettings
from shopbridge.shopify.admin import AdminClient

from .inventory import DEFAULT_BULK_THRESHOLD, Hooks, Report, sync_inventory
from .plan import Plan
from .rows import Row, read_rows

__all__ = ["sync_cli"]

SAMPLE_ROWS: Final = 10
MAX_PROBLEMS_SHOWN: Final = 50

sync_cli = typer.Typer(help="Large syncs from files into Shopify.", no_args_is_help=True)
out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)


@sync_cli.command("inventory")
def inventory(
    file: Annotated[Path, typer.Argument(help="A .csv (with a header) or .jsonl file.")],
    config: Annotated[
        Path, typer.Option("--config", "-c", envvar="SHOPBRIDGE_CONFIG", help="The configuration.")
    ] = Path("shopbridge.yaml"),
    shop: Annotated[
        str | None, typer.Option(help="The shop's name in the configuration (if several).")
    ] = None,
    name: Annotated[
        str, typer.Option(help="Quantity set when a row names none: available or on_hand.")
    ] = "available",
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; send nothing.")
    ] = False,
    bulk_threshold: Annotated[
        int, typer.Option(min=1, help="At this many changes or more, use a bulk mutation.")
    ] = DEFAULT_BULK_THRESHOLD,
) -> None:
    """Set stock levels from FILE, sending only what differs from Shopify's quantities.

    Columns: sku or inventory_item_id, location or location_id, quantity, and
    optionally name.
    """
    if name not in ("available", "on_hand"):
        _stop("--name: must be available or on_hand", 2)
    settings = _settings(config)
    shop_name, shop_settings = _shop(settings, shop)
    found = read_rows(file, shop_name, shop_settings, name)
    if found.problems:
        for problem in found.problems[:MAX_PROBLEMS_SHOWN]:
            err.print(f"[red]✗[/] {problem.format(file)}")
        more = len(found.problems) - MAX_PROBLEMS_SHOWN
        if more > 0:
            err.print(f"  … and {more} more")
        _stop(
            f"{len(found.problems)} problem(s) in {file}; nothing was sent. Fix them and rerun", 2
        )
    try:
        report = asyncio.run(_sync(shop_settings, found.rows, bulk_threshold, dry_run))
    except errors.ShopifyError as exc:
        _stop(f"Shopify: {exc}. Rows applied before this stay applied; rerun to finish", 1)
    _print_report(file, report)
    if not report.ok:
        raise typer.Exit(1)


async def _sync(
    settings: ShopSettings, rows: Sequence[Row], threshold: int, dry_run: bool
) -> Report:
    with _progress() as progress:
        reading = progress.add_task("reading Shopify", total=len(rows))
        sending: list[TaskID] = []

        def planned(plan: Plan, path: str) -> None:
            progress.update(reading, completed=len(rows))
            if path != "dry-run" and plan.changes:
                sending.append(progress.add_task(f"sending ({path})", total=len(plan.changes)))

        def done(count: int) -> None:
            if sending:
                progress.advance(sending[0], count)

        def bulk_status(status: str) -> None:
            if sending:
                progress.update(sending[0], description=f"bulk operation {status.lower()}")

        hooks = Hooks(
            planned=planned,
            read=lambda n: progress.advance(reading, n),
            done=done,
            bulk_status=bulk_status,
        )
        async with AdminClient.from_settings(settings) as client:
            return await sync_inventory(
                client, rows, bulk_threshold=threshold, dry_run=dry_run, hooks=hooks
            )


def _progress() -> Progress:
    return Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )


def _print_report(file: Path, report: Report) -> None:
    plan = report.plan
    if report.path == "dry-run":
        out.print(
            f"[bold]plan[/] for {file}: {plan.rows} row(s), {plan.unchanged} unchanged, "
            f"{len(plan.changes)} to send, {len(plan.skipped)} skipped; nothing was sent"
        )
        if plan.changes:
            table = Table("line", "item", "location", "name", "Shopify now", "file")
            for planned in plan.changes[:SAMPLE_ROWS]:
                change = planned.row.change
                table.add_row(
                    str(planned.row.line),
                    change.sku or planned.target.inventory_item_id,
                    change.location or planned.target.location_id,
                    change.name,
                    str(planned.current),
                    str(planned.wanted),
                )
            out.print(table)
            if len(plan.changes) > SAMPLE_ROWS:
                out.print(f"  … and {len(plan.changes) - SAMPLE_ROWS} more")
    else:
        sent = report.sent
        out.print(f"[bold]sync[/] {file} ({report.path} path)")
        out.print(
            f"  rows read {plan.rows}, unchanged {plan.unchanged}, skipped {len(plan.skipped)}, "
            f"sent {sent.sent}, applied {sent.applied}, refused {len(sent.refused)}"
        )
    for skipped in plan.skipped[:MAX_PROBLEMS_SHOWN]:
        out.print(f"  [yellow]skipped[/] {file}:{skipped.row.line}: {skipped.reason}")
    for refusal in report.refused[:MAX_PROBLEMS_SHOWN]:
        code = f"{refusal.code}: " if refusal.code else ""
        out.print(f"  [red]refused[/] {file}:{refusal.planned.row.line}: {code}{refusal.message}")
    stale = sum(1 for r in report.refused if r.code == "CHANGE_FROM_QUANTITY_STALE")
    if stale:
        out.print(
            f"  {stale} quantity(ies) changed in Shopify after they were read; "
            "rerun the sync to compare again"
        )
    out.print(
        f"  calls {report.calls} ({report.sent.mutations} mutation(s)), cost points "
        f"{report.cost_points}, THROTTLED {report.throttled}, {report.seconds:.1f}s"
    )


def _settings(path: Path) -> Settings:
    try:
        return load_settings(path)
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{message}")
        raise typer.Exit(2) from None


def _shop(settings: Settings, given: str | None) -> tuple[str, ShopSettings]:
    names = ", ".join(sorted(settings.shops)) or "none"
    if given is None:
        if len(settings.shops) != 1:
            _stop(f"--shop: required: name one of the shops ({names})", 2)
        given = next(iter(settings.shops))
    if given not in settings.shops:
        _stop(f"--shop: unknown shop '{given}' (configured: {names})", 2)
    chosen = settings.shops[given]
    if not chosen.admin_api_enabled:
        _stop(
            f"shops.{given}: no Admin API credentials (access_token, or client_id and "
            "client_secret), so nothing can be written to it",
            2,
        )
    return given, chosen


def _stop(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)
