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
