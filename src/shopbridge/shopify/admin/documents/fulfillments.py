"""Tracking back: find the order and its shipments, create fulfillments, update tracking.

A shipment's fulfillment is remembered on its order as a metafield (namespace
:data:`SHIPMENT_NAMESPACE`, one key per shipment), so a shipment sent twice is found
again and never fulfilled twice (see ``docs/fulfillments.md``).
"""

from __future__ import annotations

from typing import Final

from ..document import Document

__all__ = [
    "FULFILLMENT_CREATE",
    "FULFILLMENT_EVENT_CREATE",
    "FULFILLMENT_TRACKING_INFO_UPDATE",
    "OPEN_FULFILLMENT_ORDERS",
    "ORDERS_FOR_SHIPMENT",
    "ORDER_BY_CUSTOM_ID",
    "SHIPMENT_NAMESPACE",
    "SHIPMENT_ORDER",
    "SHIPMENT_RECORD_SET",
    "order_search",
]

SHIPMENT_NAMESPACE: Final = "$app:shipments"


def order_search(field: str, value: str) -> str:
    """A search-syntax term matching ``value`` exactly (quoted, quotes escaped)."""
    escaped = value.replace("\\", "\\\\").replace('"', '\\"')
    return f'{field}:"{escaped}"'


# An order by name, tag, source identifier or PO number (the caller checks the match).
ORDERS_FOR_SHIPMENT = Document(
    """
query OrdersForShipment($query: String!) {
  orders(first: 5, query: $query) {
    nodes { id name tags sourceIdentifier poNumber }
  }
}
"""
)

# An order by a unique metafield (a custom ID such as the ERP's order number).
ORDER_BY_CUSTOM_ID = Document(
    """
query OrderByCustomId($identifier: OrderIdentifierInput!) {
  orderByIdentifier(identifier: $identifier) { id name }
}
"""
)

# The order, the shipment record (if this shipment was fulfilled before) and its
# fulfillments with their tracking and newest event. ``fulfillments`` and
# ``trackingInfo`` are plain lists: without ``first`` they are priced as one object.
SHIPMENT_ORDER = Document(
    """
query ShipmentOrder($id: ID!, $namespace: String!, $key: String!) {
  order(id: $id) {
    id
    name
    cancelledAt
    metafield(namespace: $namespace, key: $key) { value }
    fulfillments {
      id
      status
      trackingInfo { company number url }
      events(first: 1, reverse: true) { nodes { status happenedAt } }
    }
  }
}
"""
)

# What is left to fulfil, per open fulfillment order and its location, and the SKUs
# of the order (to tell "not on the order" from "nothing left").
OPEN_FULFILLMENT_ORDERS = Document(
    """
query OpenFulfillmentOrders($id: ID!) {
  order(id: $id) {
    lineItems(first: 100) { nodes { sku } }
    fulfillmentOrders(first: 10, query: "status:open OR status:in_progress") {
      nodes {
        id
        status
        assignedLocation { name location { id } }
        lineItems(first: 50) { nodes { id sku remainingQuantity } }
      }
    }
  }
}
"""
)

# Not idempotent: a resend after an unknown outcome could fulfil twice, so the writer
# looks the shipment up again before retrying.
FULFILLMENT_CREATE = Document(
    """
mutation FulfillmentCreate($fulfillment: FulfillmentInput!) {
  fulfillmentCreate(fulfillment: $fulfillment) {
    fulfillment { id name status trackingInfo { company number url } }
    userErrors { field message }
  }
}
"""
)

FULFILLMENT_TRACKING_INFO_UPDATE = Document(
    """
mutation FulfillmentTrackingInfoUpdate(
  $fulfillmentId: ID!
  $trackingInfoInput: FulfillmentTrackingInput!
  $notifyCustomer: Boolean
) {
  fulfillmentTrackingInfoUpdate(
    fulfillmentId: $fulfillmentId
    trackingInfoInput: $trackingInfoInput
    notifyCustomer: $notifyCustomer
  ) {
    fulfillment { id trackingInfo { company number url } }
    userErrors { field message }
  }
}
"""
)

FULFILLMENT_EVENT_CREATE = Document(
    """
mutation FulfillmentEventCreate($fulfillmentEvent: FulfillmentEventInput!) {
  fulfillmentEventCreate(fulfillmentEvent: $fulfillmentEvent) {
    fulfillmentEvent { id status happenedAt }
    userErrors { field message }
  }
}
"""
)

# The shipment → fulfillment record on the order (a json metafield).
SHIPMENT_RECORD_SET = Document(
    """
mutation ShipmentRecordSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id key }
    userErrors { field message code }
  }
}
"""
)
