"""The store's change feed: what each committed transaction changed, for whoever listens.

Every committed transaction reports each entity it changed once, as a ``Change`` with
its document before and after (``None`` before a creation, after a deletion), in the
order the entities were first touched. ``tags`` carry what the writer said about the
transaction: ``source`` (``admin_api``, ``seed``, ``bootstrap``...), ``app``,
``mutation``. Webhook emission plugs in here::

    unsubscribe = state.on_change(lambda change: queue.put_nowait(change))
    state.on_commit(lambda changes: ...)   # or the whole transaction at once

Listeners run synchronously after the commit; one that raises is logged and skipped
(it can never undo a committed write). The last 10,000 changes stay in ``recent``.
"""

from __future__ import annotations

import itertools
from collections import deque
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final, Literal

from shopbridge.observability.logging import get_logger

__all__ = ["Action", "Change", "ChangeFeed"]

log = get_logger(__name__)

Action = Literal["create", "update", "delete"]
Key = int | str
RECENT_CHANGES: Final = 10_000


@dataclass(frozen=True, slots=True)
class Change:
    """One entity changed by one committed transaction (``txn``)."""

    seq: int
    txn: int
    action: Action
    entity: str
    id: Key
    before: Mapping[str, Any] | None
    after: Mapping[str, Any] | None
    at: str
    tags: Mapping[str, str]

    @property
    def gid(self) -> str | None:
        """The entity's GID, from whichever side of the change exists."""
        side = self.after if self.after is not None else self.before
        value = side.get("id") if side is not None else None
        return value if isinstance(value, str) else None


class ChangeFeed:
    """Turns committed transactions into ``Change`` records and hands them out."""

    def __init__(self) -> None:
        self._seq = itertools.count(1)
        self._listeners: list[Callable[[Change], None]] = []
        self._batch_listeners: list[Callable[[list[Change]], None]] = []
        self.recent: deque[Change] = deque(maxlen=RECENT_CHANGES)

    def on_change(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        self._listeners.append(callback)
        return lambda: self._listeners.remove(callback)

    def on_commit(self, callback: Callable[[list[Change]], None]) -> Callable[[], None]:
        self._batch_listeners.append(callback)
        return lambda: self._batch_listeners.remove(callback)

    def publish(
        self,
        txn: int,
        touched: Mapping[
            tuple[str, Key], tuple[Mapping[str, Any] | None, Mapping[str, Any] | None]
        ],
        at: str,
        tags: Mapping[str, str],
    ) -> list[Change]:
        """Report ``{(entity, id): (before, after)}``; internal (``_``) types are skipped."""
        changes: list[Change] = []
        for (entity, key), (before, after) in touched.items():
            if entity.startswith("_") or before == after:
                continue
            action: Action = "create" if before is None else "delete" if after is None else "update"
            changes.append(
                Change(next(self._seq), txn, action, entity, key, before, after, at, tags)
            )
        if changes:
            self.recent.extend(changes)
            for change in changes:
                for listener in list(self._listeners):
                    _call(listener, change)
            for batch_listener in list(self._batch_listeners):
                _call(batch_listener, changes)
        return changes


def _call(listener: Callable[[Any], None], payload: Any) -> None:
    try:
        listener(payload)
    except Exception:
        log.exception("sandbox_change_listener_failed", listener=repr(listener))
