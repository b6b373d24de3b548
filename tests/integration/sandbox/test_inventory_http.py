"""Inventory mutations over real HTTP: idempotency, compare-and-set, stocking rules."""

from __future__ import annotations

from collections.abc import AsyncIterator
from typing import Any

import pytest

from shopbridge.sandbox.seed import seed_catalog
from tests.integration.sandbox.harness import Client, running

SET = """
mutation Set($input: InventorySetQuantitiesInput!, $key: String!) {
  inventorySetQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { id reason referenceDocumentUri createdAt
      changes { name delta quantityAfterChange item { id } location { id } } }
    userErrors { field message code }
  }
}
"""
ADJUST = """
mutation Adjust($input: InventoryAdjustQuantitiesInput!, $key: String!) {
  inventoryAdjustQuantities(input: $input) @idempotent(key: $key) {
    inventoryAdjustmentGroup { changes { name delta quantityAfterChange ledgerDocumentUri } }
    userErrors { field message code }
  }
}
"""
LEVEL = """
query Level($sku: String!) {
  productVariants(first: 1, query: $sku) {
    nodes { inventoryItem { id inventoryLevels(first: 5) { nodes {
      location { id }
      quantities(names: ["available", "on_hand", "committed", "incoming"]) { name quantity }
    } } } }
  }
}
"""


@pytest.fixture
async def client() -> AsyncIterator[Client]:
    async with running() as started:
        seed_catalog(started.sandbox.state, products=2, variants=1, locations=2)
        yield started


async def stock(client: Client, sku: str = "SKU-00001-1") -> tuple[str, str, str, dict[str, int]]:
    """(item id, first location, second location, quantities at the first location)."""
    reply = await client.admin(LEVEL, {"sku": f"sku:{sku}"})
    item = reply.body["data"]["productVariants"]["nodes"][0]["inventoryItem"]
    levels = item["inventoryLevels"]["nodes"]
    quantities = {q["name"]: q["quantity"] for q in levels[0]["quantities"]}
    return item["id"], levels[0]["location"]["id"], levels[1]["location"]["id"], quantities


def set_input(item: str, location: str, quantity: int, change_from: int | None) -> dict[str, Any]:
    return {
        "name": "available",
        "reason": "correction",
        "referenceDocumentUri": "gid://shopbridge/SyncJob/1",
        "quantities": [
            {
                "inventoryItemId": item,
                "locationId": location,
                "quantity": quantity,
                "changeFromQuantity": change_from,
            }
        ],
    }


async def test_a_replay_with_the_same_key_returns_the_first_result_and_changes_nothing(
    client: Client,
) -> None:
    item, location, _, before = await stock(client)
    variables = {
        "input": set_input(item, location, before["available"] + 5, before["available"]),
        "key": "k-1",
    }
    first = await client.admin(SET, variables)
    payload = first.body["data"]["inventorySetQuantities"]
    assert payload["userErrors"] == []
    group = payload["inventoryAdjustmentGroup"]
    assert group["reason"] == "correction"
    assert group["referenceDocumentUri"] == "gid://shopbridge/SyncJob/1"
    assert [(c["name"], c["delta"], c["quantityAfterChange"]) for c in group["changes"]] == [
        ("available", 5, before["available"] + 5),
        ("on_hand", 5, before["on_hand"] + 5),
    ]
    changes: list[Any] = []
    client.sandbox.state.on_change(changes.append)
    replay = await client.admin(SET, variables)
    assert replay.body["data"] == first.body["data"]
    assert changes == []
    *_, after = await stock(client)
    assert after["available"] == before["available"] + 5
    other = await client.admin(SET, {**variables, "input": set_input(item, location, 1, None)})
    assert other.body["data"]["inventorySetQuantities"]["userErrors"] == [
        {
            "field": None,
            "message": (
                "The same idempotency key cannot be used with different operation parameters."
            ),
            "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH",
        }
    ]


async def test_the_directive_and_change_from_quantity_are_required(client: Client) -> None:
    item, location, _, before = await stock(client)
    without_key = SET.replace(" @idempotent(key: $key)", "").replace(", $key: String!", "")
    reply = await client.admin(without_key, {"input": set_input(item, location, 3, None)})
    assert reply.body["data"] == {"inventorySetQuantities": None}
    assert reply.body["errors"][0]["message"] == (
        "The @idempotent directive is required for this mutation but was not provided."
    )
    assert reply.body["errors"][0]["extensions"] == {"code": "BAD_REQUEST"}
    omitted = set_input(item, location, 3, None)
    del omitted["quantities"][0]["changeFromQuantity"]
    reply = await client.admin(SET, {"input": omitted, "key": "k-2"})
    assert reply.body["errors"][0]["message"] == (
        "InventoryQuantityInput must include the following argument: changeFromQuantity."
    )
    assert reply.body["errors"][0]["extensions"] == {"code": "INVALID_FIELD_ARGUMENTS"}
    *_, after = await stock(client)
    assert after == before


async def test_a_stale_change_from_quantity_is_refused_and_changes_nothing(client: Client) -> None:
    item, location, _, before = await stock(client)
    stale = set_input(item, location, 50, before["available"] + 1)
    reply = await client.admin(SET, {"input": stale, "key": "k-3"})
    assert reply.body["data"]["inventorySetQuantities"] == {
        "inventoryAdjustmentGroup": None,
        "userErrors": [
            {
                "field": ["input", "quantities", "0", "changeFromQuantity"],
                "message": "The changeFromQuantity value does not match persisted value.",
                "code": "CHANGE_FROM_QUANTITY_STALE",
            }
        ],
    }
    *_, after = await stock(client)
    assert after == before


async def test_one_bad_entry_refuses_the_whole_call(client: Client) -> None:
    item, location, _, before = await stock(client)
    given = set_input(item, location, 40, None)
    given["quantities"].append({**given["quantities"][0], "quantity": 41})
    given["quantities"].append(
        {**given["quantities"][0], "inventoryItemId": "gid://shopify/InventoryItem/1"}
    )
    reply = await client.admin(SET, {"input": given, "key": "k-4"})
    codes = [e["code"] for e in reply.body["data"]["inventorySetQuantities"]["userErrors"]]
    assert codes == ["NO_DUPLICATE_INVENTORY_ITEM_ID_GROUP_ID_PAIR", "INVALID_INVENTORY_ITEM"]
    *_, after = await stock(client)
    assert after == before
    bad_name = {**set_input(item, location, 1, None), "name": "committed", "reason": "because"}
    reply = await client.admin(SET, {"input": bad_name, "key": "k-5"})
    codes = [e["code"] for e in reply.body["data"]["inventorySetQuantities"]["userErrors"]]
    assert codes == ["INVALID_NAME", "INVALID_REASON"]


async def test_adjust_needs_stock_at_the_location_then_works(client: Client) -> None:
    item, location, second, before = await stock(client)
    other_item, *_ = await stock(client, "SKU-00002-1")
    state = client.sandbox.state
    # unstock the second product's item at the second location
    level = state.first("InventoryLevel", "pair", f"{other_item}|{second}")
    assert level is not None
    state.delete("InventoryLevel", int(level["id"].split("/")[-1].split("?")[0]))
    change = {
        "inventoryItemId": other_item,
        "locationId": second,
        "delta": 2,
        "changeFromQuantity": None,
    }
    given = {"name": "available", "reason": "received", "changes": [change]}
    reply = await client.admin(ADJUST, {"input": given, "key": "a-1"})
    assert reply.body["data"]["inventoryAdjustQuantities"]["userErrors"][0]["code"] == (
        "ITEM_NOT_STOCKED_AT_LOCATION"
    )
    activate = await client.admin(
        "mutation($i: ID!, $l: ID!) { "
        "inventoryActivate(inventoryItemId: $i, locationId: $l, available: 3)"
        ' @idempotent(key: "act-1") { '
        'inventoryLevel { quantities(names: ["available"]) { quantity } } '
        "userErrors { message } } }",
        {"i": other_item, "l": second},
    )
    level_after = activate.body["data"]["inventoryActivate"]["inventoryLevel"]
    assert level_after["quantities"] == [{"quantity": 3}]
    reply = await client.admin(ADJUST, {"input": given, "key": "a-2"})
    group = reply.body["data"]["inventoryAdjustQuantities"]["inventoryAdjustmentGroup"]
    assert group["changes"][0] == {
        "name": "available",
        "delta": 2,
        "quantityAfterChange": 5,
        "ledgerDocumentUri": None,
    }
    damaged: dict[str, Any] = {
        "name": "damaged",
        "reason": "damaged",
        "changes": [
            {"inventoryItemId": item, "locationId": location, "delta": 1, "changeFromQuantity": 0}
        ],
    }
    refused = await client.admin(ADJUST, {"input": damaged, "key": "a-3"})
    assert refused.body["data"]["inventoryAdjustQuantities"]["userErrors"][0]["code"] == (
        "INVALID_QUANTITY_DOCUMENT"
    )
    damaged["changes"][0]["ledgerDocumentUri"] = "erp://returns/7"
    accepted = await client.admin(ADJUST, {"input": damaged, "key": "a-4"})
    assert accepted.body["data"]["inventoryAdjustQuantities"]["userErrors"] == []
    *_, after = await stock(client)
    assert after["on_hand"] == before["on_hand"] + 1
    assert after["available"] == before["available"]
