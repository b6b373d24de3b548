"""Marketing: how many orders a customer has placed, to tell a first purchase from a repeat."""

from __future__ import annotations

from ..document import Document

__all__ = [
    "MARKETING_CUSTOMER_BY_EMAIL",
    "MARKETING_CUSTOMER_ORDERS",
    "MARKETING_ORDERS_COUNT",
]

# The customer's lifetime order count (the order being classified included, once Shopify
# has counted it). Documented cost: 1.
MARKETING_CUSTOMER_ORDERS = Document(
    """
query MarketingCustomerOrders($id: ID!) {
  customer(id: $id) {
    id
    numberOfOrders
  }
}
"""
)

# A guest order's email may belong to a customer whose orders count. Cost: 2 + 1.
MARKETING_CUSTOMER_BY_EMAIL = Document(
    """
query MarketingCustomerByEmail($query: String!) {
  customers(first: 1, query: $query) {
    nodes { id numberOfOrders }
  }
}
"""
)

# Orders matching a search (``customer_id:7 AND id:>123``: the customer's orders placed
# after the one being classified). Documented cost: 1.
MARKETING_ORDERS_COUNT = Document(
    """
query MarketingOrdersCount($query: String!) {
  ordersCount(query: $query, limit: null) {
    count
    precision
  }
}
"""
)
