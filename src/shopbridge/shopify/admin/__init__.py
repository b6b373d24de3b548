"""The Shopify Admin GraphQL client: cost-paced, retrying, with every document checked.

::

    async with AdminClient.from_settings(settings.shops["acme"]) as shopify:
        found = await shopify.execute(
            documents.VARIANTS_BY_SKU,
            {"query": documents.sku_search(["A-1", "B-2"]), "first": 50},
        )

Modules, in the order a call meets them: :mod:`.cost` (guards, requested cost),
:mod:`.throttle` (the bucket estimate), :mod:`.auth` (tokens), :mod:`.client`,
:mod:`.retry` (what may be resent), :mod:`.results` (userErrors per item);
:mod:`.documents` holds every document, :mod:`.check` validates them per API version.
"""

from __future__ import annotations

from . import documents
from .auth import ClientCredentialsToken, StaticToken, TokenSource
from .client import DEFAULT_TIMEOUT_SECS, AdminClient
from .cost import MAX_INPUT_ARRAY_ITEMS, MAX_QUERY_COST, check_limits, requested_cost
from .document import Document
from .results import (
    FailedItem,
    ItemErrors,
    Result,
    UserError,
    connection_nodes,
    item_errors,
    next_cursor,
    user_errors,
)
from .retry import DEFAULT_RETRY, Trouble, may_resend
from .stats import ClientStats
from .throttle import BucketEstimate, CostBucket, ThrottleStatus

__all__ = [
    "DEFAULT_RETRY",
    "DEFAULT_TIMEOUT_SECS",
    "MAX_INPUT_ARRAY_ITEMS",
    "MAX_QUERY_COST",
    "AdminClient",
    "BucketEstimate",
    "ClientCredentialsToken",
    "ClientStats",
    "CostBucket",
    "Document",
    "FailedItem",
    "ItemErrors",
    "Result",
    "StaticToken",
    "ThrottleStatus",
    "TokenSource",
    "Trouble",
    "UserError",
    "check_limits",
    "connection_nodes",
    "documents",
    "item_errors",
    "may_resend",
    "next_cursor",
    "requested_cost",
    "user_errors",
]
