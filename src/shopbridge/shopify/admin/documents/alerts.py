"""Alerts: read an order's state when its time to be paid or fulfilled runs out."""

from __future__ import annotations

from ..document import Document

__all__ = ["ORDER_STATE"]

# Webhooks can be lost or late: before an unpaid or unfulfilled order alerts, its state is
# read from Shopify. Documented cost: 1.
ORDER_STATE = Document(
    """
query AlertOrderState($id: ID!) {
  order(id: $id) {
    id
    name
    displayFinancialStatus
    displayFulfillmentStatus
    cancelledAt
  }
}
"""
)
