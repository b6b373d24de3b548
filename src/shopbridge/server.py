"""Run shopbridge: the API and the workers in one process, or either alone.

SIGTERM/SIGINT stop the listener first (no new work is accepted), then the
workers finish what is in flight within ``workers.shutdown_grace_secs`` and give
back the rest.
"""

from __future__ import annotations

import asyncio
import contextlib
import signal
import socket
from collections.abc import Callable, Iterator

import uvicorn

from shopbridge import errors
from shopbridge.api.app import build_api
from shopbridge.app import App
from shopbridge.observability.logging import get_logger

log = get_logger(__name__)


class _Server(uvicorn.Server):
    """uvicorn without its own signal handling: we own shutdown order."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


def bind_socket(host: str, port: int) -> socket.socket:
    """Bind before serving so that port 0 can be resolved and reported."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.set_inheritable(True)
    return sock


async def serve(
    app: App,
    *,
    api: bool = True,
    workers: bool = True,
    sock: socket.socket | None = None,
    stop: asyncio.Event | None = None,
    on_ready: Callable[[str], None] | None = None,
) -> None:
    stop = stop or asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGTERM, signal.SIGINT):
        with contextlib.suppress(NotImplementedError, RuntimeError):
            loop.add_signal_handler(signum, stop.set)
    tasks: list[asyncio.Task[None]] = [
        asyncio.create_task(app.keep_stats_fresh(stop), name="shopbridge-stats")
    ]
    worker = app.worker() if workers else None
    worker_task = (
        asyncio.create_task(worker.run(stop), name="shopbridge-worker") if worker else None
    )
    writer_tasks = [
        asyncio.create_task(writer.run(stop), name=f"shopbridge-writer-{shop}")
        for shop, writer in (app.inventory_writers.items() if workers else ())
    ]
    writer_tasks += [
        asyncio.create_task(service(stop), name=f"shopbridge-service-{index}")
        for index, service in enumerate(app.services if workers else ())
    ]
    server: _Server | None = None
    if api:
        if sock is None:
            sock = bind_socket(app.settings.server.host, app.settings.server.port)
        config = uvicorn.Config(
            build_api(app),
            log_config=None,
            access_log=False,
            lifespan="off",
            timeout_graceful_shutdown=5,
        )
        server = _Server(config)
        tasks.append(asyncio.create_task(server.serve(sockets=[sock]), name="shopbridge-api"))
        while not server.started and not tasks[-1].done():  # noqa: ASYNC110 - no event to await
            await asyncio.sleep(0.01)
        if tasks[-1].done():
            stop.set()
            await asyncio.gather(*tasks, return_exceptions=True)
            if worker_task is not None:
                await worker_task
            await asyncio.gather(*writer_tasks, return_exceptions=True)
            raise errors.EngineError(
                f"the API could not start on {sock.getsockname()}; see the log above"
            )
        host, port = sock.getsockname()[:2]
        url = f"http://{host}:{port}"
        log.info("api_listening", url=url)
        if on_ready is not None:
            on_ready(url)
    elif on_ready is not None:
        on_ready("")
    try:
        await stop.wait()
    finally:
        log.info("shutdown_started")
        if server is not None:
            server.should_exit = True
        if worker_task is not None:
            await worker_task
        await asyncio.gather(*writer_tasks, return_exceptions=True)
        await asyncio.gather(*tasks, return_exceptions=True)
        for signum in (signal.SIGTERM, signal.SIGINT):
            with contextlib.suppress(NotImplementedError, RuntimeError):
                loop.remove_signal_handler(signum)
        log.info("shutdown_finished")
