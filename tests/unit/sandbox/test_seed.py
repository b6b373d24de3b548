"""The seeded catalog is the same every time for the same arguments."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.domains.inventory_store import quantity
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.state import State


def seeded(seed: int = 0) -> State:
    state = State(seed=seed, clock=lambda: datetime(2026, 7, 1, tzinfo=UTC))
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=4, variants=3, locations=2, seed=seed)
    return state


def snapshot(state: State) -> list[Any]:
    items = {item["id"]: item for item in state.all("InventoryItem")}
    return [
        (
            variant["id"],
            items[variant["inventoryItemId"]]["sku"],
            variant["price"],
            [
                quantity(level, "available")
                for level in state.find("InventoryLevel", "itemId", variant["inventoryItemId"])
            ],
        )
        for variant in state.all("ProductVariant")
    ]


def test_same_arguments_same_catalog_ids_included() -> None:
    assert snapshot(seeded()) == snapshot(seeded())
    assert snapshot(seeded(1)) != snapshot(seeded())


def test_shape_of_the_catalog() -> None:
    state = seeded()
    assert state.count("Product") == 4
    assert state.count("ProductVariant") == 12
    assert state.count("Location") == 2
    assert state.count("InventoryLevel") == 24
    skus = sorted(item["sku"] for item in state.all("InventoryItem"))
    assert skus[0] == sku(1, 1) == "SKU-00001-1"
    assert skus[-1] == "SKU-00004-3"
    product = state.first("Product", "handle", "sandbox-product-00002")
    assert product is not None
    assert [o["values"] for o in product["options"]] == [["S", "M", "L"]]


def test_seeding_twice_adds_nothing() -> None:
    state = seeded()
    summary = seed_catalog(state, products=4, variants=3, locations=2)
    assert summary.products == 0
    assert state.count("Product") == 4
