"""Price changes as mutation calls: a variant's own price, or its fixed price in a price list.

- Own prices: ``productVariantsBulkUpdate``, one product per call (Shopify's rule), up
  to 250 variants; each variant sends the fields its row gives (``price``, and
  ``compareAtPrice`` when the row sets it, ``null`` clearing it). The bulk path runs
  these calls as one bulk mutation.
- Fixed prices: ``priceListFixedPricesUpdate(pricesToAdd:, variantIdsToDelete: [])``,
  one price list per call, up to 250; a fixed price replaces the list's, compare-at
  price included. Always on the direct path: a price list holds few fixed prices
  next to a catalog's variants, and the mutation is cheap.

Both are all or nothing; the generic senders settle them (:mod:`.send`).
"""

from __future__ import annotations

from typing import Any

from shopbridge.shopify.admin import documents

from .price_plan import PlannedPrice
from .send import Calls, grouped

__all__ = ["FIXED_PRICE_CALLS", "OWN_PRICE_CALLS"]


def _own_price(planned: PlannedPrice) -> dict[str, Any]:
    change = planned.row.change
    given: dict[str, str | None] = {} if change.price is None else {"price": change.price}
    if change.sets_compare_at:
        given["compareAtPrice"] = change.compare_at_price
    return {"id": planned.variant.variant_id, **given}


def _fixed_price(planned: PlannedPrice) -> dict[str, Any]:
    change = planned.row.change
    amounts = {"price": change.price, "compareAtPrice": change.compare_at_price}
    return {"variantId": planned.variant.variant_id} | {
        name: None if amount is None else {"amount": amount, "currencyCode": change.currency}
        for name, amount in amounts.items()
    }


def _list_id(planned: PlannedPrice) -> str:
    assert planned.price_list is not None
    return planned.price_list.id


OWN_PRICE_CALLS: Calls[PlannedPrice] = Calls(
    documents.PRODUCT_VARIANTS_BULK_UPDATE,
    grouped(lambda planned: planned.variant.product_id),
    lambda batch: {
        "productId": batch[0].variant.product_id,
        "variants": [_own_price(planned) for planned in batch],
    },
    ("variants",),
)

FIXED_PRICE_CALLS: Calls[PlannedPrice] = Calls(
    documents.PRICE_LIST_FIXED_PRICES_UPDATE,
    grouped(_list_id),
    lambda batch: {
        "priceListId": _list_id(batch[0]),
        "pricesToAdd": [_fixed_price(planned) for planned in batch],
        "variantIdsToDelete": [],
    },
    ("pricesToAdd",),
)
