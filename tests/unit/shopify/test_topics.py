"""Topic names: the generated 2026-07 set, enum conversions, default ordering keys."""

from __future__ import annotations

import gzip
import importlib.util
import json
import re
from pathlib import Path
from types import ModuleType

import pytest

from shopbridge.shopify import topics

ROOT = Path(__file__).resolve().parents[3]

# Checked by hand against the 2026-07 schema (shared/reference/shopify-api.md §2.9).
VERIFIED_ENUM = [
    "ORDERS_CREATE", "ORDERS_UPDATED", "ORDERS_PAID", "ORDERS_CANCELLED", "ORDERS_FULFILLED",
    "INVENTORY_LEVELS_UPDATE", "INVENTORY_LEVELS_CONNECT", "INVENTORY_ITEMS_UPDATE",
    "CHECKOUTS_CREATE", "CHECKOUTS_UPDATE", "CHECKOUTS_DELETE", "CARTS_CREATE", "CARTS_UPDATE",
    "CUSTOMERS_CREATE", "CUSTOMERS_UPDATE", "CUSTOMERS_DELETE", "FULFILLMENTS_CREATE",
    "FULFILLMENTS_UPDATE", "PRODUCTS_CREATE", "PRODUCTS_UPDATE", "PRODUCTS_DELETE",
    "DRAFT_ORDERS_CREATE", "REFUNDS_CREATE", "VARIANTS_IN_STOCK", "VARIANTS_OUT_OF_STOCK",
    "BULK_OPERATIONS_FINISH", "APP_UNINSTALLED", "PRODUCT_FEEDS_FULL_SYNC",
]  # fmt: skip
NOT_IN_ENUM = [
    "CUSTOMERS_DATA_REQUEST", "CUSTOMERS_REDACT", "SHOP_REDACT",
    "PRODUCT_VARIANTS_UPDATE", "INVENTORY_QUANTITIES_UPDATE",
]  # fmt: skip


def test_the_2026_07_enum_has_218_topics_plus_three_compliance() -> None:
    assert topics.API_VERSION == "2026-07"
    assert len(topics.KNOWN_TOPICS) == 218 + 3
    assert topics.COMPLIANCE_TOPICS <= topics.KNOWN_TOPICS


@pytest.mark.parametrize("value", VERIFIED_ENUM)
def test_verified_enum_values_round_trip(value: str) -> None:
    topic = topics.from_enum(value)
    assert topic is not None
    assert topics.is_known_topic(topic)
    assert topics.to_enum(topic) == value


@pytest.mark.parametrize("value", NOT_IN_ENUM)
def test_values_not_in_the_enum(value: str) -> None:
    assert topics.from_enum(value) is None


@pytest.mark.parametrize(
    ("value", "topic"),
    [
        ("ORDERS_CREATE", "orders/create"),
        ("INVENTORY_LEVELS_UPDATE", "inventory_levels/update"),
        ("BULK_OPERATIONS_FINISH", "bulk_operations/finish"),
        ("APP_SCOPES_UPDATE", "app/scopes_update"),
        ("VARIANTS_OUT_OF_STOCK", "variants/out_of_stock"),
        ("FULFILLMENT_ORDERS_CANCELLATION_REQUEST_ACCEPTED",
         "fulfillment_orders/cancellation_request_accepted"),
        ("CUSTOMER_TAGS_ADDED", "customer.tags_added"),
    ],
)  # fmt: skip
def test_resource_and_action_split_where_shopify_splits(value: str, topic: str) -> None:
    assert topics.from_enum(value) == topic
    assert topics.to_enum(topic) == value


def test_every_topic_is_wire_shaped_and_converts_both_ways() -> None:
    for topic in topics.KNOWN_TOPICS - topics.COMPLIANCE_TOPICS:
        assert re.fullmatch(r"[a-z0-9_]+[/.][a-z0-9_]+", topic), topic
        value = topics.to_enum(topic)
        assert value is not None
        assert topics.from_enum(value) == topic


@pytest.mark.parametrize("topic", ["customers/data_request", "customers/redact", "shop/redact"])
def test_compliance_topics_are_known_but_not_subscribable_via_the_api(topic: str) -> None:
    assert topics.is_known_topic(topic)
    assert topics.to_enum(topic) is None


@pytest.mark.parametrize(
    "topic", ["orders/teleported", "ORDERS_CREATE", "Orders/Create", "orders/create ", "", "orders"]
)
def test_unknown_topics(topic: str) -> None:
    assert not topics.is_known_topic(topic)
    assert topics.to_enum(topic) is None
    assert topics.default_ordering_key(topic) is None


@pytest.mark.parametrize(
    ("topic", "key"),
    [
        ("orders/create", "id"),
        ("orders/updated", "id"),
        ("orders/paid", "id"),
        ("orders/cancelled", "id"),
        ("orders/delete", "id"),
        ("orders/edited", "order_edit.order_id"),
        ("orders/risk_assessment_changed", "order_id"),
        ("refunds/create", "order_id"),
        ("order_transactions/create", "order_id"),
        ("fulfillments/create", "order_id"),
        ("fulfillments/update", "order_id"),
        ("customers/create", "id"),
        ("customers/update", "id"),
        ("customers/delete", "id"),
        ("customers/redact", "customer.id"),
        ("customers/data_request", "customer.id"),
        ("customers/merge", None),
        ("products/create", "id"),
        ("products/update", "id"),
        ("products/delete", "id"),
        ("inventory_levels/update", "inventory_item_id & ':' & location_id"),
        ("inventory_levels/connect", "inventory_item_id & ':' & location_id"),
        ("inventory_levels/disconnect", "inventory_item_id & ':' & location_id"),
        ("inventory_items/update", "id"),
        ("checkouts/create", "token"),
        ("checkouts/update", "token"),
        ("checkouts/delete", None),
        ("carts/update", None),
        ("bulk_operations/finish", None),
        ("app/uninstalled", None),
        ("shop/redact", None),
        ("fulfillment_orders/split", None),
    ],
)
def test_default_ordering_key(topic: str, key: str | None) -> None:
    assert topics.is_known_topic(topic)
    assert topics.default_ordering_key(topic) == key


# -- the generator ---------------------------------------------------------------


def _load_generator() -> ModuleType:
    spec = importlib.util.spec_from_file_location("gen_topics", ROOT / "scripts/gen_topics.py")
    assert spec is not None
    assert spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _schema(tmp_path: Path, values: list[tuple[str, str]]) -> Path:
    enum = {
        "name": "WebhookSubscriptionTopic",
        "enumValues": [{"name": n, "description": d} for n, d in values],
    }
    path = tmp_path / "admin_2026-07.json.gz"
    with gzip.open(path, "wt", encoding="utf-8") as handle:
        json.dump({"data": {"__schema": {"types": [{"name": "Other"}, enum]}}}, handle)
    return path


def test_generator_reads_wire_names_from_descriptions(tmp_path: Path) -> None:
    gen = _load_generator()
    schema = _schema(
        tmp_path,
        [
            ("ORDERS_CREATE", "The webhook topic for `orders/create` events. Occurs…"),
            ("INVENTORY_LEVELS_UPDATE", "The webhook topic for\n`inventory_levels/update` events."),
            ("CUSTOMER_TAGS_ADDED", "The webhook topic for `customer.tags_added` events."),
        ],
    )
    out = tmp_path / "_topic_enum.py"
    assert gen.main([str(schema), "--output", str(out)]) == 0
    namespace: dict[str, object] = {}
    exec(compile(out.read_text(), str(out), "exec"), namespace)
    assert namespace["API_VERSION"] == "2026-07"
    assert namespace["ENUM_TOPICS"] == (
        "customer.tags_added",
        "inventory_levels/update",
        "orders/create",
    )
    assert gen.main([str(schema), "--output", str(out), "--check"]) == 0
    out.write_text(out.read_text() + "# edited\n")
    assert gen.main([str(schema), "--output", str(out), "--check"]) == 1


def test_generator_refuses_a_description_that_disagrees(tmp_path: Path) -> None:
    gen = _load_generator()
    schema = _schema(
        tmp_path, [("ORDERS_CREATE", "The webhook topic for `orders/updated` events.")]
    )
    with pytest.raises(SystemExit, match="does not match"):
        gen.main([str(schema), "--output", str(tmp_path / "out.py")])


def test_committed_module_is_what_the_generator_writes() -> None:
    from shopbridge.shopify import _topic_enum

    gen = _load_generator()
    text = gen.render(_topic_enum.ENUM_TOPICS, "2026-07", "admin_2026-07.json.gz")
    assert Path(_topic_enum.__file__).read_text(encoding="utf-8") == text


def test_committed_module_matches_the_vendored_schema() -> None:
    schema = ROOT / "src/shopbridge/sandbox/schemas/admin_2026-07.json.gz"
    if not schema.exists():
        pytest.skip("the sandbox's vendored 2026-07 schema is not in this tree")
    gen = _load_generator()
    assert gen.main([str(schema), "--check"]) == 0
