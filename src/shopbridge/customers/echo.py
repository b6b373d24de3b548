"""The echo memory: which customer states each system wrote to Shopify, and when.

After the writer applies a customer change from system S, it records the customer as
Shopify answered: ``(customer GID, S, fingerprint) → updatedAt``. A ``customers/*``
webhook for destination D of system S is S's echo when the same key exists and the
webhook's ``updated_at`` is not newer: it shows exactly what S wrote, no later. A
later merchant edit has a newer ``updated_at`` (or other content) and flows.

The memory lives in the store's versions table (scope ``customers.echo:<shop>``; a key
keeps its newest time), so it survives restarts and every engine process shares it.

The writer's senders are built from a :class:`~shopbridge.shopify.writer.SenderContext`,
which carries the shop's Admin API client but no store, so the customers feature
:func:`attach`\\es a memory to each shop's client and the customer sender finds it
with :func:`memory_for`. A sender without one (no app, as in some tests) remembers
nothing.
"""

from __future__ import annotations

import time
import weakref
from collections.abc import Callable
from typing import Final

from shopbridge.store.base import Store

from .view import CustomerView

__all__ = ["SCOPE_PREFIX", "EchoMemory", "attach", "memory_for"]

SCOPE_PREFIX: Final = "customers.echo:"


class EchoMemory:
    """Records and recognises the states systems wrote, in one store."""

    def __init__(self, store: Store, clock: Callable[[], float] = time.time) -> None:
        self.store = store
        self.clock = clock

    async def remember(self, shop: str, system: str, written: CustomerView) -> None:
        """``system`` left the customer as ``written`` (Shopify's answer to the write)."""
        key = _key(written, system)
        await self.store.record_applied(
            SCOPE_PREFIX + shop, {key: written.updated_at}, self.clock()
        )

    async def wrote(self, shop: str, system: str, seen: CustomerView) -> bool:
        """Whether ``seen`` (a webhook's customer) is a state ``system`` wrote, not newer."""
        key = _key(seen, system)
        found = await self.store.applied_versions(SCOPE_PREFIX + shop, [key])
        written = found.get(key)
        return written is not None and seen.updated_at <= written


def _key(view: CustomerView, system: str) -> str:
    return f"{view.gid}|{system}|{view.fingerprint}"


_MEMORIES: weakref.WeakKeyDictionary[object, EchoMemory] = weakref.WeakKeyDictionary()


def attach(client: object, memory: EchoMemory) -> None:
    """Let the customer sender working with ``client`` (a shop's Admin client) remember."""
    _MEMORIES[client] = memory


def memory_for(client: object) -> EchoMemory | None:
    return _MEMORIES.get(client)
