"""Group commit: many small write operations share one transaction.

A webhook's answer waits for its commit, and on SQLite each commit is an
fsync. Under load, operations queue up while a commit is in flight; the next
commit takes all of them at once, so throughput grows with load while an idle
store still commits each operation immediately (no timer, no added latency).
If a shared transaction fails, each of its operations is retried alone so one
bad operation cannot fail the others.
"""

from __future__ import annotations

import asyncio
from collections.abc import Awaitable, Callable, Sequence
from typing import Any

from sqlalchemy import Connection

Operation = Callable[[Connection], Any]
RunMany = Callable[[Sequence[Operation]], Awaitable[list[Any]]]

MAX_BATCH = 256


class GroupCommit:
    def __init__(self, run_many: RunMany, max_batch: int = MAX_BATCH) -> None:
        self._run_many = run_many
        self._max_batch = max_batch
        self._pending: list[tuple[Operation, asyncio.Future[Any]]] = []
        self._drainer: asyncio.Task[None] | None = None

    async def run(self, operation: Operation) -> Any:
        future: asyncio.Future[Any] = asyncio.get_running_loop().create_future()
        self._pending.append((operation, future))
        if self._drainer is None or self._drainer.done():
            self._drainer = asyncio.create_task(self._drain(), name="shopbridge-group-commit")
        return await future

    async def _drain(self) -> None:
        while self._pending:
            batch = self._pending[: self._max_batch]
            del self._pending[: self._max_batch]
            try:
                results = await self._run_many([operation for operation, _ in batch])
            except Exception as exc:
                if len(batch) == 1:
                    _settle_error(batch[0][1], exc)
                    continue
                for operation, future in batch:
                    try:
                        (result,) = await self._run_many([operation])
                    except Exception as alone:
                        _settle_error(future, alone)
                    else:
                        _settle(future, result)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result)


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _settle_error(future: asyncio.Future[Any], exc: BaseException) -> None:
    if not future.done():
        future.set_exception(exc)
