"""Every GraphQL document the engine sends to the Admin API, in one registry.

Documents live in topic modules as constants; :data:`ALL` lists them so that one
test (and ``shopbridge shopify check-version``) can validate each against the real
schema of an API version. A document sent by the engine but missing here is a bug.
"""

from __future__ import annotations

from ..document import Document
from .bulk import BULK_OPERATION, BULK_OPERATION_RUN_MUTATION, STAGED_UPLOADS_CREATE
from .catalog import (
    PRICE_LIST_FIXED_PRICES_UPDATE,
    PRICE_LISTS,
    PRODUCT_SET,
    PRODUCT_VARIANTS_BULK_UPDATE,
    VARIANT_PRODUCTS,
)
from .inventory import (
    INVENTORY_ITEMS_BY_SKU,
    INVENTORY_LEVELS_AT_LOCATION,
    INVENTORY_SET_QUANTITIES,
    LOCATIONS,
    VARIANTS_BY_SKU,
    item_search,
    sku_search,
)
from .webhooks import (
    WEBHOOK_SUBSCRIPTION_CREATE,
    WEBHOOK_SUBSCRIPTION_DELETE,
    WEBHOOK_SUBSCRIPTION_UPDATE,
    WEBHOOK_SUBSCRIPTIONS,
)

__all__ = [
    "ALL",
    "BULK_OPERATION",
    "BULK_OPERATION_RUN_MUTATION",
    "INVENTORY_ITEMS_BY_SKU",
    "INVENTORY_LEVELS_AT_LOCATION",
    "INVENTORY_SET_QUANTITIES",
    "LOCATIONS",
    "PRICE_LISTS",
    "PRICE_LIST_FIXED_PRICES_UPDATE",
    "PRODUCT_SET",
    "PRODUCT_VARIANTS_BULK_UPDATE",
    "STAGED_UPLOADS_CREATE",
    "VARIANTS_BY_SKU",
    "VARIANT_PRODUCTS",
    "WEBHOOK_SUBSCRIPTIONS",
    "WEBHOOK_SUBSCRIPTION_CREATE",
    "WEBHOOK_SUBSCRIPTION_DELETE",
    "WEBHOOK_SUBSCRIPTION_UPDATE",
    "item_search",
    "sku_search",
]

ALL: tuple[Document, ...] = (
    INVENTORY_SET_QUANTITIES,
    VARIANTS_BY_SKU,
    INVENTORY_ITEMS_BY_SKU,
    INVENTORY_LEVELS_AT_LOCATION,
    LOCATIONS,
    PRODUCT_SET,
    PRODUCT_VARIANTS_BULK_UPDATE,
    PRICE_LIST_FIXED_PRICES_UPDATE,
    PRICE_LISTS,
    VARIANT_PRODUCTS,
    STAGED_UPLOADS_CREATE,
    BULK_OPERATION_RUN_MUTATION,
    BULK_OPERATION,
    WEBHOOK_SUBSCRIPTIONS,
    WEBHOOK_SUBSCRIPTION_CREATE,
    WEBHOOK_SUBSCRIPTION_UPDATE,
    WEBHOOK_SUBSCRIPTION_DELETE,
)
