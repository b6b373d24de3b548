"""Shared helpers of the order-family tests: a seeded store and an order placed in it."""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.seed import seed_catalog
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run

ORDER_FIELDS = """
id name number email tags displayFinancialStatus displayFulfillmentStatus closed cancelledAt
cancelReason sourceName confirmationNumber processedAt createdAt updatedAt
totalPriceSet { shopMoney { amount currencyCode } presentmentMoney { amount } }
subtotalPriceSet { shopMoney { amount } } totalTaxSet { shopMoney { amount } }
totalOutstandingSet { shopMoney { amount } }
lineItems(first: 10) { nodes { id sku quantity unfulfilledQuantity
  originalUnitPriceSet { shopMoney { amount } } variant { id } taxLines { title rate } } }
fulfillmentOrders(first: 5) { nodes { id status lineItems(first: 10) { nodes { id
  remainingQuantity totalQuantity } } } }
transactions { id kind status gateway amountSet { shopMoney { amount } } }
"""
CREATE = (
    "mutation($o: OrderCreateOrderInput!, $opt: OrderCreateOptionsInput) {"
    " orderCreate(order: $o, options: $opt) { order {" + ORDER_FIELDS + "}"
    " userErrors { field message code } } }"
)


def seeded_state() -> State:
    state = State()
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=2, variants=2, locations=1)
    return state


def usd(amount: str) -> dict[str, Any]:
    return {"shopMoney": {"amount": amount, "currencyCode": "USD"}}


def create_order(
    registry: Registry,
    state: State,
    lines: list[dict[str, Any]],
    behaviour: str | None = "DECREMENT_OBEYING_POLICY",
    **fields: Any,
) -> dict[str, Any]:
    options = {"inventoryBehaviour": behaviour} if behaviour else None
    body = run(registry, CREATE, {"o": {"lineItems": lines, **fields}, "opt": options}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["orderCreate"]
    return payload


def quantities(state: State, variant: dict[str, Any]) -> dict[str, int]:
    level = state.find("InventoryLevel", "itemId", variant["inventoryItemId"])[0]
    return dict(level["quantities"])
