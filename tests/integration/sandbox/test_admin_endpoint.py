"""The Admin endpoint over real HTTP: auth, versions, validation, cost and throttling."""

from __future__ import annotations

import uuid
from collections.abc import AsyncIterator

import pytest

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.seed import seed_catalog
from tests.conftest import FakeClock
from tests.integration.sandbox.harness import TOKEN, Client, running


@pytest.fixture
async def client(clock: FakeClock) -> AsyncIterator[Client]:
    async with running(SandboxConfig(admin_token=TOKEN, clock=clock)) as started:
        seed_catalog(started.sandbox.state, products=3, variants=2, locations=1)
        yield started


async def test_a_wrong_or_missing_token_is_refused_like_shopify(client: Client) -> None:
    for token in ("shpat_wrong", None):
        reply = await client.admin("{ shop { name } }", token=token)
        assert reply.status == 401
        assert reply.body == {
            "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
        }


async def test_versions_unknown_404_retired_fall_forward(client: Client) -> None:
    reply = await client.admin("{ shop { name } }", version="2031-13")
    assert reply.status == 404
    assert reply.body == {"errors": "Not Found"}
    old = await client.admin("{ shop { name } }", version="2024-01")
    assert old.status == 200
    assert old.headers["X-Shopify-API-Version"] == "2026-04"
    current = await client.admin("{ shop { name } }")
    assert current.headers["X-Shopify-API-Version"] == "2026-07"
    uuid.UUID(current.headers["X-Request-Id"])


async def test_invalid_documents_get_shopifys_error_shape_and_no_charge(client: Client) -> None:
    reply = await client.admin("{ shop { nam } }")
    assert reply.status == 200
    assert reply.body == {
        "errors": [
            {
                "message": "Field 'nam' doesn't exist on type 'Shop'",
                "locations": [{"line": 1, "column": 10}],
                "path": ["query", "shop", "nam"],
                "extensions": {"code": "undefinedField", "typeName": "Shop", "fieldName": "nam"},
            }
        ]
    }
    parse_failure = await client.admin("{ shop { name }")
    assert parse_failure.status == 200
    assert "locations" in parse_failure.body["errors"][0]
    after = await client.admin("{ shop { name } }")
    assert after.cost["throttleStatus"]["currentlyAvailable"] == 2000 - 1


async def test_cost_figures_are_in_every_executed_response(client: Client) -> None:
    reply = await client.admin("{ products(first: 10) { nodes { id title } } }")
    assert len(reply.body["data"]["products"]["nodes"]) == 3
    assert reply.cost == {
        "requestedQueryCost": 12,  # 2 + 10 x 1, as documented
        "actualQueryCost": 5,  # 2 + the 3 products returned
        "throttleStatus": {
            "maximumAvailable": 2000.0,
            "currentlyAvailable": 1995,
            "restoreRate": 100.0,
        },
    }
    mutation = await client.admin(
        'mutation { productUpdate(product: {id: "gid://shopify/Product/1", title: "x"}) '
        "{ userErrors { message } } }"
    )
    assert mutation.cost["requestedQueryCost"] == mutation.cost["actualQueryCost"] == 10


async def test_cost_debug_header_adds_the_field_breakdown(client: Client) -> None:
    reply = await client.admin("{ shop { name } }", headers={"Shopify-GraphQL-Cost-Debug": "1"})
    fields = reply.cost["fields"]
    assert {
        "path": ["shop"],
        "definedCost": 1,
        "requestedTotalCost": 1,
        "requestedChildrenCost": 0,
    } in fields
    plain = await client.admin("{ shop { name } }")
    assert "fields" not in plain.cost


async def test_max_cost_exceeded(client: Client) -> None:
    reply = await client.admin(
        "{ products(first: 250) { nodes { variants(first: 250) { nodes { id } } } } }"
    )
    assert reply.status == 200
    error = reply.body["errors"][0]
    assert error["extensions"]["code"] == "MAX_COST_EXCEEDED"
    assert error["extensions"]["maxCost"] == 1000
    assert error["message"].startswith(
        f"Query cost is {error['extensions']['cost']}, which exceeds"
    )
    assert "data" not in reply.body
    assert "extensions" not in reply.body


async def test_input_arrays_over_250_items_are_refused(client: Client) -> None:
    ids = [f"gid://shopify/Product/{n}" for n in range(251)]
    reply = await client.admin("query($ids: [ID!]!) { nodes(ids: $ids) { id } }", {"ids": ids})
    assert reply.body["errors"][0]["extensions"] == {"code": "MAX_INPUT_SIZE_EXCEEDED"}
    assert reply.body["errors"][0]["message"] == (
        "The input array size of 251 is greater than the maximum allowed of 250."
    )


async def test_throttled_when_the_bucket_cannot_cover_the_requested_cost(clock: FakeClock) -> None:
    config = SandboxConfig(admin_token=TOKEN, clock=clock, bucket_size=50.0, restore_rate=1.0)
    async with running(config) as small:
        query = "{ products(first: 40) { nodes { id } } }"  # requested 42, actual 2
        first = await small.admin(query)
        assert first.cost["throttleStatus"]["currentlyAvailable"] == 48
        for _ in range(3):
            await small.admin("{ locations(first: 5) { nodes { id name } } }")  # 7 each (actual 3)
        throttled = await small.admin(query)
        assert throttled.status == 200
        assert throttled.body == {
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
                    "requestedQueryCost": 42,
                    "actualQueryCost": None,
                    "throttleStatus": {
                        "maximumAvailable": 50.0,
                        "currentlyAvailable": 39,
                        "restoreRate": 1.0,
                    },
                }
            },
        }
        clock.advance(3.0)  # (42 - 39) / 1 point per second
        again = await small.admin(query)
        assert "errors" not in again.body


async def test_search_warnings_and_the_state_summary(client: Client) -> None:
    reply = await client.admin('{ products(first: 5, query: "colour:red") { nodes { id } } }')
    assert len(reply.body["data"]["products"]["nodes"]) == 3
    assert reply.body["extensions"]["search"][0]["warnings"] == [
        {
            "field": "colour",
            "message": "Invalid search field for this query.",
            "code": "invalid_field",
        }
    ]
    summary = await client.get("/sandbox/state")
    assert summary.status == 200
    assert summary.body["counts"]["Product"] == 3
    assert summary.body["shop"] == "sandbox-shop.myshopify.com"


async def test_storefront_placeholder(client: Client) -> None:
    refused = await client.storefront(
        "{ shop { name } }", {"X-Shopify-Storefront-Access-Token": "x"}
    )
    assert refused.status == 401
    token = client.sandbox.config.storefront_token
    invalid = await client.storefront(
        "{ shop { nam } }", {"X-Shopify-Storefront-Access-Token": token}
    )
    assert invalid.body["errors"][0]["extensions"]["code"] == "undefinedField"
    private = client.sandbox.config.storefront_private_token
    served = await client.storefront(
        '{ menu(handle: "main") { id } }', {"Shopify-Storefront-Private-Token": private}
    )
    assert served.status == 200
    assert served.body["errors"][0]["extensions"]["code"] == "NOT_SUPPORTED_BY_SANDBOX"
    assert served.body["errors"][0]["message"] == (
        "Field 'QueryRoot.menu' is not supported by the sandbox"
    )


async def test_request_bodies(client: Client) -> None:
    url = client.sandbox.admin_url()
    token = {"X-Shopify-Access-Token": TOKEN}
    raw = {**token, "Content-Type": "application/graphql"}
    async with client.http.post(url, data="{ shop { name } }", headers=raw) as response:
        assert (await response.json())["data"] == {"shop": {"name": "Sandbox Shop"}}
    for body in (b"not json", b'{"variables": {}}', b'{"query": 3}'):
        headers = {**token, "Content-Type": "application/json"}
        async with client.http.post(url, data=body, headers=headers) as response:
            assert response.status == 400
            assert await response.json() == {
                "errors": {"query": "Required parameter missing or invalid"}
            }
