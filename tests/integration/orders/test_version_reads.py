"""Concurrent version reads share one query per scope, and each gets its own keys."""

from __future__ import annotations

import asyncio
from pathlib import Path

from shopbridge import errors
from shopbridge.orders.version_reads import VersionReads
from shopbridge.store.sql import SqlStore


async def test_reads_asked_together_share_one_query_per_scope(store: SqlStore) -> None:
    await store.record_applied("delivered:a", {"k1": 1.0, "k2": 2.0, "k3": 3.0}, 0)
    await store.record_applied("delivered:b", {"k1": 9.0}, 0)
    reads = VersionReads(store)
    answers = await asyncio.gather(
        reads.get("delivered:a", ["k1", "missing"]),
        reads.get("delivered:a", ["k2", "k3"]),
        reads.get("delivered:b", ["k1"]),
        reads.get("delivered:a", []),
    )
    assert answers == [{"k1": 1.0}, {"k2": 2.0, "k3": 3.0}, {"k1": 9.0}, {}]
    assert reads.queries == 2
    assert await reads.get("delivered:a", ["k3"]) == {"k3": 3.0}  # a later read: a new query
    assert reads.queries == 3


async def test_a_failed_read_fails_every_check_that_shared_it(tmp_path: Path) -> None:
    store = SqlStore(f"sqlite:///{tmp_path / 'never-migrated.db'}")  # no tables: reads fail
    try:
        reads = VersionReads(store)
        outcomes = await asyncio.gather(
            reads.get("delivered:a", ["k1"]),
            reads.get("delivered:a", ["k2"]),
            return_exceptions=True,
        )
    finally:
        await store.close()
    assert all(isinstance(o, errors.StoreError) for o in outcomes)
    assert len(outcomes) == 2
