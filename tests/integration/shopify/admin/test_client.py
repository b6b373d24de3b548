"""AdminClient against a sandbox store over real HTTP: pacing, retries, userErrors, tokens."""

from __future__ import annotations

import asyncio
import json
from collections.abc import AsyncIterator
from typing import Any

import aiohttp
import pytest

from shopbridge.errors import (
    ShopifyAuthError,
    ShopifyGraphQLError,
    ShopifyGuardError,
    ShopifyRequestError,
)
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.oauth import client_id_of
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.shopify.admin import (
    AdminClient,
    ClientCredentialsToken,
    Document,
    StaticToken,
    documents,
    item_errors,
)
from tests.conftest import FakeClock
from tests.integration.sandbox.harness import TOKEN, VERSION, Client, running

CREATE_HOOK = documents.WEBHOOK_SUBSCRIPTION_CREATE


def admin(sandbox: Client, **options: Any) -> AdminClient:
    return AdminClient(
        sandbox.sandbox.config.shop_domain,
        access_token=TOKEN,
        api_version=VERSION,
        admin_api_url=sandbox.sandbox.url,
        **options,
    )


@pytest.fixture
async def store() -> AsyncIterator[Client]:
    async with running() as started:
        seed_catalog(started.sandbox.state, products=3, variants=1, locations=2)
        yield started


async def inventory_ids(client: AdminClient) -> tuple[list[str], list[str]]:
    """Inventory item ids of the three seeded SKUs, and the two location ids."""
    skus = [sku(p, 1) for p in (1, 2, 3)]
    found = await client.execute(
        documents.VARIANTS_BY_SKU, {"query": documents.sku_search(skus), "first": 10}
    )
    by_sku = {node["sku"]: node["inventoryItem"]["id"] for node in found.payload["nodes"]}
    places = await client.execute(documents.LOCATIONS, {"first": 10})
    return [by_sku[s] for s in skus], [node["id"] for node in places.payload["nodes"]]


def quantities(items: list[str], location: str, amounts: list[int]) -> list[dict[str, Any]]:
    return [
        {
            "inventoryItemId": item,
            "locationId": location,
            "quantity": amount,
            "changeFromQuantity": None,
        }
        for item, amount in zip(items, amounts, strict=True)
    ]


def set_input(entries: list[dict[str, Any]]) -> dict[str, Any]:
    return {
        "name": "available",
        "reason": "correction",
        "referenceDocumentUri": "gid://shopbridge/SyncJob/1",
        "quantities": entries,
    }


async def test_a_burst_over_the_bucket_is_paced_without_any_throttled_answer() -> None:
    # Standard plan (2,000-point bucket). Each call requests 752 points (refunded to its
    # actual cost afterwards), so only two fit in flight at once: the rest must wait.
    async with running() as store, admin(store) as client:
        seed_catalog(store.sandbox.state, products=5, variants=1)
        variables = {"query": documents.sku_search([sku(1, 1), sku(2, 1)]), "first": 250}
        results = await asyncio.gather(
            *(client.execute(documents.VARIANTS_BY_SKU, variables) for _ in range(12))
        )
    assert all(len(result.payload["nodes"]) == 2 for result in results)
    assert client.stats.throttled == 0
    assert client.stats.succeeded == client.stats.calls == 12
    assert client.stats.paced_waits > 0
    assert client.bucket.maximum == 2_000.0


async def test_under_throttle_pressure_the_client_waits_instead_of_failing() -> None:
    config = SandboxConfig(admin_token=TOKEN, restore_rate=10.0, bucket_size=40.0)
    async with running(config) as store, admin(store) as client:
        topics = [
            "ORDERS_CREATE",
            "ORDERS_UPDATED",
            "ORDERS_PAID",
            "ORDERS_CANCELLED",
            "ORDERS_FULFILLED",
            "CUSTOMERS_CREATE",
        ]
        await asyncio.gather(
            *(
                client.execute(
                    CREATE_HOOK,
                    {
                        "topic": topic,
                        "webhookSubscription": {"uri": f"https://erp.example.com/{n}"},
                    },
                )
                for n, topic in enumerate(topics)
            )
        )
        listed = await client.execute(documents.WEBHOOK_SUBSCRIPTIONS, {"first": 10})
    assert len(listed.payload["nodes"]) == 6
    assert client.stats.throttled == 0
    assert client.stats.paced_waits > 0
    assert client.stats.cost_used >= 60
    assert client.bucket.restore_rate == 10.0


async def test_a_throttled_answer_is_waited_out_and_resent() -> None:
    config = SandboxConfig(admin_token=TOKEN, restore_rate=20.0, bucket_size=100.0)
    async with running(config) as store, admin(store) as client:
        await client.execute(documents.LOCATIONS, {"first": 1})  # the client sees ~97 left
        # Another process of the same app drains the bucket behind the client's back.
        for n in range(7):
            hook = {"uri": f"https://other.example.com/{n}"}
            await store.admin(
                CREATE_HOOK.text, {"topic": "ORDERS_CREATE", "webhookSubscription": hook}
            )
        result = await client.execute(documents.LOCATIONS, {"first": 50})
    assert result.payload["nodes"]
    assert client.stats.throttled == 1
    assert client.stats.retries == 1


async def test_a_503_is_retried_until_the_query_succeeds(store: Client) -> None:
    store.sandbox.admin.set_faults({"error_rate": 1.0, "error_status": 503})

    async def backoff(_secs: float) -> None:  # the outage ends during the first backoff
        store.sandbox.admin.set_faults({"error_rate": 0.0})

    async with admin(store, sleep=backoff) as client:
        result = await client.execute(documents.LOCATIONS, {"first": 5})
    assert len(result.payload["nodes"]) == 2
    assert (client.stats.calls, client.stats.retries) == (2, 1)


async def test_a_mutation_that_may_have_run_is_not_resent_unless_idempotent(store: Client) -> None:
    async with admin(store) as client:
        items, locations = await inventory_ids(client)
        store.sandbox.admin.set_faults({"error_rate": 1.0, "error_status": 502})
        hook = {
            "topic": "ORDERS_CREATE",
            "webhookSubscription": {"uri": "https://erp.example.com/o"},
        }
        with pytest.raises(ShopifyRequestError) as raised:
            await client.execute(CREATE_HOOK, hook)
        assert raised.value.outcome_unknown
        assert raised.value.status_code == 502
        calls = client.stats.calls

        async def backoff(_secs: float) -> None:
            store.sandbox.admin.set_faults({"error_rate": 0.0})

        client._sleep = backoff  # the outage ends during the first backoff
        variables = {
            "input": set_input(quantities(items[:1], locations[0], [7])),
            "idempotencyKey": "k1",
        }
        result = await client.execute(documents.INVENTORY_SET_QUANTITIES, variables)
    assert calls == 3  # two lookups, then the hook once: not resent
    assert client.stats.calls == calls + 2  # the idempotent set: a 502, then a resend
    assert result.payload["userErrors"] == []


async def test_user_errors_are_mapped_to_the_items_that_caused_them(store: Client) -> None:
    async with admin(store) as client:
        items, locations = await inventory_ids(client)
        entries = quantities(items, locations[0], [5, -1, 9])
        result = await client.execute(
            documents.INVENTORY_SET_QUANTITIES,
            {"input": set_input(entries), "idempotencyKey": "k2"},
        )
    report = item_errors(result.payload, entries, documents.INVENTORY_SET_QUANTITIES.items or ())
    assert [(failed.index, failed.item["inventoryItemId"]) for failed in report.failed] == [
        (1, items[1])
    ]
    assert report.failed[0].errors[0].code == "INVALID_QUANTITY_NEGATIVE"
    assert report.ok_indexes == (0, 2)
    assert report.general == ()


async def test_top_level_errors_raise_with_the_request_id(store: Client) -> None:
    broken = Document("query Broken { shop { noSuchField } }")
    async with admin(store) as client:
        with pytest.raises(ShopifyGraphQLError) as raised:
            await client.execute(broken)
    assert raised.value.request_id
    assert "noSuchField" in str(raised.value)


async def test_guards_refuse_before_sending(store: Client) -> None:
    async with admin(store) as client:
        with pytest.raises(ShopifyGuardError, match="requested cost 1202"):
            await client.execute(documents.VARIANTS_BY_SKU, {"query": "sku:x", "first": 400})
        too_many = [{"inventoryItemId": "gid://shopify/InventoryItem/1"}] * 251
        with pytest.raises(ShopifyGuardError, match=r"input\.quantities has 251 items"):
            await client.execute(
                documents.INVENTORY_SET_QUANTITIES,
                {"input": set_input(too_many), "idempotencyKey": "k3"},
            )
    assert client.stats.calls == 0


async def test_documents_the_sandbox_serves_run_end_to_end(store: Client) -> None:
    async with admin(store) as client:
        created = await client.execute(
            documents.PRODUCT_SET,
            {
                "identifier": {"handle": "erp-tee"},
                "input": {
                    "title": "ERP Tee",
                    "handle": "erp-tee",
                    "productOptions": [{"name": "Title", "values": [{"name": "Default Title"}]}],
                    "variants": [
                        {
                            "optionValues": [{"optionName": "Title", "name": "Default Title"}],
                            "sku": "ERP-TEE",
                            "price": "12.00",
                        }
                    ],
                },
                "synchronous": True,
            },
        )
        assert created.payload["userErrors"] == []
        product = created.payload["product"]
        variant = product["variants"]["nodes"][0]
        priced = await client.execute(
            documents.PRODUCT_VARIANTS_BULK_UPDATE,
            {"productId": product["id"], "variants": [{"id": variant["id"], "price": "15.50"}]},
        )
        assert priced.payload["userErrors"] == []
        assert priced.payload["productVariants"][0]["price"] == "15.50"
        hook = await client.execute(
            CREATE_HOOK,
            {
                "topic": "PRODUCTS_UPDATE",
                "webhookSubscription": {"uri": "https://erp.example.com/p"},
            },
        )
        hook_id = hook.payload["webhookSubscription"]["id"]
        moved = await client.execute(
            documents.WEBHOOK_SUBSCRIPTION_UPDATE,
            {"id": hook_id, "webhookSubscription": {"uri": "https://erp.example.com/q"}},
        )
        assert moved.payload["webhookSubscription"]["uri"] == "https://erp.example.com/q"
        gone = await client.execute(documents.WEBHOOK_SUBSCRIPTION_DELETE, {"id": hook_id})
        assert gone.payload["deletedWebhookSubscriptionId"] == hook_id


async def test_client_credentials_token_is_fetched_once_and_refreshed_before_expiry(
    store: Client,
) -> None:
    clock = FakeClock()
    config = store.sandbox.config
    client = AdminClient(
        config.shop_domain,
        client_id=client_id_of(config),
        client_secret=config.app_secret,
        api_version=VERSION,
        admin_api_url=store.sandbox.url,
        clock=clock,
    )
    tokens = client.tokens
    assert isinstance(tokens, ClientCredentialsToken)
    async with client:
        assert tokens.fetches == 0  # lazily: nothing before the first call
        await asyncio.gather(*(client.execute(documents.LOCATIONS, {"first": 1}) for _ in range(5)))
        assert tokens.fetches == 1  # concurrent callers shared one fetch
        clock.advance(86_399 - 301)  # still more than the refresh margin left
        await client.execute(documents.LOCATIONS, {"first": 1})
        assert tokens.fetches == 1
        clock.advance(2)  # within five minutes of expiry: refresh first
        await client.execute(documents.LOCATIONS, {"first": 1})
        assert tokens.fetches == 2


async def test_wrong_client_credentials_raise_an_auth_error(store: Client) -> None:
    config = store.sandbox.config
    async with AdminClient(
        config.shop_domain,
        client_id=client_id_of(config),
        client_secret="shpss_wrong",
        admin_api_url=store.sandbox.url,
    ) as client:
        with pytest.raises(ShopifyAuthError, match="HTTP 401"):
            await client.execute(documents.LOCATIONS, {"first": 1})
    async with admin(store) as client:
        client.tokens = StaticToken("shpat_revoked")
        with pytest.raises(ShopifyAuthError):
            await client.execute(documents.LOCATIONS, {"first": 1})


async def test_a_bulk_mutation_runs_from_a_staged_upload_and_is_polled_to_completion(
    store: Client,
) -> None:
    async with admin(store) as client:
        found = await client.execute(
            documents.VARIANTS_BY_SKU,
            {"query": documents.sku_search([sku(1, 1), sku(2, 1)]), "first": 10},
        )
        rows = [
            {"productId": node["product"]["id"], "variants": [{"id": node["id"], "price": "9.99"}]}
            for node in found.payload["nodes"]
        ]
        staged = await client.execute(
            documents.STAGED_UPLOADS_CREATE,
            {
                "input": [
                    {
                        "filename": "prices.jsonl",
                        "mimeType": "text/jsonl",
                        "resource": "BULK_MUTATION_VARIABLES",
                        "httpMethod": "POST",
                    }
                ]
            },
        )
        [target] = staged.payload["stagedTargets"]
        form = aiohttp.FormData()
        for parameter in target["parameters"]:
            form.add_field(parameter["name"], parameter["value"])
        lines = "".join(json.dumps(row) + "\n" for row in rows).encode()
        form.add_field("file", lines, filename="prices.jsonl", content_type="text/jsonl")
        async with store.http.post(target["url"], data=form) as uploaded:
            assert uploaded.status == 201
        key = next(p["value"] for p in target["parameters"] if p["name"] == "key")
        started = await client.execute(
            documents.BULK_OPERATION_RUN_MUTATION,
            {"mutation": documents.PRODUCT_VARIANTS_BULK_UPDATE.text, "stagedUploadPath": key},
        )
        assert started.payload["userErrors"] == []
        operation_id = started.payload["bulkOperation"]["id"]
        for _ in range(200):
            polled = await client.execute(documents.BULK_OPERATION, {"id": operation_id})
            if polled.payload["status"] not in ("CREATED", "RUNNING"):
                break
            await asyncio.sleep(0.02)
        assert polled.payload["status"] == "COMPLETED"
        async with store.http.get(polled.payload["url"]) as results:
            answers = [json.loads(line) for line in (await results.text()).splitlines()]
    assert len(answers) == 2
    assert all(a["data"]["productVariantsBulkUpdate"]["userErrors"] == [] for a in answers)
