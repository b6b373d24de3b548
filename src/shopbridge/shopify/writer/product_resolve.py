"""Where a product upsert goes: ``productSet``'s identifier, or why it cannot go anywhere.

- **handle**: ``identifier: {handle}``; Shopify creates the product if no product has it.
- **external_id**: ``identifier: {customId}``; Shopify updates the product holding the
  custom ID or creates one. The custom ID's metafield is sent along whenever the upsert
  sends ``metafields`` (they replace the product's, and Shopify wants the custom ID among
  them), and for a product that does not exist yet (asked first with
  ``productByIdentifier``), so that the next upsert finds it.
- **sku**: the product owning a variant with that SKU, looked up fresh for every batch
  (``productVariants(query: "sku:…")``, exact matches only); ``identifier: {id}``. No
  variant has it: the product is created, which needs a title and variants (one of
  them with that SKU, as the endpoint checks), else the item is refused. Variants of
  several products have it: refused (the upsert would be a guess).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor

from .product_changes import ProductChange

__all__ = ["ProductTarget", "product_targets"]

SKUS_PER_LOOKUP: Final = 80
LOOKUP_PAGE: Final = 250


@dataclass(frozen=True, slots=True)
class ProductTarget:
    """``productSet``'s ``identifier`` (``None``: create) and whether to send the custom ID."""

    identifier: dict[str, Any] | None
    with_custom_id: bool = False


async def product_targets(
    client: AdminClient, changes: Sequence[ProductChange]
) -> list[ProductTarget | str]:
    """A target or the reason there is none, for each change in order."""
    owners = await _owners_by_sku([c.sku for c in changes if c.sku is not None], client)
    targets: list[ProductTarget | str] = []
    for change in changes:
        if change.external_id is not None:
            custom_id = change.external_id.as_input()
            sends_metafields = "metafields" in change.fields
            exists = sends_metafields or await _holds(client, custom_id)
            targets.append(ProductTarget({"customId": custom_id}, not exists or sends_metafields))
        elif change.sku is not None:
            targets.append(_by_sku(change, change.sku, owners.get(change.sku, set())))
        else:
            targets.append(ProductTarget({"handle": change.handle}))
    return targets


def _by_sku(change: ProductChange, sku: str, products: set[str]) -> ProductTarget | str:
    if len(products) == 1:
        return ProductTarget({"id": next(iter(products))})
    if products:
        return (
            f"SKU '{sku}' is on variants of {len(products)} products; "
            "identify the product by handle or external_id"
        )
    if not change.fields.get("title") or not change.fields.get("variants"):
        return (
            f"no variant in Shopify has SKU '{sku}'; to create the product, "
            "send title, options and variants (one with that SKU)"
        )
    return ProductTarget(None)


async def _holds(client: AdminClient, custom_id: dict[str, str]) -> bool:
    """Whether some product holds ``custom_id`` already."""
    found = await client.execute(documents.PRODUCT_BY_CUSTOM_ID, {"customId": custom_id})
    return isinstance(found.data.get("productByIdentifier"), dict)


async def _owners_by_sku(skus: list[str], client: AdminClient) -> dict[str, set[str]]:
    """SKU -> ids of the products with a variant of exactly that SKU."""
    owners: dict[str, set[str]] = {sku: set() for sku in skus}
    wanted = list(owners)
    for start in range(0, len(wanted), SKUS_PER_LOOKUP):
        variables: dict[str, Any] = {
            "query": documents.sku_search(wanted[start : start + SKUS_PER_LOOKUP]),
            "first": LOOKUP_PAGE,
            "after": None,
        }
        while True:
            page = (await client.execute(documents.VARIANTS_BY_SKU, variables)).payload
            for node in connection_nodes(page):
                product = node.get("product")
                if node.get("sku") in owners and isinstance(product, dict):
                    owners[str(node["sku"])].add(str(product["id"]))
            variables["after"] = next_cursor(page)
            if variables["after"] is None:
                break
    return owners
