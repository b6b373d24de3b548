"""The sandbox store's state: documents by entity type and id, id counters, settings.

Documents are plain JSON-able dicts, stored under their entity type (``"Product"``)
and numeric id; an entity document carries its GID in ``"id"`` and its type in
``"__typename"``. Types whose name starts with ``_`` are internal (idempotency
records...) and never reported as changes.

Writes happen inside ``transaction()``: they are visible at once to readers in the
same process, written to the SQLite file (when there is one) in one transaction at
the end, and undone in memory if the block raises (``savepoint()`` undoes part of
one). After a commit every changed entity is reported once to the ``on_change`` /
``on_commit`` callbacks (see ``changes``): the hook webhook emission plugs into.
Documents handed out by ``get``/``all``/``find`` are shared: never mutate them;
``edit`` returns a private copy to change and ``put`` back.
"""

from __future__ import annotations

import copy
import itertools
from collections.abc import Callable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Final

from shopbridge.sandbox.changes import Change, ChangeFeed
from shopbridge.sandbox.gid import gid, next_id, parse_gid
from shopbridge.sandbox.indexes import Indexes
from shopbridge.sandbox.storage import Batch, Key, SqliteFile

__all__ = ["Change", "Doc", "State", "copy_json", "format_time"]

Doc = dict[str, Any]
Clock = Callable[[], datetime]


def copy_json(value: Any) -> Any:
    """A deep copy of JSON-like data (dicts, lists, scalars): 4x faster than ``deepcopy``.

    Documents are plain JSON values, so the general ``copy.deepcopy`` machinery (memo,
    reducers) is wasted on them; it was most of the time of a 250-item inventory write.
    Anything else (a tuple, bytes) is copied with ``deepcopy``.
    """
    kind = type(value)
    if kind is dict:
        return {key: copy_json(item) for key, item in value.items()}
    if kind is list:
        return [copy_json(item) for item in value]
    if kind in _IMMUTABLE:
        return value
    return copy.deepcopy(value)


_IMMUTABLE: Final = frozenset({str, int, float, bool, type(None)})


def format_time(moment: datetime) -> str:
    """Shopify's DateTime form: ``2026-07-01T12:30:00Z``."""
    return moment.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@dataclass(slots=True)
class _Undo:
    """Values before the first write since a point: a transaction or a savepoint."""

    docs: dict[tuple[str, Key], Doc | None] = field(default_factory=dict)
    counters: dict[str, int | None] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class _Txn(_Undo):
    number: int = 0
    tags: dict[str, str] = field(default_factory=dict)
    savepoints: list[_Undo] = field(default_factory=list)

    def marks(self) -> list[_Undo]:
        return [self, *self.savepoints]


_MISSING: Any = object()


class State:
    """All documents of one sandbox store, in memory, optionally backed by SQLite."""

    def __init__(
        self, path: str | Path | None = None, *, seed: int = 0, clock: Clock | None = None
    ) -> None:
        self._clock = clock or (lambda: datetime.now(UTC))
        self._file = SqliteFile(path) if path is not None else None
        self._docs: dict[str, dict[Key, Doc]] = {}
        self._unsorted: set[str] = set()
        self._indexes = Indexes()
        self._counters: dict[str, int] = {}
        self._meta: dict[str, Any] = {}
        self._txn: _Txn | None = None
        self._txn_numbers = itertools.count(1)
        self.changes = ChangeFeed()
        if self._file is not None:
            loaded = self._file.load()
            for kind, key, doc in loaded.documents:
                self._docs.setdefault(kind, {})[key] = doc
            self._counters, self._meta = loaded.counters, loaded.meta
        if "seed" not in self._meta:
            self.set_meta("seed", seed)
        self.seed: int = self._meta["seed"]

    # --- reading ------------------------------------------------------------------

    def now(self) -> str:
        return format_time(self._clock())

    def get(self, kind: str, key: Key) -> Doc | None:
        return self._docs.get(kind, {}).get(key)

    def get_gid(self, value: str) -> Doc | None:
        parsed = parse_gid(value)
        return self.get(parsed.type, parsed.id)

    def edit(self, kind: str, key: Key) -> Doc | None:
        """A private copy of a document, to change and ``put`` back."""
        found = self.get(kind, key)
        return copy_json(found) if found is not None else None

    def all(self, kind: str) -> list[Doc]:
        """Every document of ``kind``, by ascending id."""
        docs = self._docs.get(kind, {})
        if kind in self._unsorted:
            self._docs[kind] = docs = dict(sorted(docs.items()))
            self._unsorted.discard(kind)
        return list(docs.values())

    def find(self, kind: str, field_name: str, value: Any) -> list[Doc]:
        """Documents whose ``field_name`` equals ``value`` (or lists it), by id."""
        docs = self._docs.get(kind, {})
        return [docs[key] for key in self._indexes.keys(kind, field_name, value, docs)]

    def first(self, kind: str, field_name: str, value: Any) -> Doc | None:
        found = self.find(kind, field_name, value)
        return found[0] if found else None

    def count(self, kind: str) -> int:
        return len(self._docs.get(kind, {}))

    def counts(self) -> dict[str, int]:
        """Number of documents per public entity type."""
        return {k: len(v) for k, v in sorted(self._docs.items()) if v and not k.startswith("_")}

    def get_meta(self, key: str, default: Any = None) -> Any:
        return self._meta.get(key, default)

    # --- writing ------------------------------------------------------------------

    @contextmanager
    def transaction(self, **tags: str) -> Iterator[None]:
        """Group writes: one SQLite transaction, one batch of changes, all or nothing."""
        if self._txn is not None:
            yield
            return
        txn = self._txn = _Txn(number=next(self._txn_numbers), tags=dict(tags))
        try:
            yield
            self._persist(txn)
        except BaseException:
            self._txn = None
            self._rollback(txn)
            raise
        self._txn = None
        self._publish(txn)

    @contextmanager
    def savepoint(self) -> Iterator[None]:
        """Inside a transaction: undo only this block's writes if it raises."""
        with self.transaction():
            txn = self._require_txn()
            mark = _Undo()
            txn.savepoints.append(mark)
            try:
                yield
            except BaseException:
                self._rollback(mark)
                raise
            finally:
                txn.savepoints.remove(mark)

    def new_id(self, kind: str) -> int:
        """The next numeric id for ``kind``: large, increasing, seed-determined gaps."""
        with self.transaction():
            for mark in self._require_txn().marks():
                mark.counters.setdefault(kind, self._counters.get(kind))
            self._counters[kind] = next_id(kind, self._counters.get(kind), self.seed)
            return self._counters[kind]

    def new_gid(self, kind: str) -> str:
        return gid(kind, self.new_id(kind))

    def put(self, kind: str, key: Key, doc: Mapping[str, Any], *, owned: bool = False) -> Doc:
        """Insert or replace a document; returns the stored copy.

        ``owned=True`` stores ``doc`` itself: for a private copy from ``edit`` that the
        caller hands over and no longer touches (saves the second copy on hot paths).
        """
        stored: Doc = dict(doc) if owned else copy_json(dict(doc))
        with self.transaction():
            self._track(kind, key)
            self._store(kind, key, stored)
        return stored

    def save(self, doc: Mapping[str, Any], *, owned: bool = False) -> Doc:
        """``put`` an entity document under the type and id of its GID."""
        parsed = parse_gid(doc["id"])
        return self.put(parsed.type, parsed.id, doc, owned=owned)

    def delete(self, kind: str, key: Key) -> None:
        with self.transaction():
            self._track(kind, key)
            self._store(kind, key, None)

    def set_meta(self, key: str, value: Any) -> None:
        with self.transaction():
            for mark in self._require_txn().marks():
                mark.meta.setdefault(key, self._meta.get(key, _MISSING))
            self._meta[key] = copy_json(value)

    # --- change hook --------------------------------------------------------------

    def on_change(self, callback: Callable[[Change], None]) -> Callable[[], None]:
        """Call ``callback`` for each entity change after commit; returns an unsubscriber."""
        return self.changes.on_change(callback)

    def on_commit(self, callback: Callable[[list[Change]], None]) -> Callable[[], None]:
        """Call ``callback`` once per committed transaction with all of its changes."""
        return self.changes.on_commit(callback)

    @property
    def recent(self) -> Sequence[Change]:
        """The latest changes (up to 10,000), oldest first."""
        return self.changes.recent

    def close(self) -> None:
        if self._file is not None:
            self._file.close()

    # --- internals ----------------------------------------------------------------

    def _require_txn(self) -> _Txn:
        assert self._txn is not None, "writes happen inside transaction()"
        return self._txn

    def _track(self, kind: str, key: Key) -> None:
        for mark in self._require_txn().marks():
            mark.docs.setdefault((kind, key), self.get(kind, key))

    def _store(self, kind: str, key: Key, doc: Doc | None) -> None:
        docs = self._docs.setdefault(kind, {})
        old = docs.get(key)
        self._indexes.update(kind, key, old, doc)
        if doc is None:
            docs.pop(key, None)
            return
        if old is None and docs:
            last = next(reversed(docs))
            if isinstance(key, int) and isinstance(last, int) and key < last:
                self._unsorted.add(kind)
        docs[key] = doc

    def _persist(self, txn: _Txn) -> None:
        if self._file is None:
            return
        batch = Batch()
        for kind_key in txn.docs:
            batch.documents[kind_key] = self.get(*kind_key)
        batch.counters = {kind: self._counters[kind] for kind in txn.counters}
        batch.meta = {key: self._meta[key] for key in txn.meta}
        self._file.write(batch)

    def _rollback(self, undo: _Undo) -> None:
        for (kind, key), before in undo.docs.items():
            self._store(kind, key, before)
        for kind, value in undo.counters.items():
            if value is None:
                self._counters.pop(kind, None)
            else:
                self._counters[kind] = value
        for key, value in undo.meta.items():
            if value is _MISSING:
                self._meta.pop(key, None)
            else:
                self._meta[key] = value

    def _publish(self, txn: _Txn) -> None:
        touched = {kind_key: (before, self.get(*kind_key)) for kind_key, before in txn.docs.items()}
        self.changes.publish(txn.number, touched, self.now(), txn.tags)
