"""Versions read for many jobs at once: concurrent reads share one query per scope.

The worker claims jobs in batches and checks them at the same moment; each guard check
reading its own versions would be one store round trip each (a thread hop and a read
transaction), which under a flash sale costs more than the deliveries. Reads asked for
in the same turn of the event loop are answered by one ``applied_versions`` query per
scope instead. Jobs of one ordering lane never run at once, so a shared read never
hides a version the same lane just recorded.
"""

from __future__ import annotations

import asyncio
from collections.abc import Sequence

from shopbridge.store.base import Store

__all__ = ["VersionReads"]

_Ask = tuple[Sequence[str], "asyncio.Future[dict[str, float]]"]


class VersionReads:
    """``get(scope, keys)`` like ``store.applied_versions``, batched (see the module)."""

    def __init__(self, store: Store) -> None:
        self.store = store
        self.queries = 0  # how many store reads answered the gets (for tests and tuning)
        self._waiting: dict[str, list[_Ask]] = {}
        self._drain: asyncio.Task[None] | None = None

    async def get(self, scope: str, keys: Sequence[str]) -> dict[str, float]:
        future: asyncio.Future[dict[str, float]] = asyncio.get_running_loop().create_future()
        self._waiting.setdefault(scope, []).append((keys, future))
        if self._drain is None or self._drain.done():
            self._drain = asyncio.create_task(self._answer(), name="shopbridge-version-reads")
        return await future

    async def _answer(self) -> None:
        await asyncio.sleep(0)  # the other checks started with this one ask first
        while self._waiting:
            batch, self._waiting = self._waiting, {}
            for scope, asks in batch.items():
                wanted = sorted({key for keys, _ in asks for key in keys})
                try:
                    self.queries += 1
                    found = await self.store.applied_versions(scope, wanted)
                except Exception as exc:  # each waiting check fails as its own read would
                    for _, future in asks:
                        if not future.done():
                            future.set_exception(exc)
                    continue
                for keys, future in asks:
                    if not future.done():
                        future.set_result({key: found[key] for key in keys if key in found})
