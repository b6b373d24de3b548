"""The sandbox's domains: one module each, each a ``registry.Domain`` of resolvers.

To add a domain, write ``domains/<name>.py`` with a ``Domain`` and its resolvers (see
``registry``), then list it in ``DOMAINS`` below. ``build_registry`` refuses two
domains resolving the same field, and ``Registry.unknown_fields`` (checked by a test)
catches a field the served schemas do not have. Conventions that keep domains
consistent:

* documents are dicts keyed by GraphQL field name, with ``__typename`` and a GID
  ``id``; store explicit ``None`` for fields known to be null; references between
  documents are GIDs (``productId``);
* read with ``core.lookup(state, gid, "Type")``; write with ``state.save(doc)`` on a
  copy from ``state.edit``; never mutate a document handed out by the state;
* connections via ``connections.paginate``, ``query:`` via ``search.filter_items``,
  ``sortKey`` via ``connections.sort_function``, counts via ``connections.count_of``;
* mutations answer ``userErrors`` via ``payloads.user_error`` (message defaults to
  the code's documented meaning) and refuse input fields they ignore with
  ``payloads.refuse_unsupported_inputs``; idempotent mutations go through
  ``idempotency.run_idempotent``.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from graphql import GraphQLSchema

from shopbridge.sandbox.domains.abandoned_checkouts import abandoned_checkouts
from shopbridge.sandbox.domains.bulk_operations import bulk_operations
from shopbridge.sandbox.domains.catalog import catalog
from shopbridge.sandbox.domains.catalog_fields import catalog_fields
from shopbridge.sandbox.domains.catalog_mutations import catalog_mutations
from shopbridge.sandbox.domains.core import core
from shopbridge.sandbox.domains.custom_ids import custom_ids
from shopbridge.sandbox.domains.customer_contact_mutations import customer_contact_mutations
from shopbridge.sandbox.domains.customer_mutations import customer_mutations
from shopbridge.sandbox.domains.customers import customers
from shopbridge.sandbox.domains.discount_mutations import discount_mutations
from shopbridge.sandbox.domains.discounts import discounts
from shopbridge.sandbox.domains.draft_order_mutations import draft_order_mutations
from shopbridge.sandbox.domains.draft_orders import draft_orders
from shopbridge.sandbox.domains.files import files
from shopbridge.sandbox.domains.fulfillment_holds import fulfillment_holds
from shopbridge.sandbox.domains.fulfillments import fulfillments
from shopbridge.sandbox.domains.inventory import inventory
from shopbridge.sandbox.domains.inventory_mutations import inventory_mutations
from shopbridge.sandbox.domains.market_catalog_mutations import market_catalog_mutations
from shopbridge.sandbox.domains.market_fields import market_fields
from shopbridge.sandbox.domains.market_mutations import market_mutations
from shopbridge.sandbox.domains.markets import markets
from shopbridge.sandbox.domains.metafield_definitions import metafield_definitions
from shopbridge.sandbox.domains.metafields import metafields
from shopbridge.sandbox.domains.metaobjects import metaobjects
from shopbridge.sandbox.domains.order_mutations import order_mutations
from shopbridge.sandbox.domains.orders import orders
from shopbridge.sandbox.domains.price_list_mutations import price_list_mutations
from shopbridge.sandbox.domains.price_list_prices import price_list_prices
from shopbridge.sandbox.domains.product_media import product_media
from shopbridge.sandbox.domains.refund_mutations import refund_mutations
from shopbridge.sandbox.domains.shop import shop
from shopbridge.sandbox.domains.storefront_cart import storefront_cart
from shopbridge.sandbox.domains.storefront_cart_mutations import storefront_cart_mutations
from shopbridge.sandbox.domains.storefront_catalog import storefront_catalog
from shopbridge.sandbox.domains.storefront_product_fields import storefront_product_fields
from shopbridge.sandbox.domains.storefront_search import storefront_search
from shopbridge.sandbox.domains.variant_media import variant_media
from shopbridge.sandbox.domains.variant_mutations import variant_mutations
from shopbridge.sandbox.domains.webhook_subscriptions import webhook_subscriptions
from shopbridge.sandbox.registry import Domain, Registry

if TYPE_CHECKING:
    from shopbridge.sandbox.config import SandboxConfig
    from shopbridge.sandbox.state import State

__all__ = ["DOMAINS", "build_registry", "run_bootstraps"]

DOMAINS: tuple[Domain, ...] = (
    core,
    shop,
    catalog,
    catalog_fields,
    catalog_mutations,
    variant_mutations,
    inventory,
    inventory_mutations,
    webhook_subscriptions,
    metafields,
    metafield_definitions,
    metaobjects,
    files,
    product_media,
    variant_media,
    bulk_operations,
    orders,
    order_mutations,
    fulfillments,
    fulfillment_holds,
    refund_mutations,
    draft_orders,
    draft_order_mutations,
    abandoned_checkouts,
    customers,
    customer_mutations,
    customer_contact_mutations,
    custom_ids,
    discounts,
    discount_mutations,
    markets,
    market_fields,
    market_mutations,
    market_catalog_mutations,
    price_list_mutations,
    price_list_prices,
    storefront_catalog,
    storefront_product_fields,
    storefront_search,
    storefront_cart,
    storefront_cart_mutations,
)


def build_registry(schema: GraphQLSchema, api: str = "admin") -> Registry:
    """The resolvers of every domain serving ``api``, bound to ``schema``."""
    return Registry(schema, [domain for domain in DOMAINS if domain.api == api])


def run_bootstraps(state: State, config: SandboxConfig) -> None:
    """Prepare the store for every domain, in one transaction."""
    with state.transaction(source="bootstrap"):
        for domain in DOMAINS:
            for bootstrap in domain.bootstraps:
                bootstrap(state, config)
