"""Reading orders for the rules: the facts of a webhook payload, and Shopify's state now."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from shopbridge.shopify.admin import AdminClient, documents
from shopbridge.types import JSONObject, JSONValue

__all__ = ["OrderFacts", "OrderState", "read_order", "read_state", "seconds"]


@dataclass(frozen=True, slots=True)
class OrderFacts:
    """What an ``orders/*`` payload says about the order (or a timer's copy of it)."""

    id: str
    name: str
    created_at: float | None
    financial_status: str
    fulfillment_status: str
    total: str
    currency: str

    @property
    def gid(self) -> str:
        return f"gid://shopify/Order/{self.id}"

    @property
    def label(self) -> str:
        amount = f", {self.total} {self.currency}" if self.total else ""
        return f"Order {self.name}{amount}"

    def as_payload(self) -> JSONObject:
        """What a timer carries, read back by :func:`read_order`."""
        return {
            "id": self.id,
            "name": self.name,
            "created_at": self.created_at,
            "financial_status": self.financial_status,
            "fulfillment_status": self.fulfillment_status,
            "total_price": self.total,
            "currency": self.currency,
        }


@dataclass(frozen=True, slots=True)
class OrderState:
    """The order in Shopify now (``None`` from :func:`read_state` when it is gone)."""

    financial_status: str
    fulfillment_status: str
    cancelled: bool


def seconds(value: Any) -> float | None:
    """An ISO 8601 time (as Shopify sends) or unix seconds, as unix seconds."""
    if isinstance(value, int | float) and not isinstance(value, bool):
        return float(value)
    if not isinstance(value, str) or not value:
        return None
    try:
        return datetime.fromisoformat(value.replace("Z", "+00:00")).timestamp()
    except ValueError:
        return None


def read_order(payload: JSONValue) -> OrderFacts | None:
    """The order in a payload; None when it names no order."""
    if not isinstance(payload, Mapping) or payload.get("id") in (None, ""):
        return None
    name = payload.get("name")
    return OrderFacts(
        id=str(payload["id"]),
        name=str(name) if name else f"#{payload['id']}",
        created_at=seconds(payload.get("created_at")),
        financial_status=str(payload.get("financial_status") or "").lower(),
        fulfillment_status=str(payload.get("fulfillment_status") or "").lower(),
        total=str(payload.get("total_price") or ""),
        currency=str(payload.get("currency") or ""),
    )


async def read_state(client: AdminClient, order: OrderFacts) -> OrderState | None:
    """Shopify's state of the order now (webhooks may have been lost); None if it is gone."""
    result = await client.execute(documents.ORDER_STATE, {"id": order.gid})
    found = result.payload
    if not found:
        return None
    return OrderState(
        financial_status=str(found.get("displayFinancialStatus") or "").lower(),
        fulfillment_status=str(found.get("displayFulfillmentStatus") or "").lower(),
        cancelled=bool(found.get("cancelledAt")),
    )
