"""The demo's closing summary: what travelled where, what the store sent, the engine's metrics."""

from __future__ import annotations

from collections import Counter
from typing import Final

from rich.console import Console
from rich.table import Table

from shopbridge.demo.stack import Stack

__all__ = ["print_summary"]

METRICS: Final = (
    "shopbridge_events_received_total{",
    "shopbridge_events_duplicate_total{",
    "shopbridge_deliveries_total{",
    "shopbridge_webhooks_rejected_total{",
    "shopbridge_updates_skipped_total{",
    "shopbridge_orders_reconciled_total{",
)
MEDIA_TYPES: Final = ("MediaImage", "Video", "ExternalVideo", "GenericFile")


async def print_summary(stack: Stack, console: Console) -> None:
    table = Table(title="What travelled where")
    table.add_column("system")
    table.add_column("requests", justify="right")
    table.add_column("accepted", justify="right")
    table.add_column("topics")
    table.add_column("signature")
    for name, system in stack.systems.items():
        topics = Counter(r.headers.get("x-shopbridge-topic", "?") for r in system.delivered)
        valid = {r.signature_valid for r in system.seen}
        table.add_row(
            name,
            str(len(system.seen)),
            str(len(system.delivered)),
            ", ".join(f"{topic} ({count})" for topic, count in sorted(topics.items())) or "-",
            "unsigned" if valid <= {None} else ("valid" if all(valid) else "INVALID"),
        )
    console.print()
    console.print(table)
    state = await stack.store("GET", "/state")
    counts = ", ".join(f"{count} {kind}" for kind, count in state["counts"].items())
    console.print(f"[bold]store[/] now holds {counts}")
    media = [f"{state['counts'][k]} {k}" for k in MEDIA_TYPES if state["counts"].get(k)]
    if media:
        console.print(f"[bold]media[/] from the DAM (POST /v1/media): {', '.join(media)}")
    sent = state["webhooks"]["delivery_counts"]
    console.print(
        "[bold]store webhooks[/] to the engine: "
        + ", ".join(f"{count} {status}" for status, count in sorted(sent.items()))
    )
    async with stack.http.get(f"{stack.engine_url}/metrics") as response:
        text = await response.text()
    console.print("[bold]engine metrics[/] (excerpt of /metrics):")
    for line in text.splitlines():
        if line.startswith(METRICS):
            console.print(f"   {line}", highlight=False)
