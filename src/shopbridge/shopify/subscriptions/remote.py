"""Read the app's webhook subscriptions in a shop, every page of them."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.shopify import topics
from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor

from .plan import JSON_FORMAT, Actual

__all__ = ["actual_from_node", "list_subscriptions"]

PAGE_SIZE: Final = 100


def actual_from_node(node: Mapping[str, Any]) -> Actual:
    """A ``WebhookSubscription`` node as a value; unknown enum topics stay as Shopify wrote them."""
    enum = str(node.get("topic") or "")
    fields = node.get("includeFields")
    listed = tuple(str(f) for f in fields) if isinstance(fields, list) and fields else None
    uri = node.get("uri")
    return Actual(
        id=str(node["id"]),
        topic=topics.from_enum(enum) or enum,
        uri=uri if isinstance(uri, str) else "",
        filter=node.get("filter") or None,
        include_fields=listed,
        format=str(node.get("format") or JSON_FORMAT),
    )


async def list_subscriptions(client: AdminClient) -> list[Actual]:
    """Every subscription the app has in the client's shop (Shopify lists only the app's own)."""
    found: list[Actual] = []
    after: str | None = None
    while True:
        result = await client.execute(
            documents.WEBHOOK_SUBSCRIPTIONS, {"first": PAGE_SIZE, "after": after, "topics": None}
        )
        found.extend(actual_from_node(node) for node in connection_nodes(result.payload))
        after = next_cursor(result.payload)
        if after is None:
            return found
