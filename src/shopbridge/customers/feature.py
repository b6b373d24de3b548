"""Register customers both ways with the engine (imported by :mod:`shopbridge.features`).

The factory gives each shop's Admin API client an echo memory (the customer sender
records there what each system wrote) and, when ``systems`` name destinations, adds
the echo guard to ``app.guards``. It adds no processor.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from shopbridge.engine import processors

from .echo import EchoMemory, attach
from .guard import EchoGuard

if TYPE_CHECKING:
    from shopbridge.app import App

__all__ = ["build"]


def build(app: App) -> None:
    """Attach the echo memory to every shop's client; guard the systems' destinations."""
    memory = EchoMemory(app.store, app.clock)
    for client in app.shopify_clients.values():
        attach(client, memory)
    systems_by_destination = {
        destination: name
        for name, system in app.settings.systems.items()
        for destination in system.destinations
    }
    if systems_by_destination:
        app.guards.append(
            EchoGuard(
                app.store,
                memory,
                systems_by_destination,
                wait_secs=app.settings.customers.echo_wait_secs,
            )
        )


processors.PROCESSOR_FACTORIES.append(build)
