"""Which order of its customer an order is (1 = their first), read from the payload or Shopify.

Order webhooks of older API versions carried ``customer.orders_count``; 2026-07 ones do
not, so the count is looked up in the Admin API:

* ``Customer.numberOfOrders`` is the customer's lifetime count, which includes the
  order being classified once Shopify has counted it. Orders the customer placed
  *after* it (a webhook processed late, a retry hours later) are counted too, so they
  are subtracted: ``ordersCount(query: "customer_id:C AND id:>O")``. Newer orders are
  recent, so the 60-day window of apps without ``read_all_orders`` does not hide them.
* A guest order (no customer) with an email is classified through the customer who
  owns that email, if any; the guest order is not among that customer's orders, so
  it comes after them.
* Without customer or known email the order cannot be classified (``None``).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any, Literal

from shopbridge.shopify.admin import AdminClient, documents

from .shapes import numeric_id

__all__ = ["OrderCount", "count_from_payload", "look_up_count"]

Source = Literal["payload", "admin_api"]


@dataclass(frozen=True, slots=True)
class OrderCount:
    """This order's place among its customer's orders (1 = the first) and where it came from."""

    number: int
    source: Source
    customer_id: str | None


def count_from_payload(order: Mapping[str, Any]) -> OrderCount | None:
    """The count an older payload carries (``customer.orders_count``, this order included)."""
    customer = order.get("customer")
    if not isinstance(customer, Mapping):
        return None
    raw = customer.get("orders_count")
    count = int(raw) if isinstance(raw, int | str) and str(raw).isdigit() else None
    if count is None:
        return None
    return OrderCount(max(1, count), "payload", numeric_id(customer.get("id")))


async def look_up_count(client: AdminClient, order: Mapping[str, Any]) -> OrderCount | None:
    """Ask the Admin API; None when the order has neither customer nor a customer's email."""
    order_id = numeric_id(order.get("id"))
    if order_id is None:
        return None
    customer = order.get("customer")
    customer_id = numeric_id(customer.get("id")) if isinstance(customer, Mapping) else None
    if customer_id is not None:
        found = await client.execute(
            documents.MARKETING_CUSTOMER_ORDERS,
            {"id": f"gid://shopify/Customer/{customer_id}"},
        )
        total = _count(found.payload.get("numberOfOrders")) if found.payload else None
        if total is None:  # the customer was deleted meanwhile
            return None
        later = await _later(client, customer_id, order_id) if total > 1 else 0
        return OrderCount(max(1, total - later), "admin_api", customer_id)
    email = order.get("email") or order.get("contact_email")
    if not isinstance(email, str) or "@" not in email:
        return None
    found = await client.execute(
        documents.MARKETING_CUSTOMER_BY_EMAIL,
        {"query": documents.search_any("email", [email.strip()])},
    )
    nodes = (found.data.get("customers") or {}).get("nodes") or []
    owner = nodes[0] if nodes and isinstance(nodes[0], Mapping) else None
    owner_id = numeric_id(owner.get("id")) if owner else None
    if owner is None or owner_id is None:
        return None
    total = _count(owner.get("numberOfOrders")) or 0
    later = await _later(client, owner_id, order_id) if total else 0
    return OrderCount(max(0, total - later) + 1, "admin_api", owner_id)


async def _later(client: AdminClient, customer_id: str, order_id: str) -> int:
    """How many of the customer's orders were placed after ``order_id``."""
    found = await client.execute(
        documents.MARKETING_ORDERS_COUNT,
        {"query": f"customer_id:{customer_id} AND id:>{order_id}"},
    )
    return _count(found.payload.get("count")) or 0


def _count(value: object) -> int | None:
    """``numberOfOrders`` is an UnsignedInt64, which Shopify writes as a string."""
    if isinstance(value, int) and not isinstance(value, bool):
        return value
    if isinstance(value, str) and value.isdigit():
        return int(value)
    return None
