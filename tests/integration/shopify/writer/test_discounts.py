"""Discounts through the shop's writer (flow ``discounts``) against a sandbox, read back."""

from __future__ import annotations

import functools
import json
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.store.base import JobStatus

from .scenario import DESTINATION, DISCOUNTS_UPSERT, SHOP, Scenario, Seed, push, running, until

FIELDS = """
title status startsAt endsAt tags
combinesWith { orderDiscounts productDiscounts shippingDiscounts }
minimumRequirement {
  __typename
  ... on DiscountMinimumSubtotal { greaterThanOrEqualToSubtotal { amount } }
  ... on DiscountMinimumQuantity { greaterThanOrEqualToQuantity }
}
customerGets {
  value {
    __typename
    ... on DiscountPercentage { percentage }
    ... on DiscountAmount { amount { amount } appliesOnEachItem }
  }
  items {
    __typename
    ... on DiscountProducts {
      products(first: 10) { nodes { handle } }
      productVariants(first: 10) { nodes { sku } }
    }
  }
}
context {
  __typename
  ... on DiscountMarkets { markets(first: 5) { nodes { name } } }
  ... on DiscountCustomers { customers { defaultEmailAddress { emailAddress } } }
}
"""
CODE = f"""
query($code: String!) {{
  codeDiscountNodeByCode(code: $code) {{
    id
    codeDiscount {{ ... on DiscountCodeBasic {{
      {FIELDS} usageLimit appliesOncePerCustomer codes(first: 2) {{ nodes {{ code }} }}
    }} }}
  }}
}}
"""
AUTOMATIC = f"""
{{
  discountNodes(first: 10, query: "method:automatic") {{
    nodes {{ id discount {{ ... on DiscountAutomaticBasic {{ {FIELDS} }} }} }}
  }}
}}
"""
MARKET_CREATE = """
mutation($market: MarketCreateInput!) {
  marketCreate(input: $market) { market { id } userErrors { field message code } }
}
"""
CUSTOMER_SET = """
mutation($email: String!) {
  customerSet(identifier: {email: $email}, input: {email: $email}) {
    customer { id } userErrors { field message code }
  }
}
"""
AUTOMATIC_CREATE = """
mutation($d: DiscountAutomaticBasicInput!) {
  discountAutomaticBasicCreate(automaticBasicDiscount: $d) {
    automaticDiscountNode { id } userErrors { field message code }
  }
}
"""
CODE_UPDATE = """
mutation($id: ID!, $d: DiscountCodeBasicInput!) {
  discountCodeBasicUpdate(id: $id, basicCodeDiscount: $d) {
    codeDiscountNode { id } userErrors { field message code }
  }
}
"""


def summer(version: float, **more: Any) -> dict[str, Any]:
    return {
        "type": "code",
        "code": "SUMMER15",
        "title": "Summer 15",
        "value": {"percentage": 15},
        "applies_to": {"products": ["sandbox-product-00001"], "variants": [sku(2, 1)]},
        "minimum": {"subtotal": "40.00"},
        "starts_at": "2026-07-01T00:00:00Z",
        "ends_at": "2099-08-31T23:59:59Z",
        "usage_limit": 100,
        "applies_once_per_customer": True,
        "combines_with": {"shipping": True},
        "version": version,
        **more,
    }


async def read_code(world: Scenario, code: str) -> dict[str, Any] | None:
    reply = await world.sandbox.admin(CODE, {"code": code})
    node = reply.body["data"]["codeDiscountNodeByCode"]
    return None if node is None else {"id": node["id"], **node["codeDiscount"]}


async def read_automatic(world: Scenario) -> dict[str, dict[str, Any]]:
    """Every automatic discount by title."""
    reply = await world.sandbox.admin(AUTOMATIC)
    nodes = reply.body["data"]["discountNodes"]["nodes"]
    return {n["discount"]["title"]: {"id": n["id"], **n["discount"]} for n in nodes}


def targets(discount: dict[str, Any] | None) -> tuple[list[str], list[str]]:
    assert discount is not None
    items = discount["customerGets"]["items"]
    assert items["__typename"] == "DiscountProducts", items
    return (
        [p["handle"] for p in items["products"]["nodes"]],
        [v["sku"] for v in items["productVariants"]["nodes"]],
    )


async def dead_reasons(world: Scenario) -> dict[str, str]:
    """Dead discount items by identity (code or title): their reasons."""
    found = {}
    for job in await world.jobs(JobStatus.DEAD):
        [item] = json.loads(job.payload or b"")["items"]
        found[item.get("code") or item.get("title")] = job.last_reason or ""
    return found


@pytest.fixture
def seed() -> Seed:
    return functools.partial(seed_catalog, products=3, variants=2, locations=1)


async def test_a_code_discount_is_created_then_updated_by_code_with_lists_replaced(
    world: Scenario,
) -> None:
    job_id = await push(world, *DISCOUNTS_UPSERT, summer(1.0))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        created = await read_code(world, "SUMMER15")
        assert created is not None
        assert (created["title"], created["status"], created["codes"]["nodes"]) == (
            "Summer 15",
            "ACTIVE",
            [{"code": "SUMMER15"}],
        )
        assert created["customerGets"]["value"] == {
            "__typename": "DiscountPercentage",
            "percentage": 0.15,
        }
        assert targets(created) == (["sandbox-product-00001"], [sku(2, 1)])
        assert created["minimumRequirement"] == {
            "__typename": "DiscountMinimumSubtotal",
            "greaterThanOrEqualToSubtotal": {"amount": "40.0"},
        }
        assert (created["startsAt"], created["endsAt"]) == (
            "2026-07-01T00:00:00Z",
            "2099-08-31T23:59:59Z",
        )
        assert (created["usageLimit"], created["appliesOncePerCustomer"]) == (100, True)
        assert created["combinesWith"]["shippingDiscounts"] is True
        assert created["context"] == {"__typename": "DiscountBuyerSelectionAll"}

        second = {
            "type": "code",
            "code": "summer15",  # codes ignore case: the same discount
            "value": {"amount": "5.00", "applies_on_each_item": True},
            "applies_to": {"products": ["sandbox-product-00003"]},
            "usage_limit": None,
            "minimum": None,
            "version": 2.0,
        }
        await push(world, *DISCOUNTS_UPSERT, second)
        await until(world.settled)
    updated = await read_code(world, "SUMMER15")
    assert updated is not None
    assert updated["id"] == created["id"]
    assert updated["title"] == "Summer 15"  # not sent: left as it was
    assert targets(updated) == (["sandbox-product-00003"], [])  # replaced
    assert updated["customerGets"]["value"] == {
        "__typename": "DiscountAmount",
        "amount": {"amount": "5.0"},
        "appliesOnEachItem": True,
    }
    assert (updated["usageLimit"], updated["minimumRequirement"]) == (None, None)
    assert updated["appliesOncePerCustomer"] is True
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    key = "discount:code:summer15"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 2.0}
    assert (writer.stats.mutations, writer.stats.applied) == (2, 2)


async def test_versions_of_one_discount_coalesce_to_the_newest_and_older_ones_are_stale(
    world: Scenario,
) -> None:
    for version in (3.0, 7.0, 1.0):
        await push(world, *DISCOUNTS_UPSERT, summer(version, title=f"Summer v{version:g}"))
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
        await push(world, *DISCOUNTS_UPSERT, summer(5.0, title="Summer v5"))  # older than applied
        await until(world.settled)
    found = await read_code(world, "SUMMER15")
    assert found is not None
    assert found["title"] == "Summer v7"
    assert (writer.stats.mutations, writer.stats.applied, writer.stats.stale) == (1, 1, 3)


async def test_an_automatic_discount_for_a_market_is_found_again_by_title(
    world: Scenario,
) -> None:
    market = {
        "name": "Europe",
        "conditions": {"regionsCondition": {"regions": [{"countryCode": "FR"}]}},
        "currencySettings": {"baseCurrency": "EUR"},
    }
    reply = await world.sandbox.admin(MARKET_CREATE, {"market": market})
    assert reply.body["data"]["marketCreate"]["userErrors"] == []
    autumn = {
        "type": "automatic",
        "title": "EU autumn",
        "value": {"amount": "10.00"},
        "context": {"markets": ["Europe"]},
        "minimum": {"quantity": 2},
        "version": 1.0,
    }
    writer = world.writer()
    async with running(writer):
        await push(world, *DISCOUNTS_UPSERT, autumn)
        await until(world.settled)
        created = (await read_automatic(world))["EU autumn"]
        assert created["context"] == {
            "__typename": "DiscountMarkets",
            "markets": {"nodes": [{"name": "Europe"}]},
        }
        assert created["minimumRequirement"] == {
            "__typename": "DiscountMinimumQuantity",
            "greaterThanOrEqualToQuantity": "2",
        }
        assert created["customerGets"]["items"] == {"__typename": "AllDiscountItems"}
        primary = world.sandbox.sandbox.state.all("Market")[0]["name"]
        await push(
            world, *DISCOUNTS_UPSERT, {**autumn, "context": {"markets": [primary]}, "version": 2.0}
        )
        await until(world.settled)
    found = await read_automatic(world)
    assert list(found) == ["EU autumn"]  # updated, not created again
    assert found["EU autumn"]["context"]["markets"] == {"nodes": [{"name": primary}]}
    assert writer.stats.applied == 2


async def test_an_automatic_discount_with_a_key_keeps_it_when_its_title_changes(
    world: Scenario,
) -> None:
    first = {
        "type": "automatic",
        "key": "autumn-2026",
        "title": "Autumn",
        "value": {"percentage": 12.5},
        "version": 1.0,
    }
    writer = world.writer()
    async with running(writer):
        await push(world, *DISCOUNTS_UPSERT, first)
        await until(world.settled)
        await push(
            world, *DISCOUNTS_UPSERT, {**first, "title": "Autumn, last days", "version": 2.0}
        )
        await until(world.settled)
    found = await read_automatic(world)
    assert list(found) == ["Autumn, last days"]
    assert found["Autumn, last days"]["tags"] == ["shopbridge:autumn-2026"]
    assert found["Autumn, last days"]["customerGets"]["value"]["percentage"] == 0.125
    key = "discount:key:autumn-2026"
    assert await world.store.applied_versions(DESTINATION, [key]) == {key: 2.0}


async def test_customers_by_email_and_unknown_targets_are_dead_items_with_reasons(
    world: Scenario,
) -> None:
    reply = await world.sandbox.admin(CUSTOMER_SET, {"email": "ada@example.com"})
    assert reply.body["data"]["customerSet"]["userErrors"] == []
    vip = {
        "type": "code",
        "code": "VIP",
        "value": {"percentage": 20},
        "context": {"customers": ["ADA@example.com"]},
        "version": 1.0,
    }
    job_id = await push(
        world,
        *DISCOUNTS_UPSERT,
        vip,
        {**vip, "code": "NOSKU", "applies_to": {"variants": ["SKU-NOPE"]}},
        {**vip, "code": "NOHANDLE", "applies_to": {"products": ["no-such-product"]}},
        {**vip, "code": "NOONE", "context": {"customers": ["bob@example.com"]}},
        {**vip, "code": "NOMARKET", "context": {"markets": ["Atlantis"]}},
    )
    writer = world.writer()
    async with running(writer):
        await until(world.settled)
    found = await read_code(world, "VIP")
    assert found is not None
    assert found["title"] == "VIP"  # a code discount's title defaults to its code
    assert found["context"] == {
        "__typename": "DiscountCustomers",
        "customers": [{"defaultEmailAddress": {"emailAddress": "ada@example.com"}}],
    }
    assert await dead_reasons(world) == {
        "NOSKU": "unknown SKU 'SKU-NOPE': no variant in Shopify has it",
        "NOHANDLE": "unknown product 'no-such-product': no product in Shopify has that handle",
        "NOONE": "unknown customer 'bob@example.com': no customer in Shopify has that email",
        "NOMARKET": "unknown market 'Atlantis': no market in Shopify has that name, handle or id",
    }
    assert await read_code(world, "NOSKU") is None
    assert (await world.store.get_job(job_id)).status is JobStatus.DELIVERED
    assert (writer.stats.applied, writer.stats.rejected) == (1, 4)


async def test_a_discount_shopify_refuses_is_a_dead_item_that_lands_when_replayed_after_a_fix(
    world: Scenario,
) -> None:
    writer = world.writer()
    async with running(writer):
        await push(
            world, *DISCOUNTS_UPSERT, summer(1.0, starts_at="2099-09-01T00:00:00Z", ends_at=None)
        )
        await until(world.settled)
        found = await read_code(world, "SUMMER15")
        assert found is not None
        assert found["status"] == "SCHEDULED"
        shorter = {"type": "code", "code": "SUMMER15", "ends_at": "2099-08-01T00:00:00Z"}
        await push(world, *DISCOUNTS_UPSERT, {**shorter, "version": 2.0})
        await until(world.settled)
        [dead] = await world.jobs(JobStatus.DEAD)
        assert dead.flow == "discounts"
        assert dead.last_reason == (
            "Shopify refused the discount: basicCodeDiscount.endsAt: "
            "The end date should be after the start date. (END_DATE_BEFORE_START_DATE)"
        )
        assert json.loads(dead.payload or b"") == {
            "shop": SHOP,
            "items": [{**shorter, "version": 2.0}],
        }

        # The merchant moves the start earlier in Shopify; the operator replays.
        moved = {"id": found["id"], "d": {"startsAt": "2099-07-01T00:00:00Z"}}
        reply = await world.sandbox.admin(CODE_UPDATE, moved)
        assert reply.body["data"]["discountCodeBasicUpdate"]["userErrors"] == []
        await world.store.replay_job(dead.id, world.clock())
        await until(world.settled)
    found = await read_code(world, "SUMMER15")
    assert found is not None
    assert found["endsAt"] == "2099-08-01T00:00:00Z"
    assert (writer.stats.applied, writer.stats.rejected) == (2, 1)


async def test_deactivate_reactivate_and_delete(world: Scenario) -> None:
    writer = world.writer()
    async with running(writer):
        await push(world, *DISCOUNTS_UPSERT, summer(1.0, ends_at=None, status="deactivated"))
        await until(world.settled)
        found = await read_code(world, "SUMMER15")
        assert found is not None
        assert found["status"] == "EXPIRED"
        reopen = {"type": "code", "code": "SUMMER15", "status": "active", "version": 2.0}
        await push(world, *DISCOUNTS_UPSERT, reopen)
        await until(world.settled)
        found = await read_code(world, "SUMMER15")
        assert found is not None
        assert (found["status"], found["endsAt"]) == ("ACTIVE", None)
        gone = {"type": "code", "code": "SUMMER15", "delete": True}
        await push(world, *DISCOUNTS_UPSERT, {**gone, "version": 3.0})
        await until(world.settled)
        assert await read_code(world, "SUMMER15") is None
        await push(world, *DISCOUNTS_UPSERT, {**gone, "version": 4.0})  # nothing left to delete
        await until(world.settled)
    assert (writer.stats.applied, writer.stats.rejected) == (4, 0)
    assert writer.stats.mutations == 5  # create + deactivate, activate, delete


async def test_two_automatic_discounts_with_the_same_title_make_a_dead_item(
    world: Scenario,
) -> None:
    gets = {"value": {"percentage": 0.1}, "items": {"all": True}}
    for _ in range(2):
        reply = await world.sandbox.admin(
            AUTOMATIC_CREATE, {"d": {"title": "Twin", "customerGets": gets}}
        )
        assert reply.body["data"]["discountAutomaticBasicCreate"]["userErrors"] == []
    await push(
        world,
        *DISCOUNTS_UPSERT,
        {"type": "automatic", "title": "Twin", "value": {"percentage": 5}, "version": 1.0},
    )
    async with running(world.writer()):
        await until(world.settled)
    assert await dead_reasons(world) == {
        "Twin": "2 automatic discounts are titled 'Twin' in Shopify; give them distinct "
        "titles, or send a key"
    }
