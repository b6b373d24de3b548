"""SKU or variant id -> variant and product, price list name -> price list, cached.

``productVariantsBulkUpdate`` takes one product per call, so a variant price needs
its product's id too: SKUs are looked up with ``VARIANTS_BY_SKU``, variant ids with
``VARIANT_PRODUCTS``. Price lists are few and rarely renamed: the whole list is
loaded once and reloaded when it expires or an unknown name shows up.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor

from .price_changes import PriceChange
from .resolve import DEFAULT_TTL_SECS
from .sku_cache import UNKNOWN_TTL_SECS, SkuCache

__all__ = ["PriceList", "PriceResolver", "Variant"]

NODE_COST: Final = 3  # a variant with its product and inventory item
LOOKUP_PAGE: Final = 250
SKUS_PER_LOOKUP: Final = 80
FIRST_PAGE: Final = 30
IDS_PER_LOOKUP: Final = 100
REFRESH_MIN_SECS: Final = 10.0
GID_PREFIX: Final = "gid://shopify/"

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Variant:
    variant_id: str
    product_id: str


@dataclass(frozen=True, slots=True)
class PriceList:
    id: str
    name: str
    currency: str


class PriceResolver:
    """Finds variants (with their product) and price lists, or a reason there is none."""

    def __init__(
        self,
        client: AdminClient,
        *,
        ttl_secs: float = DEFAULT_TTL_SECS,
        clock: Clock = time.monotonic,
    ) -> None:
        self._client = client
        self._ttl = ttl_secs
        self._clock = clock
        self._skus: SkuCache[Variant] = SkuCache(ttl_secs, clock)
        self._ids: dict[str, tuple[Variant | None, float]] = {}
        self._lists: dict[str, PriceList] = {}
        self._lists_at: float | None = None
        self.lookups = 0

    async def variants(self, changes: Sequence[PriceChange]) -> list[Variant | str]:
        """A variant or a reason, for each change in order (``ShopifyError`` if Shopify fails)."""
        await self._load_skus(c.sku for c in changes if c.variant_id is None and c.sku)
        await self._load_ids(c.variant_id for c in changes if c.variant_id is not None)
        return [self._variant(change) for change in changes]

    async def price_list(self, given: str) -> PriceList | str:
        """The price list named ``given`` (a name or a GID), or why there is none."""
        if self._lists_stale(given not in self._lists):
            await self._load_lists()
        found = self._lists.get(given)
        if found is None:
            return f"unknown price list '{given}': no price list in Shopify has that name or id"
        return found

    def forget(self, skus: Iterable[str] = ()) -> None:
        self._skus.forget(skus)

    def forget_all(self) -> None:
        self._skus.clear()
        self._ids.clear()
        self._lists_at = None

    def _variant(self, change: PriceChange) -> Variant | str:
        if change.variant_id is not None:
            found = self._ids.get(change.variant_id, (None, 0.0))[0]
            if found is None:
                return f"unknown variant '{change.variant_id}': no variant in Shopify has that id"
            return found
        variants = self._skus.get(change.sku or "")
        if not variants:
            return f"unknown SKU '{change.sku}': no variant in Shopify has it"
        if len(variants) > 1:
            count = len(variants)
            return f"SKU '{change.sku}' belongs to {count} variants; send variant_id instead"
        return variants[0]

    async def _load_skus(self, wanted: Iterable[str]) -> None:
        self.lookups += await self._skus.load(
            self._client,
            documents.VARIANTS_BY_SKU,
            wanted,
            _read_variant,
            self._page_size(),
            SKUS_PER_LOOKUP,
        )

    async def _load_ids(self, wanted: Iterable[str]) -> None:
        now = self._clock()
        missing = [i for i in dict.fromkeys(wanted) if self._ids.get(i, (None, 0.0))[1] <= now]
        for start in range(0, len(missing), IDS_PER_LOOKUP):
            batch = missing[start : start + IDS_PER_LOOKUP]
            self.lookups += 1
            result = await self._client.execute(documents.VARIANT_PRODUCTS, {"ids": batch})
            nodes = result.data.get("nodes")
            found = {
                variant.variant_id: variant
                for node in (nodes if isinstance(nodes, list) else [])
                if isinstance(node, dict) and (variant := _read_variant(node)) is not None
            }
            now = self._clock()
            for gid in batch:
                variant = found.get(gid)
                ttl = self._ttl if variant else min(self._ttl, UNKNOWN_TTL_SECS)
                self._ids[gid] = (variant, now + ttl)

    def _page_size(self) -> int:
        """``first`` for a page of three-point variants that the bucket can ever hold."""
        maximum = self._client.bucket.maximum
        if maximum is None:
            return FIRST_PAGE
        return max(1, min(LOOKUP_PAGE, (int(maximum) - 2) // NODE_COST))

    def _lists_stale(self, unknown: bool) -> bool:
        if self._lists_at is None:
            return True
        age = self._clock() - self._lists_at
        return age >= self._ttl or (unknown and age >= REFRESH_MIN_SECS)

    async def _load_lists(self) -> None:
        lists: dict[str, PriceList] = {}
        after: str | None = None
        maximum = self._client.bucket.maximum
        page = FIRST_PAGE if maximum is None else max(1, min(LOOKUP_PAGE, int(maximum) - 2))
        while True:
            self.lookups += 1
            result = await self._client.execute(
                documents.PRICE_LISTS, {"first": page, "after": after}
            )
            for node in connection_nodes(result.payload):
                found = PriceList(str(node["id"]), str(node["name"]), str(node["currency"]))
                lists[found.id] = found
                lists.setdefault(found.name, found)
            after = next_cursor(result.payload)
            if after is None:
                break
        self._lists = lists
        self._lists_at = self._clock()


def _read_variant(node: dict[str, Any]) -> Variant | None:
    product = node.get("product")
    if not isinstance(node.get("id"), str) or not isinstance(product, dict):
        return None
    return Variant(str(node["id"]), str(product.get("id")))
