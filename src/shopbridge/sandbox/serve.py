"""Run a sandbox store in the foreground until SIGINT or SIGTERM (``shopbridge sandbox``)."""

from __future__ import annotations

import asyncio
import signal
from collections.abc import Callable

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.server import DEFAULT_API_VERSION, Sandbox

__all__ = ["Banner", "banner", "serve_sandbox"]

Banner = list[tuple[str, str]]


def banner(sandbox: Sandbox) -> Banner:
    """What a client needs to talk to ``sandbox``, as (label, value) lines."""
    config = sandbox.config
    return [
        ("shop domain", config.shop_domain),
        ("plan", config.plan),
        ("admin API", sandbox.admin_url()),
        ("storefront API", sandbox.storefront_url()),
        ("admin token", config.admin_token),
        ("storefront token", config.storefront_token),
        ("app secret", config.app_secret),
        ("api version", DEFAULT_API_VERSION),
        ("control API", f"{sandbox.url}/sandbox/docs"),
        ("data", str(config.data_file) if config.data_file else "in memory (lost on exit)"),
    ]


async def serve_sandbox(
    config: SandboxConfig, host: str, port: int, on_ready: Callable[[Banner], None]
) -> None:
    """Serve until a stop signal; ``on_ready`` gets the banner once the port is bound."""
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for signum in (signal.SIGINT, signal.SIGTERM):
        loop.add_signal_handler(signum, stop.set)
    try:
        async with Sandbox(config) as sandbox:
            await sandbox.start(host, port)
            on_ready(banner(sandbox))
            await stop.wait()
    finally:
        for signum in (signal.SIGINT, signal.SIGTERM):
            loop.remove_signal_handler(signum)
