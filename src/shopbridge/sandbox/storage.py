"""The sandbox's SQLite file: documents, id counters and settings, written through.

The sandbox is a single-process test double, so the standard library's ``sqlite3`` is
enough: the whole file is read into memory at start, and each committed transaction
of the in-memory state is written back in one SQLite transaction.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

__all__ = ["Batch", "Loaded", "SqliteFile"]

Key = int | str

_SCHEMA = (
    "CREATE TABLE IF NOT EXISTS documents ("
    " kind TEXT NOT NULL, id NOT NULL, body TEXT NOT NULL, PRIMARY KEY (kind, id))",
    "CREATE TABLE IF NOT EXISTS counters (kind TEXT PRIMARY KEY, value INTEGER NOT NULL)",
    "CREATE TABLE IF NOT EXISTS meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
)


@dataclass(slots=True)
class Loaded:
    """Everything read from the file at start."""

    documents: list[tuple[str, Key, dict[str, Any]]] = field(default_factory=list)
    counters: dict[str, int] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)


@dataclass(slots=True)
class Batch:
    """The net effect of one committed transaction (``None`` = deleted)."""

    documents: dict[tuple[str, Key], dict[str, Any] | None] = field(default_factory=dict)
    counters: dict[str, int] = field(default_factory=dict)
    meta: dict[str, Any] = field(default_factory=dict)

    def __bool__(self) -> bool:
        return bool(self.documents or self.counters or self.meta)


def _dump(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), ensure_ascii=False)


class SqliteFile:
    """One sandbox data file."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._conn = sqlite3.connect(self.path, isolation_level=None, check_same_thread=False)
        self._conn.execute("PRAGMA journal_mode=WAL")
        for statement in _SCHEMA:
            self._conn.execute(statement)

    def load(self) -> Loaded:
        loaded = Loaded()
        rows = self._conn.execute("SELECT kind, id, body FROM documents ORDER BY kind, id")
        loaded.documents = [(kind, key, json.loads(body)) for kind, key, body in rows]
        loaded.counters = dict(self._conn.execute("SELECT kind, value FROM counters"))
        loaded.meta = {
            k: json.loads(v) for k, v in self._conn.execute("SELECT key, value FROM meta")
        }
        return loaded

    def write(self, batch: Batch) -> None:
        """Apply ``batch`` atomically: all of it or (on error) none of it."""
        if not batch:
            return
        cursor = self._conn.cursor()
        cursor.execute("BEGIN IMMEDIATE")
        try:
            cursor.executemany(
                "DELETE FROM documents WHERE kind = ? AND id = ?",
                _deleted(batch.documents.items()),
            )
            cursor.executemany(
                "INSERT OR REPLACE INTO documents (kind, id, body) VALUES (?, ?, ?)",
                _written(batch.documents.items()),
            )
            cursor.executemany(
                "INSERT OR REPLACE INTO counters (kind, value) VALUES (?, ?)",
                batch.counters.items(),
            )
            cursor.executemany(
                "INSERT OR REPLACE INTO meta (key, value) VALUES (?, ?)",
                [(key, _dump(value)) for key, value in batch.meta.items()],
            )
        except BaseException:
            cursor.execute("ROLLBACK")
            raise
        cursor.execute("COMMIT")

    def close(self) -> None:
        self._conn.close()


def _deleted(
    items: Iterable[tuple[tuple[str, Key], Mapping[str, Any] | None]],
) -> Iterator[tuple[str, Key]]:
    for (kind, key), doc in items:
        if doc is None:
            yield kind, key


def _written(
    items: Iterable[tuple[tuple[str, Key], Mapping[str, Any] | None]],
) -> Iterator[tuple[str, Key, str]]:
    for (kind, key), doc in items:
        if doc is not None:
            yield kind, key, _dump(doc)
