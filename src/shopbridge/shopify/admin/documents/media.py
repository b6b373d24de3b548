"""Media: product images and videos, variant images, files (banners) and their references.

The media writer reads a product's media with its record of what shopbridge attached
(a JSON metafield in the app's own namespace), creates new media with
``productUpdate(media:)`` (the 2026-07 way; ``productCreateMedia`` is deprecated),
deletes what it no longer lists with ``fileDelete``, reorders with
``productReorderMedia`` and points variants at their image with
``productVariantAppendMedia``/``productVariantDetachMedia``. Banners are files:
``fileCreate`` (``duplicateResolutionMode: REPLACE`` by filename), then a
``file_reference`` metafield with ``metafieldsSet``. Uploaded bytes go through
``STAGED_UPLOADS_CREATE`` (in ``bulk``).
"""

from __future__ import annotations

from ..document import Document

__all__ = [
    "MEDIA_FILE_CREATE",
    "MEDIA_FILE_DELETE",
    "MEDIA_FILE_UPDATE",
    "MEDIA_METAFIELDS_SET",
    "MEDIA_PRODUCT",
    "MEDIA_PRODUCT_ID",
    "MEDIA_PRODUCT_UPDATE",
    "MEDIA_REORDER",
    "MEDIA_SHOP_ID",
    "MEDIA_STATUS",
    "MEDIA_VARIANTS",
    "MEDIA_VARIANT_APPEND",
    "MEDIA_VARIANT_DETACH",
]

# A product (by handle or id) with its media in order and shopbridge's record of them.
# Cost: 1 + (2 + 250) + 1 = 254. Shopify caps a product at 250 media.
MEDIA_PRODUCT = Document(
    """
query MediaProduct($identifier: ProductIdentifierInput!, $namespace: String!, $key: String!) {
  productByIdentifier(identifier: $identifier) {
    id
    handle
    media(first: 250) { nodes { id alt mediaContentType status } }
    record: metafield(namespace: $namespace, key: $key) { value }
  }
}
"""
)

# Variants by SKU with their product and the media they show (a variant shows one).
# Cost at ``first: 100``: 2 + 100 * (1 + 1 + 3) = 502.
MEDIA_VARIANTS = Document(
    """
query MediaVariants($query: String!, $first: Int!) {
  productVariants(first: $first, query: $query) {
    nodes { id sku product { id } media(first: 1) { nodes { id } } }
  }
}
"""
)

# Processing status of media just created (waited on before a variant can show one).
MEDIA_STATUS = Document(
    """
query MediaStatus($ids: [ID!]!) {
  nodes(ids: $ids) { ... on Media { id status } }
}
"""
)

# New media are appended in the order sent; the answer lists the product's media after.
# The same call records them as pending in ``metafields`` (see the writer).
MEDIA_PRODUCT_UPDATE = Document(
    """
mutation MediaProductUpdate($product: ProductUpdateInput!, $media: [CreateMediaInput!]) {
  productUpdate(product: $product, media: $media) {
    product { id media(first: 250) { nodes { id alt mediaContentType status } } }
    userErrors { field message }
  }
}
""",
    items=("media",),
)

MEDIA_FILE_DELETE = Document(
    """
mutation MediaFileDelete($fileIds: [ID!]!) {
  fileDelete(fileIds: $fileIds) {
    deletedFileIds
    userErrors { field message code }
  }
}
""",
    items=("fileIds",),
)

# Alt text of media already attached (the file must be READY).
MEDIA_FILE_UPDATE = Document(
    """
mutation MediaFileUpdate($files: [FileUpdateInput!]!) {
  fileUpdate(files: $files) {
    files { id alt fileStatus }
    userErrors { field message code }
  }
}
""",
    items=("files",),
)

# ``moves`` run in order; each ``newPosition`` counts in the list as the earlier moves left it.
MEDIA_REORDER = Document(
    """
mutation MediaReorder($id: ID!, $moves: [MoveInput!]!) {
  productReorderMedia(id: $id, moves: $moves) {
    job { id done }
    mediaUserErrors { field message code }
  }
}
""",
    items=("moves",),
)

MEDIA_VARIANT_APPEND = Document(
    """
mutation MediaVariantAppend($productId: ID!, $variantMedia: [ProductVariantAppendMediaInput!]!) {
  productVariantAppendMedia(productId: $productId, variantMedia: $variantMedia) {
    productVariants { id }
    userErrors { field message code }
  }
}
""",
    items=("variantMedia",),
)

MEDIA_VARIANT_DETACH = Document(
    """
mutation MediaVariantDetach($productId: ID!, $variantMedia: [ProductVariantDetachMediaInput!]!) {
  productVariantDetachMedia(productId: $productId, variantMedia: $variantMedia) {
    productVariants { id }
    userErrors { field message code }
  }
}
""",
    items=("variantMedia",),
)

# A banner or other file; with ``REPLACE`` and a filename, a file of that name is replaced.
MEDIA_FILE_CREATE = Document(
    """
mutation MediaFileCreate($files: [FileCreateInput!]!) {
  fileCreate(files: $files) {
    files { id fileStatus alt }
    userErrors { field message code }
  }
}
""",
    items=("files",),
)

# Atomic: no metafield is set when one of them is refused.
MEDIA_METAFIELDS_SET = Document(
    """
mutation MediaMetafieldsSet($metafields: [MetafieldsSetInput!]!) {
  metafieldsSet(metafields: $metafields) {
    metafields { id namespace key }
    userErrors { field message code }
  }
}
""",
    items=("metafields",),
)

MEDIA_SHOP_ID = Document(
    """
query MediaShopId {
  shop { id }
}
"""
)

MEDIA_PRODUCT_ID = Document(
    """
query MediaProductId($handle: String!) {
  productByIdentifier(identifier: {handle: $handle}) { id }
}
"""
)
