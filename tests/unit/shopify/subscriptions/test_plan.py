"""The planner: desired against actual, touching only subscriptions at our callback URL."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from shopbridge.shopify.subscriptions import (
    Action,
    Actual,
    Desired,
    Drift,
    Step,
    actual_from_node,
    differences,
    make_plan,
    subscription_input,
)

from .settings import CALLBACK

OTHER = "https://someone-else.example.com/hooks"
PAID = "financial_status:paid"


def desired(
    topic: str, filter: str | None = None, fields: tuple[str, ...] | None = None
) -> Desired:
    return Desired(topic, filter, fields, ("flows.x",))


def ours(
    id: str,
    topic: str,
    *,
    filter: str | None = None,
    include_fields: tuple[str, ...] | None = None,
    format: str = "JSON",
) -> Actual:
    return Actual(id, topic, CALLBACK, filter, include_fields, format)


def actions(steps: Sequence[Step]) -> list[tuple[str, str, str | None]]:
    return [
        (step.action.value, step.topic, step.actual.id if step.actual else None) for step in steps
    ]


def test_missing_is_created_present_is_unchanged_unwanted_is_deleted() -> None:
    plan = make_plan(
        [desired("orders/create"), desired("orders/updated")],
        [ours("1", "orders/updated"), ours("2", "products/update")],
        CALLBACK,
    )
    assert actions(plan.steps) == [
        ("create", "orders/create", None),
        ("unchanged", "orders/updated", "1"),
        ("delete", "products/update", "2"),
    ]
    assert plan.drift == Drift(missing=1, different=0, unwanted=1)
    assert plan.drift.total == 2
    assert [step.topic for step in plan.changes] == ["orders/create", "products/update"]


def test_other_addresses_are_never_touched_even_for_a_wanted_topic() -> None:
    foreign = Actual("9", "orders/create", OTHER)
    old_url = Actual("8", "products/update", "https://old.example.com/webhooks/shopify")
    plan = make_plan([desired("orders/create")], [foreign, old_url], CALLBACK)
    assert actions(plan.steps) == [("create", "orders/create", None)]
    assert plan.foreign == (foreign, old_url)


def test_a_different_filter_or_field_set_is_an_update_naming_what_differs() -> None:
    plan = make_plan(
        [
            desired("orders/create", PAID),
            desired("orders/paid", None, ("id", "updated_at", "email")),
            desired("customers/create"),
        ],
        [
            ours("1", "orders/create", filter="financial_status:pending"),
            ours("2", "orders/paid", include_fields=("id", "updated_at")),
            ours("3", "customers/create", filter="email:*", include_fields=("id",)),
        ],
        CALLBACK,
    )
    assert [(s.action, s.topic, s.differences) for s in plan.steps] == [
        (Action.UPDATE, "customers/create", ("filter", "includeFields")),
        (Action.UPDATE, "orders/create", ("filter",)),
        (Action.UPDATE, "orders/paid", ("includeFields",)),
    ]
    assert plan.drift == Drift(different=3)


def test_field_order_blank_filters_and_empty_field_lists_do_not_count_as_drift() -> None:
    wanted = desired("orders/create", f" {PAID} ", ("updated_at", "id", "email"))
    assert (
        differences(
            wanted,
            ours("1", "orders/create", filter=PAID, include_fields=("email", "id", "updated_at")),
        )
        == ()
    )
    assert (
        differences(
            desired("orders/paid"), ours("2", "orders/paid", filter="", include_fields=None)
        )
        == ()
    )


def test_a_non_json_format_is_drift() -> None:
    assert differences(desired("orders/create"), ours("1", "orders/create", format="XML")) == (
        "format",
    )


def test_duplicates_of_ours_for_one_topic_are_removed() -> None:
    plan = make_plan(
        [desired("orders/create")],
        [ours("1", "orders/create"), ours("2", "orders/create")],
        CALLBACK,
    )
    assert [(s.action, s.actual.id if s.actual else None, s.differences) for s in plan.steps] == [
        (Action.UNCHANGED, "1", ()),
        (Action.DELETE, "2", ("duplicate",)),
    ]


def test_nothing_wanted_removes_every_subscription_of_ours_only() -> None:
    plan = make_plan(
        [], [ours("1", "orders/create"), Actual("2", "orders/create", OTHER)], CALLBACK
    )
    assert actions(plan.steps) == [("delete", "orders/create", "1")]
    assert plan.count(Action.DELETE) == 1
    assert len(plan.foreign) == 1


def test_a_listed_node_becomes_an_actual_in_wire_form() -> None:
    node: dict[str, Any] = {
        "id": "gid://shopify/WebhookSubscription/7",
        "topic": "INVENTORY_LEVELS_UPDATE",
        "uri": CALLBACK,
        "filter": None,
        "includeFields": [],
        "format": "JSON",
    }
    assert actual_from_node(node) == Actual(
        "gid://shopify/WebhookSubscription/7", "inventory_levels/update", CALLBACK
    )
    newer = actual_from_node({**node, "topic": "SOMETHING_NEW", "includeFields": ["id"]})
    assert (newer.topic, newer.include_fields) == ("SOMETHING_NEW", ("id",))


def test_the_subscription_input_clears_filter_and_fields_with_null() -> None:
    assert subscription_input(desired("orders/create"), CALLBACK) == {
        "uri": CALLBACK,
        "format": "JSON",
        "filter": None,
        "includeFields": None,
    }
    narrowed = subscription_input(desired("orders/create", PAID, ("id", "updated_at")), CALLBACK)
    assert (narrowed["filter"], narrowed["includeFields"]) == (PAID, ["id", "updated_at"])
