"""What every ``shopbridge sync`` command shares on the terminal.

Choosing the shop, stopping on a bad file (every problem as ``FILE:LINE: field:
message``, exit 2, nothing sent), the progress bars (reading Shopify, then sending,
or the bulk operation's status), and the end report with its exit code: 0 when every
row is unchanged or applied, 1 when some were skipped or refused or Shopify failed.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Awaitable, Callable, Iterator, Sequence
from pathlib import Path
from typing import Any, Final, NoReturn, TypeVar

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
from shopbridge.config.schema import ShopSettings
from shopbridge.shopify.admin import AdminClient

from .files import Judged, RowError
from .outcome import Change, Hooks, Plan, Report
from .outcome import Path as SyncPath
from .run import Options

__all__ = ["Read", "Sync", "finish", "load_shop", "stop", "stop_on_problems", "sync_file"]

SAMPLE_ROWS: Final = 10
MAX_PROBLEMS_SHOWN: Final = 50
STALE_CODE: Final = "CHANGE_FROM_QUANTITY_STALE"

out = Console(highlight=False, soft_wrap=True)
err = Console(stderr=True, highlight=False, soft_wrap=True)

P = TypeVar("P", bound=Change)
R = TypeVar("R")
Read = Callable[[Path, str, ShopSettings], Judged[R]]  # file, shop name, its settings
Sync = Callable[[AdminClient, Sequence[R], Options], Awaitable[Report[P]]]


def stop(message: str, code: int) -> NoReturn:
    err.print(f"[bold red]error:[/] {message}")
    raise typer.Exit(code)


def load_shop(config: Path, given: str | None) -> tuple[str, ShopSettings]:
    """The shop to write to (``--shop``, or the only one), with Admin API credentials."""
    try:
        settings = load_settings(config)
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{message}")
        raise typer.Exit(2) from None
    names = ", ".join(sorted(settings.shops)) or "none"
    if given is None:
        if len(settings.shops) != 1:
            stop(f"--shop: required: name one of the shops ({names})", 2)
        given = next(iter(settings.shops))
    if given not in settings.shops:
        stop(f"--shop: unknown shop '{given}' (configured: {names})", 2)
    chosen = settings.shops[given]
    if not chosen.admin_api_enabled:
        stop(
            f"shops.{given}: no Admin API credentials (access_token, or client_id and "
            "client_secret), so nothing can be written to it",
            2,
        )
    return given, chosen


def stop_on_problems(file: Path, problems: Sequence[RowError]) -> None:
    """Print every problem of the file and exit 2 if there is any."""
    if not problems:
        return
    for problem in problems[:MAX_PROBLEMS_SHOWN]:
        err.print(f"[red]✗[/] {problem.format(file)}")
    more = len(problems) - MAX_PROBLEMS_SHOWN
    if more > 0:
        err.print(f"  … and {more} more")
    stop(f"{len(problems)} problem(s) in {file}; nothing was sent. Fix them and rerun", 2)


def sync_file(
    file: Path,
    config: Path,
    shop: str | None,
    read: Callable[[str, ShopSettings], Judged[R]],
    sync: Sync[R, P],
    bulk_threshold: int,
    dry_run: bool,
) -> None:
    """A whole ``sync`` command: the shop, the file judged, the sync with progress bars,
    the end report; exits 2 on a bad file, 1 if Shopify fails or a row did not land."""
    shop_name, settings = load_shop(config, shop)
    found = read(shop_name, settings)
    stop_on_problems(file, found.problems)

    async def run() -> Report[P]:
        with _progress_hooks(len(found.rows)) as hooks:
            options = Options(bulk_threshold=bulk_threshold, dry_run=dry_run, hooks=hooks)
            async with AdminClient.from_settings(settings) as client:
                return await sync(client, found.rows, options)

    try:
        report = asyncio.run(run())
    except errors.ShopifyError as exc:
        stop(f"Shopify: {exc}. Rows applied before this stay applied; rerun to finish", 1)
    finish(file, report)


def finish(file: Path, report: Report[Any]) -> None:
    """Print the end report; exit 1 unless every row is unchanged or applied."""
    plan = report.plan
    if report.path == "dry-run":
        _print_plan(file, plan)
    else:
        sent = report.sent
        out.print(f"[bold]sync[/] {file} ({report.path} path)")
        out.print(
            f"  rows read {plan.rows}, unchanged {plan.unchanged}, skipped {len(plan.skipped)}, "
            f"sent {sent.sent}, applied {sent.applied}, refused {len(sent.refused)}"
        )
    for skipped in plan.skipped[:MAX_PROBLEMS_SHOWN]:
        out.print(f"  [yellow]skipped[/] {file}:{skipped.line}: {skipped.reason}")
    for refusal in report.refused[:MAX_PROBLEMS_SHOWN]:
        code = f"{refusal.code}: " if refusal.code else ""
        out.print(f"  [red]refused[/] {file}:{refusal.line}: {code}{refusal.message}")
    stale = sum(1 for refusal in report.refused if refusal.code == STALE_CODE)
    if stale:
        out.print(
            f"  {stale} quantity(ies) changed in Shopify after they were read; "
            "rerun the sync to compare again"
        )
    out.print(
        f"  calls {report.calls} ({report.sent.mutations} mutation(s)), cost points "
        f"{report.cost_points}, THROTTLED {report.throttled}, {report.seconds:.1f}s"
    )
    if not report.ok:
        raise typer.Exit(1)


def _print_plan(file: Path, plan: Plan[Any]) -> None:
    out.print(
        f"[bold]plan[/] for {file}: {plan.rows} row(s), {plan.unchanged} unchanged, "
        f"{len(plan.changes)} to send, {len(plan.skipped)} skipped; nothing was sent"
    )
    if not plan.changes:
        return
    table = Table("line", "change", "Shopify now", "file")
    for planned in plan.changes[:SAMPLE_ROWS]:
        table.add_row(str(planned.line), *planned.summary())
    out.print(table)
    if len(plan.changes) > SAMPLE_ROWS:
        out.print(f"  … and {len(plan.changes) - SAMPLE_ROWS} more")


@contextlib.contextmanager
def _progress_hooks(rows: int) -> Iterator[Hooks]:
    """Hooks drawing a "reading Shopify" bar, then a "sending" bar or the bulk status."""
    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=False,
    )
    with progress:
        reading = progress.add_task("reading Shopify", total=rows)
        sending: list[TaskID] = []

        def planned(plan: Plan[Any], path: SyncPath) -> None:
            progress.update(reading, completed=rows)
            if path != "dry-run" and plan.changes:
                sending.append(progress.add_task(f"sending ({path})", total=len(plan.changes)))

        def done(count: int) -> None:
            if sending:
                progress.advance(sending[0], count)

        def bulk_status(status: str) -> None:
            if sending:
                progress.update(sending[0], description=f"bulk operation {status.lower()}")
            else:
                progress.update(reading, description=f"reading Shopify (bulk {status.lower()})")

        yield Hooks(
            planned=planned,
            read=lambda count: progress.advance(reading, count),
            done=done,
            bulk_status=bulk_status,
        )
