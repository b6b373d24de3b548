"""Discount requests judged item by item: exact field paths, and what normalization gives."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.sources.discounts import MAX_ITEMS
from shopbridge.sources.discounts.validate import normalize
from tests.unit.sources.judging import RECEIVED_AT, Judge

judge = Judge(normalize)
CODE: dict[str, Any] = {"type": "code", "code": "SUMMER15", "value": {"percentage": 15}}
AUTOMATIC: dict[str, Any] = {"type": "automatic", "title": "Autumn", "value": {"amount": "5"}}


def test_only_the_fields_sent_are_stored_with_null_kept_where_it_clears() -> None:
    sent = {
        **CODE,
        "title": None,  # null where it cannot clear: as if absent
        "applies_to": {"products": ["tee", "tee", "gid://shopify/Product/7"]},
        "context": {"customers": ["ann@example.com", 42, "gid://shopify/Customer/43"]},
        "starts_at": "2026-07-01T02:00:00+02:00",
        "ends_at": None,
        "usage_limit": None,
        "minimum": None,
    }
    assert judge.ok(sent) == {
        "shop": "acme",
        "items": [
            {
                "type": "code",
                "code": "SUMMER15",
                "value": {"percentage": 15.0},
                "applies_to": {"products": ["tee", "gid://shopify/Product/7"]},
                "context": {
                    "customers": [
                        "ann@example.com",
                        "gid://shopify/Customer/42",
                        "gid://shopify/Customer/43",
                    ]
                },
                "starts_at": "2026-07-01T00:00:00Z",
                "minimum": None,
                "ends_at": None,
                "usage_limit": None,
                "version": RECEIVED_AT,
            }
        ],
    }


def test_a_batch_keeps_every_item_and_its_version() -> None:
    items = [
        {**CODE, "version": "2026-07-01T00:00:00Z"},
        {**AUTOMATIC, "key": "autumn-26", "context": {"markets": ["Europe"]}, "version": 7},
        {"type": "automatic", "key": "old", "delete": True},
    ]
    stored = judge.ok({"shop": "acme", "items": items})["items"]
    assert [item["version"] for item in stored] == [1782864000.0, 7.0, RECEIVED_AT]
    assert stored[1]["context"] == {"markets": ["Europe"]}
    assert stored[2] == {"type": "automatic", "key": "old", "delete": True, "version": RECEIVED_AT}


@pytest.mark.parametrize(
    ("item", "problems"),
    [
        ({"type": "code", "value": {"percentage": 5}}, [("code", "required for a code discount")]),
        (
            {**CODE, "key": "k"},
            [("key", "only for automatic discounts: a code discount is keyed by its code")],
        ),
        (
            {"type": "automatic", "code": "X", "usage_limit": 5, "applies_once_per_customer": True},
            [
                ("code", "only for code discounts"),
                ("usage_limit", "only for code discounts"),
                ("applies_once_per_customer", "only for code discounts"),
                ("title", "required: an automatic discount is keyed by its title (or give key)"),
            ],
        ),
        (
            {
                "type": "automatic",
                "key": "k",
                "delete": True,
                "value": {"percentage": 5},
                "status": "active",
            },
            [
                ("value", "not with delete: send the identity only"),
                ("status", "not with delete: send the identity only"),
            ],
        ),
        ({**CODE, "value": {}}, [("value", "required: give percentage or amount")]),
        (
            {**CODE, "value": {"percentage": 5, "amount": "1"}},
            [("value", "give percentage or amount, not both")],
        ),
        (
            {**CODE, "value": {"percentage": 5, "applies_on_each_item": True}},
            [("value.applies_on_each_item", "only with amount")],
        ),
        ({**CODE, "value": {"amount": "0.00"}}, [("value.amount", "must be more than 0")]),
        (
            {**CODE, "applies_to": {"all": True, "products": ["a"]}},
            [("applies_to", "give all or a list, not both")],
        ),
        (
            {**CODE, "applies_to": {}},
            [("applies_to", "required: give all or products or variants")],
        ),
        (
            {**CODE, "context": {"markets": ["EU"], "customers": ["a@b.co"]}},
            [("context", "give markets or customers, not both")],
        ),
        ({**CODE, "context": {}}, [("context", "required: give all or markets or customers")]),
        ({**CODE, "minimum": {}}, [("minimum", "give subtotal or quantity (one)")]),
        (
            {**CODE, "minimum": {"subtotal": "10", "quantity": 2}},
            [("minimum", "give subtotal or quantity (one)")],
        ),
        ({**CODE, "minimum": {"subtotal": "0"}}, [("minimum.subtotal", "must be more than 0")]),
        (
            {**CODE, "starts_at": "2026-07-02T00:00:00Z", "ends_at": "2026-07-02T02:00:00+02:00"},
            [("ends_at", "must be after starts_at")],
        ),
    ],
)
def test_rules_across_fields_name_the_field(
    item: dict[str, Any], problems: list[tuple[str, str]]
) -> None:
    assert judge.problems(item) == problems
    assert judge.problems({"items": [CODE, item]}) == [(f"items.1.{f}", m) for f, m in problems]


def test_shape_errors_have_paths() -> None:
    item = {
        "type": "voucher",
        "code": "",
        "value": {"percentage": 101, "amount": "1.234567"},
        "applies_to": {"all": False, "products": [], "variants": ["x"] * 101},
        "context": {"customers": ["not-an-email", 0, True], "segments": ["x"]},
        "minimum": {"quantity": 0},
        "starts_at": "2026-07-01T00:00:00",
        "ends_at": "tomorrow",
        "usage_limit": 0,
        "combines_with": {"order": "yes", "gift_cards": True},
        "status": "paused",
        "delete": False,
        "key": "no spaces",
        "colour": "red",
    }
    customer = "must be an email address or a customer id (a number or gid://shopify/Customer/<n>)"
    assert [field for field, _ in judge.problems({"items": [item]})] == [
        "items.0.type",
        "items.0.code",
        "items.0.key",
        "items.0.value.percentage",
        "items.0.value.amount",
        "items.0.applies_to.all",
        "items.0.applies_to.products",
        "items.0.applies_to.variants",
        "items.0.context.customers.0",
        "items.0.context.customers.1",
        "items.0.context.customers.2",
        "items.0.context.segments",
        "items.0.minimum.quantity",
        "items.0.starts_at",
        "items.0.ends_at",
        "items.0.usage_limit",
        "items.0.combines_with.order",
        "items.0.combines_with.gift_cards",
        "items.0.status",
        "items.0.delete",
        "items.0.colour",
    ]
    found = dict(judge.problems(item))
    assert found["context.customers.0"] == customer
    assert found["starts_at"] == "needs a UTC offset, as in 2026-07-01T00:00:00Z"
    assert found["ends_at"] == "must be an ISO 8601 time, as in 2026-07-01T00:00:00Z"
    assert found["colour"] == "unknown field"


def test_the_body_shop_and_batch_limits() -> None:
    too_many = {"items": [CODE] * (MAX_ITEMS + 1)}
    assert judge.problems(too_many) == [("items", "must be a list of 1 to 1,000 discounts")]
    assert judge.problems([]) == [
        ("body", 'must be a JSON object: one discount, or {"items": [...]}')
    ]
    assert judge.problems({**CODE, "shop": "globex"}) == [
        ("shop", "unknown shop 'globex' (configured: acme)")
    ]
    assert judge.problems({"items": [CODE, "x"]}) == [("items.1", "must be an object")]


def test_identity_rules_and_shape_errors_come_back_together() -> None:
    assert judge.problems(
        {"type": "automatic", "usage_limit": 3, "value": {"percentage": 150}}
    ) == [
        ("usage_limit", "only for code discounts"),
        ("title", "required: an automatic discount is keyed by its title (or give key)"),
        ("value.percentage", "Input should be less than or equal to 100"),
    ]
