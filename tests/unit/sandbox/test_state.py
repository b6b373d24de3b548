"""The store's state: ids, transactions and savepoints, the change hook, the SQLite file."""

from __future__ import annotations

from datetime import UTC, datetime
from pathlib import Path

import pytest

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import State


def _product(state: State, title: str) -> dict[str, object]:
    return state.save({"__typename": "Product", "id": state.new_gid("Product"), "title": title})


def test_ids_are_large_increasing_and_fixed_by_the_seed() -> None:
    first, again, other = State(seed=1), State(seed=1), State(seed=2)
    ids = [first.new_id("Product") for _ in range(5)]
    assert ids == sorted(ids)
    assert len(set(ids)) == 5
    assert all(i > 10**12 for i in ids)
    assert ids == [again.new_id("Product") for _ in range(5)]
    assert ids != [other.new_id("Product") for _ in range(5)]
    assert first.new_gid("Location").startswith("gid://shopify/Location/")


def test_documents_by_type_id_and_indexed_field() -> None:
    state = State()
    a, b = _product(state, "A"), _product(state, "B")
    assert state.get("Product", legacy_id(str(a["id"]))) == a
    assert state.get_gid(str(b["id"])) == b
    assert [d["title"] for d in state.all("Product")] == ["A", "B"]
    assert state.find("Product", "title", "B") == [b]
    state.put("Product", legacy_id(str(b["id"])), {**b, "title": "C"})
    assert state.find("Product", "title", "B") == []
    assert [d["title"] for d in state.find("Product", "title", "C")] == ["C"]
    assert state.counts() == {"Product": 2}


class Boom(Exception):
    """Raised on purpose inside a transaction."""


def _write_then_fail(state: State, kept: dict[str, object] | None = None) -> None:
    with state.transaction():
        _product(state, "lost")
        if kept is not None:
            state.delete("Product", legacy_id(str(kept["id"])))
        raise Boom


def test_a_failed_transaction_leaves_nothing_behind() -> None:
    state = State()
    kept = _product(state, "kept")
    with pytest.raises(Boom):
        _write_then_fail(state, kept)
    assert [d["title"] for d in state.all("Product")] == ["kept"]
    assert state.find("Product", "title", "lost") == []


def _inner_then_fail(state: State) -> None:
    with state.savepoint():
        _product(state, "inner")
        raise Boom


def test_a_savepoint_undoes_only_its_block() -> None:
    state = State()
    with state.transaction():
        _product(state, "outer")
        with pytest.raises(Boom):
            _inner_then_fail(state)
    assert [d["title"] for d in state.all("Product")] == ["outer"]


def test_changes_are_reported_once_per_entity_after_commit() -> None:
    state = State(clock=lambda: datetime(2026, 7, 1, tzinfo=UTC))
    seen: list[Change] = []
    batches: list[list[Change]] = []
    state.on_change(seen.append)
    state.on_commit(batches.append)
    with state.transaction(source="test"):
        doc = _product(state, "one")
        state.save({**doc, "title": "two"})
        state.put("_Internal", "k", {"x": 1})
        assert seen == []  # nothing before the commit
    assert len(seen) == 1
    assert len(batches) == 1
    change = seen[0]
    assert (change.action, change.entity, change.before) == ("create", "Product", None)
    assert change.after is not None
    assert change.after["title"] == "two"
    assert change.tags == {"source": "test"}
    assert change.at == "2026-07-01T00:00:00Z"
    assert change.gid == doc["id"]
    state.delete("Product", legacy_id(str(doc["id"])))
    assert seen[-1].action == "delete"
    assert seen[-1].after is None
    assert seen[-1].txn > change.txn
    assert seen[-1].seq > change.seq


def test_a_failing_listener_does_not_undo_the_write() -> None:
    state = State()

    def broken(_change: Change) -> None:
        raise RuntimeError("listener bug")

    unsubscribe = state.on_change(broken)
    _product(state, "saved")
    assert state.count("Product") == 1
    unsubscribe()


def test_the_sqlite_file_keeps_documents_counters_and_settings(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    state = State(path, seed=7)
    doc = _product(state, "persisted")
    state.set_meta("credentials", {"admin_token": "t"})
    state.close()
    reopened = State(path, seed=99)
    assert reopened.get_gid(str(doc["id"])) == doc
    assert reopened.get_meta("credentials") == {"admin_token": "t"}
    assert reopened.seed == 7
    assert reopened.new_id("Product") > legacy_id(str(doc["id"]))
    reopened.close()


def test_a_rolled_back_transaction_is_not_written_to_the_file(tmp_path: Path) -> None:
    path = tmp_path / "store.db"
    state = State(path)
    with pytest.raises(Boom):
        _write_then_fail(state)
    state.close()
    reopened = State(path)
    assert reopened.count("Product") == 0
    reopened.close()
