"""The leaky bucket, with a fake clock, and Shopify's throttling answers."""

from __future__ import annotations

import json
import math

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox.throttle import (
    PLANS,
    BucketRegistry,
    LeakyBucket,
    cost_extensions,
    input_array_errors,
    max_cost_exceeded,
    max_cost_exceeded_body,
    throttled_body,
)
from tests.conftest import FakeClock


@pytest.mark.parametrize(
    ("plan", "rate", "size"),
    [
        ("standard", 100, 2_000),
        ("advanced", 200, 4_000),
        ("plus", 1_000, 20_000),
        ("enterprise", 2_000, 40_000),
    ],
)
def test_plan_presets(plan: str, rate: float, size: float, clock: FakeClock) -> None:
    assert PLANS[plan].restore_rate == rate
    assert PLANS[plan].maximum_available == size
    assert LeakyBucket(plan, clock).status() == {
        "maximumAvailable": size,
        "currentlyAvailable": size,
        "restoreRate": rate,
    }


def test_charge_requested_then_refund_to_actual(clock: FakeClock) -> None:
    # Live measurement: requested 862, actual 158 took a 4,000 bucket to 3,842.
    bucket = LeakyBucket("advanced", clock)
    decision = bucket.try_spend(862)
    assert decision.allowed
    assert decision.status["currentlyAvailable"] == 4_000 - 862
    bucket.refund(862 - 158)
    assert bucket.status()["currentlyAvailable"] == 3_842


def test_bucket_refills_at_the_restore_rate_up_to_its_size(clock: FakeClock) -> None:
    bucket = LeakyBucket("standard", clock)
    assert bucket.try_spend(1_500).allowed
    assert bucket.status()["currentlyAvailable"] == 500
    clock.advance(2.5)
    assert bucket.status()["currentlyAvailable"] == 750
    clock.advance(0.004)  # 0.4 points: not a whole point yet
    assert bucket.status()["currentlyAvailable"] == 750
    clock.advance(3600)
    assert bucket.status()["currentlyAvailable"] == 2_000


def test_throttled_request_changes_nothing_and_says_how_long_to_wait(clock: FakeClock) -> None:
    bucket = LeakyBucket("advanced", clock)
    for _ in range(4):
        assert bucket.try_spend(862).allowed
    decision = bucket.try_spend(862)
    assert decision.throttled
    assert decision.status["currentlyAvailable"] == 4_000 - 4 * 862  # 552
    # (requested - currentlyAvailable) / restoreRate
    assert decision.retry_after_secs == pytest.approx((862 - 552) / 200)
    clock.advance(decision.retry_after_secs)
    assert bucket.try_spend(862).allowed


def test_refund_never_overfills(clock: FakeClock) -> None:
    bucket = LeakyBucket("standard", clock)
    bucket.try_spend(10)
    bucket.refund(500)
    assert bucket.status()["currentlyAvailable"] == 2_000
    with pytest.raises(ValueError, match="negative"):
        bucket.refund(-1)


def test_lowered_restore_rate_simulates_throttle_pressure(clock: FakeClock) -> None:
    bucket = LeakyBucket("standard", clock)
    bucket.try_spend(2_000)
    clock.advance(1)
    bucket.set_restore_rate(10)
    clock.advance(1)
    assert bucket.status() == {
        "maximumAvailable": 2_000.0,
        "currentlyAvailable": 110,
        "restoreRate": 10.0,
    }
    bucket.set_restore_rate(0)
    decision = bucket.try_spend(200)
    assert decision.throttled
    assert math.isinf(decision.retry_after_secs)


def test_buckets_are_per_app_and_shop(clock: FakeClock) -> None:
    registry = BucketRegistry(lambda shop: "plus" if shop.startswith("big") else "standard", clock)
    registry.bucket("app-a", "small.myshopify.com").try_spend(2_000)
    assert registry.bucket("app-a", "small.myshopify.com").status()["currentlyAvailable"] == 0
    assert registry.bucket("app-b", "small.myshopify.com").status()["currentlyAvailable"] == 2_000
    assert registry.bucket("app-a", "other.myshopify.com").status()["currentlyAvailable"] == 2_000
    assert registry.bucket("app-a", "big.myshopify.com").status()["maximumAvailable"] == 20_000


def test_throttled_body_has_shopifys_shape(clock: FakeClock) -> None:
    bucket = LeakyBucket("advanced", clock)
    bucket.try_spend(3_428)
    decision = bucket.try_spend(862)
    body = throttled_body(decision.requested, decision.status)
    # Byte for byte the body a live store answered (HTTP 200, no Retry-After).
    assert json.dumps(body) == json.dumps(
        {
            "errors": [
                {
                    "message": "Throttled",
                    "extensions": {
                        "code": "THROTTLED",
                        "documentation": "https://shopify.dev/api/usage/rate-limits",
                    },
                }
            ],
            "extensions": {
                "cost": {
                    "requestedQueryCost": 862,
                    "actualQueryCost": None,
                    "throttleStatus": {
                        "maximumAvailable": 4000.0,
                        "currentlyAvailable": 572,
                        "restoreRate": 200.0,
                    },
                }
            },
        }
    )
    assert "data" not in body


def test_success_extensions_and_cost_debug_fields(clock: FakeClock) -> None:
    status = LeakyBucket("standard", clock).status()
    fields = [
        {"path": ["shop"], "definedCost": 1, "requestedTotalCost": 1, "requestedChildrenCost": 0}
    ]
    assert cost_extensions(1, 1, status) == {
        "cost": {"requestedQueryCost": 1, "actualQueryCost": 1, "throttleStatus": dict(status)}
    }
    assert cost_extensions(1, 1, status, fields)["cost"]["fields"] == fields


def test_max_cost_exceeded_body() -> None:
    assert max_cost_exceeded(1_000) is None
    body = max_cost_exceeded(1_293)
    assert body == max_cost_exceeded_body(1_293)
    assert body is not None
    [error] = body["errors"]
    assert error["message"].startswith(
        "Query cost is 1293, which exceeds the single query max cost limit (1000).\n\n"
    )
    assert "bulk operations should be used instead" in error["message"]
    assert error["extensions"] == {
        "code": "MAX_COST_EXCEEDED",
        "cost": 1293,
        "maxCost": 1000,
        "documentation": "https://shopify.dev/api/usage/rate-limits",
    }
    assert "extensions" not in body  # measured: no top-level cost block here


def test_input_arrays_over_250_items_are_refused(admin: GraphQLSchema) -> None:
    document = """
    query Nodes($ids: [ID!]!) {
      nodes(ids: $ids) { id }
    }"""
    ids = [f"gid://shopify/Product/{n}" for n in range(251)]
    assert input_array_errors(admin, document, {"ids": ids[:250]}) == []
    assert input_array_errors(admin, document, {"ids": ids}) == [
        {
            "message": "The input array size of 251 is greater than the maximum allowed of 250.",
            "locations": [{"line": 3, "column": 7}],
            "path": ["nodes", "ids"],
            "extensions": {"code": "MAX_INPUT_SIZE_EXCEEDED"},
        }
    ]


def test_nested_input_arrays_are_checked_too(admin: GraphQLSchema) -> None:
    document = """
    mutation ($input: InventorySetQuantitiesInput!) {
      inventorySetQuantities(input: $input) @idempotent(key: "k") { userErrors { code } }
    }"""
    quantity = {
        "inventoryItemId": "gid://shopify/InventoryItem/1",
        "locationId": "gid://shopify/Location/1",
        "quantity": 1,
        "changeFromQuantity": None,
    }
    body = {"name": "available", "reason": "correction", "quantities": [quantity] * 300}
    [error] = input_array_errors(admin, document, {"input": body})
    assert error["path"] == ["inventorySetQuantities", "input", "quantities"]
    assert error["message"].startswith("The input array size of 300 ")
