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
import sys
from collections.abc import Awaitable, Callable
from contextlib import AbstractAsyncContextManager
from typing import Any

from sqlalchemy.ext.asyncio import AsyncConnection

Operation = Callable[[AsyncConnection], Awaitable[Any]]
AfterCommit = Callable[[], None]

MAX_BATCH = 256


class GroupCommit:
    def __init__(
        self,
        begin: Callable[[], AbstractAsyncContextManager[AsyncConnection]],
        after_commit: AfterCommit | None = None,
        max_batch: int = MAX_BATCH,
    ) -> None:
        self._begin = begin
        self._after_commit = after_commit
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
                results = await self._commit(batch)
            except Exception:
                if len(batch) == 1:
                    _settle_error(batch[0][1])
                    continue
                for operation, future in batch:
                    try:
                        (result,) = await self._commit([(operation, future)])
                    except Exception:
                        _settle_error(future)
                    else:
                        _settle(future, result)
                continue
            for (_, future), result in zip(batch, results, strict=True):
                _settle(future, result)

    async def _commit(self, batch: list[tuple[Operation, asyncio.Future[Any]]]) -> list[Any]:
        async with self._begin() as conn:
            results = [await operation(conn) for operation, _ in batch]
        if self._after_commit is not None:
            self._after_commit()
        return results


def _settle(future: asyncio.Future[Any], result: Any) -> None:
    if not future.done():
        future.set_result(result)


def _settle_error(future: asyncio.Future[Any]) -> None:
    exc = sys.exc_info()[1]
    if not future.done() and exc is not None:
        future.set_exception(exc)
