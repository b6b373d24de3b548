"""Catalog and prices: upsert products, update variant prices, fixed prices in price lists."""

from __future__ import annotations

from ..document import Document

__all__ = [
    "PRICE_LISTS",
    "PRICE_LIST_FIXED_PRICES_UPDATE",
    "PRODUCT_SET",
    "PRODUCT_VARIANTS_BULK_UPDATE",
    "VARIANT_PRODUCTS",
]

# Declarative upsert: list fields (variants, metafields, files) replace what the product
# had. ``synchronous: false`` answers with a ``productSetOperation`` to poll instead.
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
