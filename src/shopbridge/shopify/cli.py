"""``shopbridge shopify``: commands about the Shopify APIs themselves.

``check-version VERSION`` validates every GraphQL document the engine sends against
the real Admin schema of ``VERSION``: the list of what breaks before an upgrade, and
of what is deprecated (what breaks at the one after).

``subscribe`` brings the managed shops' webhook subscriptions in line with the flows
(what ``shopbridge run`` does at start) and prints the plan or the result. Exit codes:
0 in line; 1 Shopify refused a change or could not be reached; 2 a configuration
problem (nothing was sent).
"""

from __future__ import annotations

import asyncio
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Final, NoReturn

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

if TYPE_CHECKING:
    from shopbridge.config.schema import Settings
    from shopbridge.shopify.subscriptions import Desired, Report, Step

__all__ = ["shopify_cli"]

shopify_cli = typer.Typer(
    help="Shopify API checks and webhook subscriptions.", no_args_is_help=True
)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)

MAX_FIELDS_SHOWN: Final = 6
MAX_FOREIGN_SHOWN: Final = 10


@shopify_cli.command("check-version")
def check_version(
    version: Annotated[str, typer.Argument(help="Admin API version, such as 2026-10.")],
) -> None:
    """Validate every GraphQL document against VERSION's schema; exit 1 if any breaks."""
    from shopbridge.sandbox.schema import UnsupportedVersionError
    from shopbridge.shopify.admin import check, documents

    try:
        broken = check.check_documents(version)
        deprecated = check.deprecations(version)
    except UnsupportedVersionError:
        known = ", ".join(check.known_versions())
        err.print(f"[bold red]error:[/] no Admin schema for {version!r} ships with shopbridge")
        err.print(f"  known versions: {known}")
        raise typer.Exit(2) from None
    for finding in broken:
        where = f"{finding.document}:{finding.line}" if finding.line else finding.document
        out.print(f"[red]✗[/] {where}: {finding.message}")
    for finding in deprecated:
        where = f"{finding.document}:{finding.line}" if finding.line else finding.document
        out.print(f"[yellow]![/] {where}: {finding.message}")
    total = len(documents.ALL)
    if broken:
        failing = len({finding.document for finding in broken})
        out.print(f"{failing} of {total} documents break on {version}; fix them before upgrading")
        raise typer.Exit(1)
    note = f", {len(deprecated)} deprecation(s) to plan for" if deprecated else ""
    out.print(f"[green]✓[/] all {total} documents are valid on {version}{note}")


@shopify_cli.command("subscribe")
def subscribe(
    config: Annotated[
        Path,
        typer.Option("--config", "-c", envvar="SHOPBRIDGE_CONFIG", help="The configuration file."),
    ] = Path("shopbridge.yaml"),
    shop: Annotated[
        str | None, typer.Option("--shop", help="Only this shop (default: every managed shop).")
    ] = None,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Print the plan; change nothing.")
    ] = False,
) -> None:
    """Create, update or remove webhook subscriptions so each shop's match the flows.

    Only subscriptions pointing at server.public_url + /webhooks/shopify are touched;
    others are listed and left alone.
    """
    from shopbridge import errors
    from shopbridge.config.loader import load_settings
    from shopbridge.shopify import subscriptions

    try:
        settings = load_settings(config)
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{escape(message)}")
        raise typer.Exit(2) from None
    if shop is not None:
        problem = subscriptions.why_unmanaged(settings, shop)
        if problem is not None:
            _stop(f"{problem[0]}: {problem[1]}")
        shops = [shop]
    else:
        shops = subscriptions.managed_shops(settings)
        if not shops:
            if not settings.shops:
                _stop("shops: none configured, so there is nothing to subscribe")
            for shop_id in settings.shops:
                found = subscriptions.why_unmanaged(settings, shop_id)
                if found is not None:
                    err.print(f"[red]✗[/] {found[0]}: {escape(found[1])}")
            _stop("no shop has its webhook subscriptions managed; fix the above and rerun")
    try:
        results = asyncio.run(_reconcile_all(settings, shops, dry_run))
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{escape(message)}")
        raise typer.Exit(2) from None
    failed = False
    for shop_id, result in results:
        if isinstance(result, str):
            err.print(
                f"[bold red]error:[/] shop {shop_id}: Shopify could not be asked: "
                f"{escape(result)}; changes made before this stay made, rerun to finish"
            )
            failed = True
        else:
            _print_report(settings, result)
            failed = failed or not result.ok
    if failed:
        raise typer.Exit(1)


async def _reconcile_all(
    settings: Settings, shops: list[str], dry_run: bool
) -> list[tuple[str, Report | str]]:
    """Reconcile each shop; the app is built so its processors' topics count, as in `run`."""
    from shopbridge import errors
    from shopbridge.app import App
    from shopbridge.shopify import subscriptions

    app = App.build(settings)
    results: list[tuple[str, Report | str]] = []
    try:
        for shop_id in shops:
            try:
                report = await subscriptions.reconcile(
                    app.shopify_clients[shop_id],
                    settings,
                    shop_id,
                    extra_needs=app.topic_needs(shop_id),
                    dry_run=dry_run,
                )
            except errors.ShopifyError as exc:
                results.append((shop_id, str(exc)))
            else:
                results.append((shop_id, report))
    finally:
        await app.close()
    return results


def _print_report(settings: Settings, report: Report) -> None:
    from shopbridge.shopify.subscriptions import Action

    plan = report.plan
    domain = settings.shops[report.shop_id].domain
    heading = "plan (dry run, nothing changed)" if report.dry_run else "subscriptions"
    out.print(f"[bold]{heading}[/] for shop {report.shop_id} ({domain}) → {plan.callback_url}")
    verdicts = {applied.step: applied for applied in report.applied}
    table = Table("topic", "result", "filter / fields", "needed by")
    for step in plan.steps:
        applied = verdicts.get(step)
        if step.action is Action.UNCHANGED:
            result = "unchanged"
        elif report.dry_run:
            result = f"[cyan]would {_VERB[step.action]}[/]"
        elif applied is not None and applied.ok:
            result = f"[green]{_DONE[step.action]}[/]"
        else:
            why = "; ".join(applied.errors) if applied is not None else "not sent"
            result = f"[red]failed[/]: {escape(why)}"
        table.add_row(
            step.topic,
            result,
            escape(_details(step)),
            escape(", ".join(step.desired.origins) if step.desired else "(no flow)"),
        )
    if plan.steps:
        out.print(table)
    else:
        out.print("  no flow needs a webhook from this shop, and it has none of ours")
    for skipped in plan.skipped:
        out.print(
            f"  [yellow]not subscribed[/] {skipped.topic}: {escape(skipped.reason)} "
            f"(needed by {', '.join(skipped.origins)})"
        )
    if plan.foreign:
        out.print(f"  left alone, other addresses ({len(plan.foreign)}):")
        for other in plan.foreign[:MAX_FOREIGN_SHOWN]:
            out.print(f"    {other.topic} → {escape(other.uri)}")
        if len(plan.foreign) > MAX_FOREIGN_SHOWN:
            out.print(f"    … and {len(plan.foreign) - MAX_FOREIGN_SHOWN} more")
    drift = plan.drift
    done = sum(1 for applied in report.applied if applied.ok)
    summary = (
        f"drift: {drift.missing} missing, {drift.different} different, "
        f"{drift.unwanted} unwanted; {plan.count(Action.UNCHANGED)} unchanged"
    )
    if report.dry_run:
        summary += f", {len(plan.changes)} change(s) to make; rerun without --dry-run to apply"
    else:
        summary += f", {done} changed, {len(report.failed)} failed"
    out.print(f"  {summary}")


_VERB: Final = {"create": "create", "update": "update", "delete": "remove"}
_DONE: Final = {"create": "created", "update": "updated", "delete": "removed"}


def _describe(desired: Desired) -> str:
    where = f"filter {desired.filter}" if desired.filter else "every event"
    fields = desired.include_fields
    if not fields:
        return f"{where}; every field"
    shown = ", ".join(fields[:MAX_FIELDS_SHOWN])
    more = f" +{len(fields) - MAX_FIELDS_SHOWN}" if len(fields) > MAX_FIELDS_SHOWN else ""
    return f"{where}; fields {shown}{more}"


def _details(step: Step) -> str:
    if step.desired is None:
        return "duplicate of ours" if "duplicate" in step.differences else "no flow needs it"
    text = _describe(step.desired)
    if step.differences:
        text += f" (was different: {', '.join(step.differences)})"
    return text


def _stop(message: str) -> NoReturn:
    err.print(f"[bold red]error:[/] {escape(message)}")
    raise typer.Exit(2)
