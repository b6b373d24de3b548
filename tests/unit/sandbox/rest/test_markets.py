"""Market webhook payloads have the keys and JSON types of Shopify's examples."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.markets_store import MARKET, new_market
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import State
from tests.unit.sandbox.rest.rendering import rendered
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example


@pytest.fixture
def state() -> Iterator[State]:
    store = State()
    run_bootstraps(store, SandboxConfig())
    yield store
    store.close()


def test_market_topics_match_the_examples(state: State) -> None:
    with state.transaction():
        market = new_market(
            state, name="France", handle="fr", status="ACTIVE", regions=[], currency="EUR"
        )
    [created] = rendered(state)["markets/create"]
    assert_same_shape(created, official_example("markets/create"), strict_nulls=True)
    assert created == {"id": legacy_id(market["id"]), "name": "France", "status": "active",
                       "type": "none"}  # fmt: skip
    with state.transaction():
        state.save({**market, "status": "DRAFT"})
    [updated] = rendered(state)["markets/update"]
    assert_same_shape(updated, official_example("markets/update"), strict_nulls=True)
    assert updated["status"] == "draft"
    with state.transaction():
        state.delete(MARKET, legacy_id(market["id"]))
    [deleted] = rendered(state)["markets/delete"]
    assert_same_shape(deleted, official_example("markets/delete"), strict_nulls=True)
    assert deleted == {"id": legacy_id(market["id"])}
