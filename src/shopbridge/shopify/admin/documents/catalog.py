"""Catalog and prices: upsert products, update variant prices, fixed prices in price lists,
and the reads a sync compares with (paged, or whole-catalog bulk queries)."""

from __future__ import annotations

import json
from collections.abc import Iterable

from ..document import Document

__all__ = [
    "BULK_PRODUCTS",
    "BULK_VARIANT_PRICES",
    "PRICE_LISTS",
    "PRICE_LIST_FIXED_PRICES",
    "PRICE_LIST_FIXED_PRICES_UPDATE",
    "PRODUCTS_FOR_SYNC",
    "PRODUCT_BY_CUSTOM_ID",
    "PRODUCT_SET",
    "PRODUCT_VARIANTS_BULK_UPDATE",
    "VARIANT_PRICES_BY_ID",
    "VARIANT_PRICES_BY_SKU",
    "VARIANT_PRODUCTS",
    "handle_search",
]

# Declarative upsert: list fields (variants, metafields, files) replace what the product
# had. ``synchronous: false`` answers with a ``productSetOperation`` to poll instead.
# ``identifier`` is ``{handle}``, ``{id}`` or ``{customId: {namespace, key, value}}``;
# without one, a product is created. Also the bulk mutation of ``shopbridge sync products``.
PRODUCT_SET = Document(
    """
mutation ProductSet(
  $identifier: ProductSetIdentifiers
  $input: ProductSetInput!
  $synchronous: Boolean!
) {
  productSet(identifier: $identifier, input: $input, synchronous: $synchronous) {
    product {
      id
      handle
      variants(first: 250) { nodes { id sku inventoryItem { id } } }
    }
    productSetOperation { id status }
    userErrors { field message code }
  }
}
""",
    items=("input", "variants"),
)

# One product per call; atomic unless ``allowPartialUpdates: true`` is sent.
PRODUCT_VARIANTS_BULK_UPDATE = Document(
    """
mutation ProductVariantsBulkUpdate(
  $productId: ID!
  $variants: [ProductVariantsBulkInput!]!
  $allowPartialUpdates: Boolean
) {
  productVariantsBulkUpdate(
    productId: $productId
    variants: $variants
    allowPartialUpdates: $allowPartialUpdates
  ) {
    productVariants { id price compareAtPrice }
    userErrors { field message code }
  }
}
""",
    items=("variants",),
)

PRICE_LIST_FIXED_PRICES_UPDATE = Document(
    """
mutation PriceListFixedPricesUpdate(
  $priceListId: ID!
  $pricesToAdd: [PriceListPriceInput!]!
  $variantIdsToDelete: [ID!]!
) {
  priceListFixedPricesUpdate(
    priceListId: $priceListId
    pricesToAdd: $pricesToAdd
    variantIdsToDelete: $variantIdsToDelete
  ) {
    pricesAdded {
      variant { id }
      price { amount currencyCode }
      compareAtPrice { amount currencyCode }
    }
    deletedFixedPriceVariantIds
    userErrors { field message code }
  }
}
""",
    items=("pricesToAdd",),
)

# The price writer's name -> price list lookup (cached). Cost at ``first: 250``: 2 + 250 = 252.
PRICE_LISTS = Document(
    """
query PriceLists($first: Int!, $after: String) {
  priceLists(first: $first, after: $after) {
    nodes { id name currency }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# The product of variants named by id (``productVariantsBulkUpdate`` takes one product).
VARIANT_PRODUCTS = Document(
    """
query VariantProducts($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant { id sku product { id } }
  }
}
"""
)

# Does a product hold this custom ID (an ``id``-type metafield)? Asked before a ``productSet``
# by custom ID that sends no metafields, so that a new product is created carrying it.
PRODUCT_BY_CUSTOM_ID = Document(
    """
query ProductByCustomId($customId: UniqueMetafieldValueInput!) {
  productByIdentifier(identifier: {customId: $customId}) { id handle }
}
"""
)

# A price sync's current prices by SKU (``query`` from ``sku_search``; keep exact matches).
# Documented cost at ``first: 250``: 2 + 250 x 2 = 502.
VARIANT_PRICES_BY_SKU = Document(
    """
query VariantPricesBySku($query: String!, $first: Int!, $after: String) {
  productVariants(first: $first, after: $after, query: $query) {
    nodes { id sku price compareAtPrice product { id } }
    pageInfo { hasNextPage endCursor }
  }
}
"""
)

# The same for variants named by id (up to 250 ids; an unknown id is a null node).
VARIANT_PRICES_BY_ID = Document(
    """
query VariantPricesById($ids: [ID!]!) {
  nodes(ids: $ids) {
    ... on ProductVariant { id sku price compareAtPrice product { id } }
  }
}
"""
)

# Every variant's price, read by a bulk query when a price file is large.
BULK_VARIANT_PRICES = Document(
    """
query BulkVariantPrices {
  productVariants {
    edges { node { id sku price compareAtPrice product { id } } }
  }
}
"""
)

# A price list's current fixed prices for some variants (``query``: ``variant_id:1 OR …``).
# Documented cost at ``first: 240``: 1 + 2 + 240 x 4 = 963 (at 250 it would pass 1,000).
PRICE_LIST_FIXED_PRICES = Document(
    """
query PriceListFixedPrices($id: ID!, $query: String!, $first: Int!, $after: String) {
  priceList(id: $id) {
    id
    currency
    prices(first: $first, after: $after, originType: FIXED, query: $query) {
      nodes {
        variant { id }
        price { amount currencyCode }
        compareAtPrice { amount currencyCode }
      }
      pageInfo { hasNextPage endCursor }
    }
  }
}
"""
)

# What a product sync compares a product and its variants with (both reads select these).
_SYNCED_PRODUCT = (
    "id handle title descriptionHtml vendor productType tags status "
    "options { name optionValues { name } }"
)
_SYNCED_VARIANT = "sku price compareAtPrice selectedOptions { name value }"

# A product sync's read by handle (``query`` from :func:`handle_search`). A product with
# more variants or metafields than one page holds counts as differing.
# Documented cost per product: 1 + 2 (options) + 2 + 100 x 2 + 2 + 30 = 237.
PRODUCTS_FOR_SYNC = Document(
    f"""
query ProductsForSync($query: String!, $first: Int!, $after: String) {{
  products(first: $first, after: $after, query: $query) {{
    nodes {{
      {_SYNCED_PRODUCT}
      variants(first: 100) {{ nodes {{ {_SYNCED_VARIANT} }} pageInfo {{ hasNextPage }} }}
      metafields(first: 30) {{
        nodes {{ namespace key type value }}
        pageInfo {{ hasNextPage }}
      }}
    }}
    pageInfo {{ hasNextPage endCursor }}
  }}
}}
"""
)

# The whole catalog for a large product sync: variants and metafields come back as their
# own lines, each with ``__parentId`` (the product's id).
BULK_PRODUCTS = Document(
    f"""
query BulkProducts {{
  products {{
    edges {{
      node {{
        {_SYNCED_PRODUCT}
        variants {{ edges {{ node {{ id {_SYNCED_VARIANT} }} }} }}
        metafields {{ edges {{ node {{ id namespace key type value }} }} }}
      }}
    }}
  }}
}}
"""
)


def handle_search(handles: Iterable[str]) -> str:
    """``handle:"a" OR handle:"b"``: one search for a batch of products by handle
    (quoted as JSON strings, so a dash or quote stays part of the value)."""
    terms = [f"handle:{json.dumps(handle)}" for handle in dict.fromkeys(handles)]
    if not terms:
        raise ValueError("handle_search needs at least one handle")
    return " OR ".join(terms)
