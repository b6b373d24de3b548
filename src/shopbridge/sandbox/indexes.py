"""Secondary indexes over the store's documents: ``(type, field) -> value -> ids``.

An index is built the first time a ``(type, field)`` is looked up, then kept current
on every write. A field holding a list indexes each element (tags, for instance);
``None`` and unhashable values are not indexed.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["Indexes"]

Key = int | str
Doc = Mapping[str, Any]
_Index = dict[Any, dict[Key, None]]


def _values(doc: Doc | None, field_name: str) -> list[Any]:
    if doc is None:
        return []
    value = doc.get(field_name)
    values = value if isinstance(value, list) else [value]
    return [v for v in values if v is not None and isinstance(v, str | int | bool | tuple)]


class Indexes:
    """All indexes of one store."""

    def __init__(self) -> None:
        self._indexes: dict[tuple[str, str], _Index] = {}

    def keys(self, kind: str, field_name: str, value: Any, docs: Mapping[Key, Doc]) -> list[Key]:
        """Ids of the ``kind`` documents (``docs``) whose ``field_name`` holds ``value``."""
        index = self._indexes.get((kind, field_name))
        if index is None:
            index = self._indexes[(kind, field_name)] = {}
            for key, doc in docs.items():
                self._add(index, doc, field_name, key)
        return sorted(index.get(value, {}))

    def update(self, kind: str, key: Key, old: Doc | None, new: Doc | None) -> None:
        """Move document ``key`` of ``kind`` from ``old`` to ``new`` (``None``: absent)."""
        for (index_kind, field_name), index in self._indexes.items():
            if index_kind != kind:
                continue
            for value in _values(old, field_name):
                bucket = index.get(value)
                if bucket is not None:
                    bucket.pop(key, None)
                    if not bucket:
                        del index[value]
            self._add(index, new, field_name, key)

    @staticmethod
    def _add(index: _Index, doc: Doc | None, field_name: str, key: Key) -> None:
        for value in _values(doc, field_name):
            index.setdefault(value, {})[key] = None
