"""Price entries out: ``productVariantsBulkUpdate`` per product, fixed prices per price list.

Both mutations are all or nothing (no ``allowPartialUpdates``): when Shopify names bad
items, those are rejected with its reason and the others, not applied, are sent again
without them. A call refused as a whole (a malformed id) is halved until the culprit is
alone. The sender decides; the writer records what it returns (:class:`~.kinds.SendOutcome`).
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Sequence
from typing import Any, Final, TypeVar

from shopbridge import errors
from shopbridge.shopify.admin import AdminClient, UserError, documents, item_errors
from shopbridge.shopify.admin.document import Document

from .buffer import Entry
from .kinds import SendOutcome
from .price_changes import PriceChange
from .price_resolve import PriceResolver, Variant

__all__ = ["PRICE_SET_COST", "PriceSender"]

PRICE_SET_COST: Final = 10
MAX_RESENDS: Final = 5

PriceEntry = Entry[PriceChange]
Planned = tuple[PriceEntry, Variant]
T = TypeVar("T")


class PriceSender:
    """Writes price entries for one shop; ``max_items`` per call (≤ 250)."""

    def __init__(self, client: AdminClient, resolver: PriceResolver, max_items: int) -> None:
        self.client = client
        self.resolver = resolver
        self.max_items = max(1, min(max_items, 250))

    async def write(self, entries: Sequence[PriceEntry]) -> SendOutcome:
        outcome = SendOutcome()
        variants = await self.resolver.variants([entry.change for entry in entries])
        by_product: dict[str, list[Planned]] = {}
        by_list: dict[str, list[Planned]] = {}
        seen: set[tuple[str, str | None]] = set()
        for entry, variant in zip(entries, variants, strict=True):
            if isinstance(variant, str):
                outcome.rejected.append((entry, variant))
                continue
            where = entry.change.price_list
            if (variant.variant_id, where) in seen:  # one variant twice in a call: Shopify refuses
                outcome.later.append(entry)
                continue
            seen.add((variant.variant_id, where))
            if where is None:
                by_product.setdefault(variant.product_id, []).append((entry, variant))
            else:
                by_list.setdefault(where, []).append((entry, variant))
        for product_id, planned in by_product.items():
            for chunk in _chunks(planned, self.max_items):
                await self._send(
                    outcome,
                    documents.PRODUCT_VARIANTS_BULK_UPDATE,
                    chunk,
                    functools.partial(_variant_variables, product_id),
                )
        for given, planned in by_list.items():
            price_list = await self.resolver.price_list(given)
            if isinstance(price_list, str):
                outcome.rejected.extend((entry, price_list) for entry, _ in planned)
                continue
            for chunk in _chunks(planned, self.max_items):
                await self._send(
                    outcome,
                    documents.PRICE_LIST_FIXED_PRICES_UPDATE,
                    chunk,
                    functools.partial(_fixed_variables, price_list.id),
                )
        return outcome

    async def _send(
        self,
        outcome: SendOutcome,
        document: Document,
        planned: list[Planned],
        variables: Callable[[list[Planned]], dict[str, Any]],
        resends: int = 0,
    ) -> None:
        outcome.mutations += 1
        try:
            result = await self.client.execute(document, variables(planned))
        except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
            if len(planned) == 1:
                outcome.rejected.append((planned[0][0], f"Shopify refused the item: {exc}"))
                return
            half = len(planned) // 2
            await self._send(outcome, document, planned[:half], variables, resends)
            await self._send(outcome, document, planned[half:], variables, resends)
            return
        report = item_errors(result.payload, planned, document.items or ())
        if report.ok:
            outcome.applied.extend(entry for entry, _ in planned)
            return
        if report.general:
            why = "Shopify refused the whole call: " + _describe(report.general)
            outcome.rejected.extend((entry, why) for entry, _ in planned)
            return
        for failed in report.failed:
            reason = "Shopify refused the item: " + _describe(failed.errors)
            outcome.rejected.append((failed.item[0], reason))
        resend = [planned[index] for index in report.ok_indexes]
        if resend and resends < MAX_RESENDS:
            await self._send(outcome, document, resend, variables, resends + 1)
        else:
            outcome.later.extend(entry for entry, _ in resend)


def _variant_variables(product_id: str, planned: Sequence[Planned]) -> dict[str, Any]:
    variants = []
    for entry, variant in planned:
        change = entry.change
        row: dict[str, Any] = {"id": variant.variant_id}
        if change.price is not None:
            row["price"] = change.price
        if change.sets_compare_at:
            row["compareAtPrice"] = change.compare_at_price
        variants.append(row)
    return {"productId": product_id, "variants": variants}


def _fixed_variables(price_list_id: str, planned: Sequence[Planned]) -> dict[str, Any]:
    prices = []
    for entry, variant in planned:
        change = entry.change
        currency = change.currency
        compare = change.compare_at_price
        prices.append(
            {
                "variantId": variant.variant_id,
                "price": {"amount": change.price, "currencyCode": currency},
                "compareAtPrice": None
                if compare is None
                else {"amount": compare, "currencyCode": currency},
            }
        )
    return {"priceListId": price_list_id, "pricesToAdd": prices, "variantIdsToDelete": []}


def _describe(found: Sequence[UserError]) -> str:
    return "; ".join(f"{e.message} ({e.code})" if e.code else e.message for e in found)


def _chunks(items: list[T], size: int) -> list[list[T]]:
    return [items[start : start + size] for start in range(0, len(items), size)]
