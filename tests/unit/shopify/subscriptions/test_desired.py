"""What each shop should be subscribed to: flows and other providers, merged per topic."""

from __future__ import annotations

import pytest

from shopbridge.config.schema import Settings
from shopbridge.shopify.subscriptions import (
    TOPIC_PROVIDERS,
    Desired,
    TopicNeed,
    changing_field,
    desired,
    desired_subscriptions,
    merge_needs,
    register_topic_provider,
    required_topics,
)

from .settings import settings

FLOWS = """
  orders:
    from: {shopify: [orders/create, orders/updated]}
    to: [erp]
  paid:
    from: {shopify: orders/paid, shops: [beta]}
    to: [erp]
  dormant:
    from: {shopify: products/update}
    to: [erp]
    enabled: false
"""


def by_topic(config: Settings, shop: str = "acme") -> dict[str, Desired]:
    wanted, _ = desired_subscriptions(config, shop)
    return {d.topic: d for d in wanted}


def test_required_topics_are_the_union_of_enabled_flows_topics_per_shop() -> None:
    config = settings(FLOWS)
    assert required_topics(config, "acme") == ["orders/create", "orders/updated"]
    assert required_topics(config, "beta") == ["orders/create", "orders/paid", "orders/updated"]
    assert required_topics(config) == ["orders/create", "orders/paid", "orders/updated"]


def test_a_flow_without_filter_or_fields_wants_every_event_and_field() -> None:
    wanted = by_topic(settings(FLOWS))["orders/create"]
    assert wanted == Desired("orders/create", None, None, ("flows.orders",))


def test_filters_are_or_ed_in_parentheses_and_repeats_collapse() -> None:
    config = settings(
        """
  big:
    from: {shopify: orders/create, webhook_filter: "total_price:>=100"}
    to: [erp]
  paid:
    from: {shopify: orders/create, webhook_filter: "financial_status:paid"}
    to: [erp]
  paid_again:
    from: {shopify: [orders/create, orders/updated], webhook_filter: "financial_status:paid"}
    to: [erp]
"""
    )
    wanted = by_topic(config)
    assert wanted["orders/create"].filter == "(total_price:>=100) OR (financial_status:paid)"
    assert wanted["orders/create"].origins == ("flows.big", "flows.paid", "flows.paid_again")
    assert wanted["orders/updated"].filter == "financial_status:paid"


def test_one_flow_without_a_filter_means_no_filter() -> None:
    config = settings(
        """
  paid:
    from: {shopify: orders/create, webhook_filter: "financial_status:paid"}
    to: [erp]
  all:
    from: {shopify: orders/create}
    to: [erp]
"""
    )
    assert by_topic(config)["orders/create"].filter is None


def test_include_fields_are_united_with_id_and_the_changing_field() -> None:
    config = settings(
        """
  a:
    from: {shopify: orders/create, include_fields: [email, line_items.sku]}
    to: [erp]
  b:
    from: {shopify: orders/create, include_fields: [total_price, email]}
    to: [erp]
"""
    )
    fields = by_topic(config)["orders/create"].include_fields
    assert fields == ("email", "id", "line_items.sku", "total_price", "updated_at")


def test_one_flow_wanting_every_field_means_every_field() -> None:
    config = settings(
        """
  a:
    from: {shopify: orders/create, include_fields: [email]}
    to: [erp]
  b:
    from: {shopify: orders/create}
    to: [erp]
"""
    )
    assert by_topic(config)["orders/create"].include_fields is None


@pytest.mark.parametrize(
    ("topic", "field"),
    [
        ("orders/updated", "updated_at"),
        ("order_transactions/create", "created_at"),
        ("refunds/create", "created_at"),
        ("tender_transactions/create", "processed_at"),
        ("inventory_transfers/complete", "happened_at"),
    ],
)
def test_the_changing_field_is_updated_at_unless_the_payload_has_none(
    topic: str, field: str
) -> None:
    assert changing_field(topic) == field


def test_fields_of_the_default_ordering_key_are_kept() -> None:
    needs = [TopicNeed("inventory_levels/update", "x", include_fields=("available",))]
    wanted = merge_needs("inventory_levels/update", needs)
    assert wanted.include_fields == (
        "available",
        "id",
        "inventory_item_id",
        "location_id",
        "updated_at",
    )
    checkout = merge_needs(
        "checkouts/create", [TopicNeed("checkouts/create", "x", None, ("email",))]
    )
    assert checkout.include_fields is not None
    assert "token" in checkout.include_fields


def test_compliance_topics_are_skipped_with_the_reason() -> None:
    config = settings(
        """
  redact:
    from: {shopify: [customers/redact, customers/create]}
    to: [erp]
"""
    )
    wanted, skipped = desired_subscriptions(config, "acme")
    assert [d.topic for d in wanted] == ["customers/create"]
    [redact] = skipped
    assert redact.topic == "customers/redact"
    assert "app's configuration" in redact.reason
    assert redact.origins == ("flows.redact",)


def test_a_registered_provider_adds_its_topics(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(desired, "TOPIC_PROVIDERS", dict(TOPIC_PROVIDERS))  # undone after

    def marketing(config: Settings, shop_id: str) -> list[TopicNeed]:
        return [TopicNeed("checkouts/create", "marketing")] if shop_id == "beta" else []

    register_topic_provider("marketing", marketing)
    config = settings(FLOWS)
    assert required_topics(config, "acme") == ["orders/create", "orders/updated"]
    assert required_topics(config, "beta") == [
        "checkouts/create",
        "orders/create",
        "orders/paid",
        "orders/updated",
    ]


def test_extra_needs_merge_with_the_flows() -> None:
    extra = [TopicNeed("orders/create", "shopbridge.purchases"), TopicNeed("checkouts/create", "x")]
    wanted, _ = desired_subscriptions(settings(FLOWS), "acme", extra)
    found = {d.topic: d.origins for d in wanted}
    assert found["orders/create"] == ("flows.orders", "shopbridge.purchases")
    assert found["checkouts/create"] == ("x",)
