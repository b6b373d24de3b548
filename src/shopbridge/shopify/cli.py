"""``shopbridge shopify``: commands about the Shopify APIs themselves.

``check-version VERSION`` validates every GraphQL document the engine sends against
the real Admin schema of ``VERSION``: the list of what breaks before an upgrade, and
of what is deprecated (what breaks at the one after).
"""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

__all__ = ["shopify_cli"]

shopify_cli = typer.Typer(help="Shopify API checks.", no_args_is_help=True)
out = Console(highlight=False)
err = Console(stderr=True, highlight=False)


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
