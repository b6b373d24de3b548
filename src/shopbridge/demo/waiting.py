"""Waiting in a demo step: the engine works asynchronously, so a step waits for what it caused."""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable
from typing import Final

__all__ = ["STEP_TIMEOUT_SECS", "until"]

STEP_TIMEOUT_SECS: Final = 30.0


async def until(check: Callable[[], Awaitable[bool] | bool], what: str) -> None:
    """Wait for ``check`` (plain or async) to hold, or fail the step after the timeout."""
    deadline = time.monotonic() + STEP_TIMEOUT_SECS
    while time.monotonic() < deadline:
        outcome = check()
        if outcome if isinstance(outcome, bool) else await outcome:
            return
        await asyncio.sleep(0.05)
    raise TimeoutError(f"demo step timed out: {what}")
