"""A transaction's events: one per topic and resource, create/delete superseding update."""

from __future__ import annotations

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhooks.events import events_for, topic_enum


def test_topic_enum() -> None:
    assert topic_enum("products/update") == "PRODUCTS_UPDATE"
    assert topic_enum("inventory_levels/connect") == "INVENTORY_LEVELS_CONNECT"
    assert topic_enum("customer.tags_added") == "CUSTOMER_TAGS_ADDED"


def test_a_created_product_sends_create_alone_with_one_event_id_each() -> None:
    state = State()
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=1, variants=3, locations=1)
    events = events_for(state, list(state.recent), "2026-07-01T00:00:00Z")
    topics = [event.topic for event in events]
    assert topics.count("products/create") == 1
    assert "products/update" not in topics
    assert topics.count("inventory_items/create") == 3
    assert len({event.event_id for event in events}) == len(events)


def test_only_wanted_topics_are_rendered_but_creates_still_supersede_updates() -> None:
    state = State()
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=1, variants=2, locations=1)
    txn = state.recent[-1].txn
    changes = [c for c in state.recent if c.txn == txn]
    everything = {e.topic for e in events_for(state, changes, "2026-07-01T00:00:00Z")}
    assert "products/create" in everything
    only_updates = events_for(
        state, changes, "2026-07-01T00:00:00Z", lambda topic: topic == "products/update"
    )
    assert only_updates == []  # the product was created in this transaction
    levels = events_for(
        state, changes, "2026-07-01T00:00:00Z", lambda topic: topic.startswith("inventory_levels")
    )
    assert levels
    assert {e.topic for e in levels} <= {"inventory_levels/update", "inventory_levels/connect"}
