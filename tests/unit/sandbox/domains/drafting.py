"""Shared helpers of the draft order tests: create and complete drafts through GraphQL."""

from __future__ import annotations

from typing import Any

from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.state import State
from tests.unit.sandbox.executing import run

DRAFT_FIELDS = """
id name status email note2 tags createdAt updatedAt completedAt invoiceUrl
totalQuantityOfLineItems
subtotalPriceSet { shopMoney { amount currencyCode } }
totalPriceSet { shopMoney { amount } } totalDiscountsSet { shopMoney { amount } }
appliedDiscount { title value valueType amountSet { shopMoney { amount } } }
customer { id email }
shippingAddress { city countryCodeV2 }
lineItems(first: 10) { nodes { id uuid name title sku quantity custom
  originalUnitPriceSet { shopMoney { amount } } discountedTotalSet { shopMoney { amount } }
  variant { id } } }
order { id name sourceName displayFinancialStatus }
"""
CREATE = (
    "mutation($i: DraftOrderInput!) { draftOrderCreate(input: $i) { draftOrder {"
    + DRAFT_FIELDS
    + "} userErrors { field message } } }"
)
COMPLETE = (
    "mutation($id: ID!, $p: Boolean) { draftOrderComplete(id: $id, paymentPending: $p) {"
    " draftOrder {" + DRAFT_FIELDS + "} userErrors { field message } } }"
)


def usd(amount: str) -> dict[str, str]:
    return {"amount": amount, "currencyCode": "USD"}


def create_draft(registry: Registry, state: State, **fields: Any) -> dict[str, Any]:
    body = run(registry, CREATE, {"i": fields}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["draftOrderCreate"]
    return payload


def complete_draft(
    registry: Registry, state: State, draft_id: str, pending: bool | None = None
) -> dict[str, Any]:
    body = run(registry, COMPLETE, {"id": draft_id, "p": pending}, state)
    assert "errors" not in body, body
    payload: dict[str, Any] = body["data"]["draftOrderComplete"]
    return payload
