"""``Sandbox``: one store, its endpoints, and uvicorn serving them inside this process.

    async with Sandbox(SandboxConfig(plan="plus")) as sandbox:
        await sandbox.start("127.0.0.1", 0)        # port 0: any free port
        url = sandbox.admin_url()                  # .../admin/api/2026-07/graphql.json
        token = sandbox.config.admin_token         # generated unless given

Webhooks go out from ``start`` to ``stop`` (``sandbox.webhooks``, a ``WebhookEmitter``),
and background work (bulk operations, file processing) runs then (``sandbox.worker``).
With ``SandboxConfig(data_file=...)`` the store lives in that SQLite file and a new
``Sandbox`` on the same file finds its data (and its credentials) again.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections.abc import Iterator
from types import TracebackType
from typing import Final

import uvicorn

from shopbridge.sandbox.admin import AdminApi
from shopbridge.sandbox.app import build_app
from shopbridge.sandbox.bulk_runner import Worker
from shopbridge.sandbox.config import SandboxConfig, resolve_credentials
from shopbridge.sandbox.control.api import ControlHooks
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.state import State
from shopbridge.sandbox.storefront import StorefrontApi
from shopbridge.sandbox.uploads import set_base_url
from shopbridge.sandbox.webhooks.emitter import WebhookEmitter
from shopbridge.server import bind_socket

__all__ = ["DEFAULT_API_VERSION", "Sandbox"]

DEFAULT_API_VERSION: Final = "2026-07"


class _Server(uvicorn.Server):
    """uvicorn without its signal handlers: the embedding program owns shutdown."""

    @contextlib.contextmanager
    def capture_signals(self) -> Iterator[None]:
        yield


class Sandbox:
    """An offline Shopify store with real Admin (and placeholder Storefront) endpoints."""

    def __init__(self, config: SandboxConfig | None = None, *, state: State | None = None) -> None:
        config = config or SandboxConfig()
        self.state = state or State(config.data_file, seed=config.seed)
        self.config = resolve_credentials(config, self.state)
        run_bootstraps(self.state, self.config)
        self.admin = AdminApi(self.config, self.state)
        self.storefront = StorefrontApi(self.config, self.state)
        self.hooks = ControlHooks()
        self.hooks.collector_url = self.config.collector_url
        self.webhooks = WebhookEmitter(self.state, self.config)
        self.worker = Worker(self.admin)
        self.hooks.webhook_faults = self.webhooks.set_faults
        self.app = build_app(self.admin, self.storefront, self.hooks, self.webhooks.snapshot)
        self.url = ""
        self._server: _Server | None = None
        self._task: asyncio.Task[None] | None = None

    def admin_url(self, version: str = DEFAULT_API_VERSION) -> str:
        return f"{self.url}/admin/api/{version}/graphql.json"

    def storefront_url(self, version: str = DEFAULT_API_VERSION) -> str:
        return f"{self.url}/api/{version}/graphql.json"

    async def start(self, host: str = "127.0.0.1", port: int = 0) -> str:
        """Serve on ``host:port`` (0: a free port); returns the base URL."""
        if self._task is not None:
            raise RuntimeError("the sandbox is already serving")
        sock = bind_socket(host, port)
        config = uvicorn.Config(self.app, log_config=None, access_log=False, lifespan="off")
        self._server = _Server(config)
        self._task = asyncio.create_task(self._server.serve(sockets=[sock]), name="sandbox")
        while not self._server.started and not self._task.done():  # noqa: ASYNC110 - no event to await
            await asyncio.sleep(0.01)
        if self._task.done():
            await self._task
            raise RuntimeError(f"the sandbox could not start on {host}:{port}")
        bound_host, bound_port = sock.getsockname()[:2]
        shown = f"[{bound_host}]" if ":" in bound_host else bound_host
        self.url = f"http://{shown}:{bound_port}"
        set_base_url(self.state, self.url)
        await self.webhooks.start()
        self.worker.start()
        return self.url

    async def stop(self) -> None:
        """Stop serving and delivering webhooks (the state stays open; ``close`` releases it)."""
        await self.worker.stop()
        await self.webhooks.stop()
        if self._server is not None and self._task is not None:
            self._server.should_exit = True
            await self._task
        self._server, self._task, self.url = None, None, ""

    def close(self) -> None:
        self.webhooks.close()
        self.state.close()

    async def __aenter__(self) -> Sandbox:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.stop()
        self.close()
