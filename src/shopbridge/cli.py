"""The `shopbridge` command: argument parsing, then a call into the app.

Every failure prints what went wrong and what to do next, and exits non-zero.
"""

from __future__ import annotations

import asyncio
import json
import os
import sys
from collections.abc import Callable, Coroutine
from datetime import datetime
from pathlib import Path
from typing import Annotated, Any, TypeVar

import typer
from rich.console import Console
from rich.table import Table

from shopbridge import __version__, errors
from shopbridge.config.loader import load_settings
from shopbridge.config.schema import Settings
from shopbridge.config.starter import starter_config
from shopbridge.sandbox.cli import sandbox_cli
from shopbridge.shopify.cli import shopify_cli
from shopbridge.sync.cli import sync_cli

T = TypeVar("T")

cli = typer.Typer(
    name="shopbridge",
    help="Keep Shopify and your HTTP systems in sync without losing an event.",
    no_args_is_help=True,
    add_completion=False,
    pretty_exceptions_enable=False,
)
keys_cli = typer.Typer(help="API keys for systems that send events.", no_args_is_help=True)
cli.add_typer(keys_cli, name="keys")
cli.add_typer(sandbox_cli, name="sandbox")
cli.add_typer(shopify_cli, name="shopify")
cli.add_typer(sync_cli, name="sync")

out = Console()
err = Console(stderr=True)

ConfigOption = Annotated[
    Path,
    typer.Option(
        "--config",
        "-c",
        envvar="SHOPBRIDGE_CONFIG",
        help="The configuration file.",
        show_default=True,
    ),
]
DEFAULT_CONFIG = Path("shopbridge.yaml")


def _fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


def _settings(path: Path) -> Settings:
    try:
        return load_settings(path)
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{message}", highlight=False)
        raise typer.Exit(2) from None


def _run(coro: Coroutine[Any, Any, T]) -> T:
    try:
        return _event_loop_runner()(coro)
    except errors.ConfigError as exc:
        for location, message in exc.problems:
            err.print(f"[red]✗[/] {location + ': ' if location else ''}{message}", highlight=False)
        raise typer.Exit(2) from None
    except errors.EngineError as exc:
        raise _fail(str(exc)) from None


def _event_loop_runner() -> Callable[[Coroutine[Any, Any, T]], T]:
    """uvloop when installed (uvicorn[standard] brings it): 3.4x the HTTP throughput here."""
    try:
        import uvloop
    except ImportError:  # pragma: no cover - other platforms
        return asyncio.run
    return uvloop.run


@cli.callback(invoke_without_command=True)
def _main(
    version: Annotated[bool, typer.Option("--version", help="Print the version.")] = False,
) -> None:
    if version:
        out.print(f"shopbridge {__version__}")
        raise typer.Exit()


@cli.command()
def init(
    path: Annotated[Path, typer.Argument(help="Where to write the file.")] = DEFAULT_CONFIG,
    force: Annotated[bool, typer.Option(help="Overwrite an existing file.")] = False,
) -> None:
    """Write a commented starter shopbridge.yaml that passes `check` and runs as is."""
    if path.exists() and not force:
        raise _fail(f"{path} already exists (use --force to overwrite it)")
    path.write_text(starter_config(), encoding="utf-8")
    os.chmod(path, 0o600)  # it holds secrets
    out.print(f"[green]✓[/] wrote {path}")
    out.print(
        f"  next: [bold]shopbridge check --config {path}[/] then "
        f"[bold]shopbridge run --config {path}[/]"
    )


@cli.command()
def check(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Validate the configuration and compile every expression; print every problem."""
    from shopbridge.engine.flows import compile_flows
    from shopbridge.engine.retry import RetryPolicy
    from shopbridge.sinks import build_sink

    settings = _settings(config)
    problems: list[tuple[str, str]] = []
    flows = {}
    try:
        flows = compile_flows(settings)
    except errors.ConfigError as exc:
        problems.extend(exc.problems)
    for name, destination in settings.destinations.items():
        try:
            build_sink(name, destination)  # checks what only the sink can (URL, secret, headers)
        except errors.ConfigError as exc:
            problems.extend(exc.problems)
    if problems:
        for location, message in problems:
            err.print(f"[red]✗[/] {location}: {message}", highlight=False)
        raise typer.Exit(2)
    out.print(f"[green]✓[/] {config} is valid")
    out.print(
        f"  {len(settings.shops)} shop(s), {len(settings.sources)} source(s), "
        f"{len(settings.destinations)} destination(s), {len(flows)} flow(s); "
        f"store {settings.store.url.split('://')[0]}"
    )
    for name, destination in settings.destinations.items():
        waits = ", ".join(
            _duration(s) for s in RetryPolicy.from_settings(destination.retry).schedule()
        )
        out.print(
            f"  destination [bold]{name}[/]: {destination.retry.max_attempts} attempts, "
            f"waits {waits or 'none'}",
            highlight=False,
        )


@cli.command("config-schema")
def config_schema() -> None:
    """Print the JSON Schema of shopbridge.yaml (for editor completion and validation)."""
    schema = Settings.model_json_schema(by_alias=True)
    schema["$schema"] = "https://json-schema.org/draft/2020-12/schema"
    schema["title"] = "shopbridge.yaml"
    sys.stdout.write(json.dumps(schema, indent=2) + "\n")


@cli.command()
def migrate(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """Create or upgrade the store's schema."""
    from shopbridge.store import migrate as migrations

    settings = _settings(config)
    try:
        before, after = migrations.upgrade(settings.store.url)
    except errors.StoreError as exc:
        raise _fail(
            f"{exc}\n  check store.url in {config} and that the database is running"
        ) from None
    if before == after:
        out.print(f"[green]✓[/] schema already at {after}")
    else:
        out.print(f"[green]✓[/] schema upgraded from {before or 'empty'} to {after}")


@cli.command()
def run(
    config: ConfigOption = DEFAULT_CONFIG,
    host: Annotated[str | None, typer.Option(help="Listen address (default: server.host).")] = None,
    port: Annotated[int | None, typer.Option(help="Listen port (default: server.port).")] = None,
    workers_only: Annotated[bool, typer.Option("--workers-only", help="No API.")] = False,
    api_only: Annotated[bool, typer.Option("--api-only", help="No delivery workers.")] = False,
    no_migrate: Annotated[
        bool, typer.Option("--no-migrate", help="Do not upgrade the schema at start.")
    ] = False,
) -> None:
    """Run the API and the delivery workers (Ctrl-C or SIGTERM stops gracefully)."""
    from shopbridge.runner import run_forever

    if workers_only and api_only:
        raise _fail("--workers-only and --api-only exclude each other")
    settings = _settings(config)
    server = settings.server.model_copy(
        update={k: v for k, v in {"host": host, "port": port}.items() if v is not None}
    )
    settings = settings.model_copy(update={"server": server})
    _run(
        run_forever(
            settings, api=not workers_only, workers=not api_only, migrate_schema=not no_migrate
        )
    )


@cli.command()
def replay(
    job_id: Annotated[int | None, typer.Argument(help="One job to replay.")] = None,
    flow: Annotated[str | None, typer.Option(help="Dead letters of this flow.")] = None,
    destination: Annotated[
        str | None, typer.Option(help="Dead letters for this destination.")
    ] = None,
    since: Annotated[datetime | None, typer.Option(help="Died at or after (ISO time).")] = None,
    until: Annotated[datetime | None, typer.Option(help="Died before (ISO time).")] = None,
    limit: Annotated[int, typer.Option(min=1, max=10_000)] = 1000,
    dry_run: Annotated[
        bool, typer.Option("--dry-run", help="Only list what would be replayed.")
    ] = False,
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Deliver dead letters again: one job by id, or every dead job matching filters."""
    from shopbridge.operations import replay as do_replay

    settings = _settings(config)
    if job_id is None and not any((flow, destination, since, until)):
        raise _fail("name a job id, or at least one of --flow, --destination, --since, --until")
    rows = _run(do_replay(settings, job_id, flow, destination, since, until, limit, dry_run))
    table = Table("job", "flow", "destination", "status", "attempts", "last reason")
    for row in rows:
        table.add_row(
            str(row.id),
            row.flow,
            row.destination,
            row.status.value,
            str(row.attempt),
            (row.last_reason or "")[:60],
        )
    if rows:
        out.print(table)
    verb = "would replay" if dry_run else "replayed"
    out.print(f"[green]✓[/] {verb} {len(rows)} job(s)")


@keys_cli.command("create")
def keys_create(
    name: Annotated[str, typer.Argument(help="Who uses the key, e.g. the system's name.")],
    scope: Annotated[
        list[str],
        typer.Option(
            "--scope", "-s", help="events:write (default), shopify:write or admin; repeatable."
        ),
    ] = ["events:write"],  # noqa: B006 - typer reads the default, never mutates it
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Create an API key; it is shown once and stored only as a hash."""
    from shopbridge.operations import create_key

    settings = _settings(config)
    plaintext, record = _run(create_key(settings, name, scope))
    out.print(f"[green]✓[/] key '{record.name}' created with scopes {', '.join(record.scopes)}")
    out.print("  Store it now; it cannot be shown again:")
    sys.stdout.write(plaintext + "\n")


@keys_cli.command("list")
def keys_list(config: ConfigOption = DEFAULT_CONFIG) -> None:
    """List API keys (never their secret part)."""
    from shopbridge.operations import list_keys

    records = _run(list_keys(_settings(config)))
    table = Table("name", "prefix", "scopes", "created", "last used", "revoked")
    for r in records:
        table.add_row(
            r.name,
            r.prefix,
            ", ".join(r.scopes),
            _when(r.created_at),
            _when(r.last_used_at),
            _when(r.revoked_at),
        )
    out.print(table)


@keys_cli.command("revoke")
def keys_revoke(
    name: Annotated[str, typer.Argument(help="The key's name or prefix.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Revoke an API key (callers using it get 401 within 30 seconds)."""
    from shopbridge.operations import revoke_key

    record = _run(revoke_key(_settings(config), name))
    out.print(f"[green]✓[/] revoked '{record.name}' ({record.prefix})")


@cli.command("try-map")
def try_map(
    flow: Annotated[str, typer.Option(help="The flow to try.")],
    event: Annotated[Path, typer.Option(help="A JSON file holding the event body.")],
    config: ConfigOption = DEFAULT_CONFIG,
) -> None:
    """Print what a flow would send for an event: filter verdict, ordering key and body."""
    from shopbridge.operations import preview_flow

    settings = _settings(config)
    try:
        raw = event.read_bytes()
    except OSError as exc:
        raise _fail(f"cannot read {event}: {exc.strerror}") from None
    try:
        preview = preview_flow(settings, flow, raw)
    except errors.ConfigError as exc:
        raise _fail(str(exc), 2) from None
    except errors.MappingError as exc:
        raise _fail(f"flow '{flow}': {exc}") from None
    out.print(f"filter: {'passes' if preview.passes else 'drops this event'}")
    out.print(
        f"ordering key: {preview.ordering_key if preview.ordering_key is not None else '(none)'}"
    )
    out.print(f"destinations: {', '.join(preview.destinations)}")
    if preview.passes:
        sys.stdout.write(json.dumps(preview.body, indent=2, ensure_ascii=False) + "\n")


@cli.command("events")
def list_events() -> None:
    """List the events shopbridge derives, which flows take with `from: {events: [...]}`."""
    import shopbridge.features  # noqa: F401  (each feature declares its events)
    from shopbridge.engine.events import ENGINE_TOPICS

    if not ENGINE_TOPICS:
        out.print("no engine events are declared")
        return
    table = Table("event", "what it means", box=None)
    for topic, meaning in sorted(ENGINE_TOPICS.items()):
        table.add_row(topic, meaning)
    out.print(table)


@cli.command()
def demo(
    once: Annotated[bool, typer.Option("--once", help="Exit after the summary.")] = False,
    port: Annotated[int, typer.Option(help="Engine port (0 picks a free one).")] = 8080,
    data: Annotated[Path, typer.Option(help="Folder for the demo's files.")] = Path(
        ".shopbridge-demo"
    ),
) -> None:
    """Run the guided demo: sandbox store, engine, sample systems, every flow, a summary."""
    from shopbridge.demo import run_demo

    try:
        _run(run_demo(data, port=port, once=once, console=out))
    except (TimeoutError, RuntimeError) as exc:
        raise _fail(f"the demo stopped: {exc} (the engine's log is in {data}/engine.log)") from None


def _when(ts: float | None) -> str:
    return datetime.fromtimestamp(ts).isoformat(timespec="seconds") if ts else "-"


def _duration(secs: float) -> str:
    if secs < 120:
        return f"{secs:g}s"
    if secs < 7200:
        return f"{secs / 60:.0f}m"
    return f"{secs / 3600:.1f}h"


def main() -> None:
    cli()
