"""Webhook subscriptions managed through the API (shop-specific subscriptions)."""

from __future__ import annotations

from ..document import Document

__all__ = [
    "WEBHOOK_SUBSCRIPTIONS",
    "WEBHOOK_SUBSCRIPTION_CREATE",
    "WEBHOOK_SUBSCRIPTION_DELETE",
    "WEBHOOK_SUBSCRIPTION_UPDATE",
]

WEBHOOK_SUBSCRIPTIONS = Document(
    """
query WebhookSubscriptions($first: Int!, $after: String, $topics: [WebhookSubscriptionTopic!]) {
  webhookSubscriptions(first: $first, after: $after, topics: $topics) {
    nodes { id topic uri name format filter includeFields createdAt updatedAt }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

WEBHOOK_SUBSCRIPTION_CREATE = Document(
    """
mutation WebhookSubscriptionCreate(
  $topic: WebhookSubscriptionTopic!
  $webhookSubscription: WebhookSubscriptionInput!
) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri name format filter includeFields }
    userErrors { field message }
  }
}
"""
)

WEBHOOK_SUBSCRIPTION_UPDATE = Document(
    """
mutation WebhookSubscriptionUpdate($id: ID!, $webhookSubscription: WebhookSubscriptionInput!) {
  webhookSubscriptionUpdate(id: $id, webhookSubscription: $webhookSubscription) {
    webhookSubscription { id topic uri name format filter includeFields }
    userErrors { field message }
  }
}
"""
)

WEBHOOK_SUBSCRIPTION_DELETE = Document(
    """
mutation WebhookSubscriptionDelete($id: ID!) {
  webhookSubscriptionDelete(id: $id) {
    deletedWebhookSubscriptionId
    userErrors { field message }
  }
}
"""
)
