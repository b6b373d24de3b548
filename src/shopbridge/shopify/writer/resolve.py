"""SKU -> inventory item and location name -> location, looked up in batches and cached.

A lookup costs Shopify points (about one per SKU), a write about 0.04 per item, so
the cache is what keeps a steady stream of changes cheap. Entries live ``ttl_secs``;
product and inventory item webhooks drop the SKUs and items they mention sooner
(:meth:`Resolver.forget`), because a SKU can move to another variant at any time.
An item that names its inventory item or location by id is taken at its word:
Shopify itself refuses an id that does not exist, and that error names the item.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Final

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor

from .changes import InventoryChange
from .sku_cache import SkuCache

__all__ = ["DEFAULT_TTL_SECS", "Resolver", "Target"]

DEFAULT_TTL_SECS: Final = 900.0
SKUS_PER_LOOKUP: Final = 200  # one search string; nodes come back on one page of 250
LOOKUP_PAGE: Final = 250
LOCATIONS_PAGE: Final = 250
FIRST_PAGE: Final = 50
LOCATION_REFRESH_MIN_SECS: Final = 10.0

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Target:
    """Where a change goes in Shopify."""

    inventory_item_id: str
    location_id: str


class Resolver:
    """Turns changes into :class:`Target` values, or into a reason they have none."""

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
        self._skus: SkuCache[str] = SkuCache(ttl_secs, clock)  # sku -> inventory item ids
        self._locations: dict[str, str] = {}
        self._locations_at: float | None = None
        self.lookups = 0

    async def resolve(self, changes: Sequence[InventoryChange]) -> list[Target | str]:
        """A target or a reason, for each change in order (``ShopifyError`` if Shopify fails)."""
        await self._load_skus(c.sku for c in changes if c.inventory_item_id is None and c.sku)
        named = [c.location for c in changes if c.location_id is None]
        if named and self._locations_stale(any(n not in self._locations for n in named)):
            await self._load_locations()
        return [self._target(change) for change in changes]

    def forget(self, skus: Iterable[str] = (), item_ids: Iterable[str] = ()) -> None:
        """Drop cached SKUs, and every SKU that resolved to one of ``item_ids``."""
        self._skus.forget(skus)
        gone = set(item_ids)
        if gone:
            self._skus.forget([s for s, ids in self._skus.items() if gone.intersection(ids)])

    def forget_all(self) -> None:
        self._skus.clear()
        self._locations_at = None

    def _target(self, change: InventoryChange) -> Target | str:
        item = change.inventory_item_id
        if item is None:
            ids = self._skus.get(change.sku or "")
            if not ids:
                return f"unknown SKU '{change.sku}': no inventory item in Shopify has it"
            if len(ids) > 1:
                return (
                    f"SKU '{change.sku}' belongs to {len(ids)} inventory items; "
                    "send inventory_item_id instead"
                )
            item = ids[0]
        location = change.location_id or self._locations.get(change.location or "")
        if location is None:
            return f"unknown location '{change.location}': no location in Shopify has that name"
        return Target(item, location)

    async def _load_skus(self, wanted: Iterable[str]) -> None:
        self.lookups += await self._skus.load(
            self._client,
            documents.INVENTORY_ITEMS_BY_SKU,
            wanted,
            lambda node: str(node["id"]),
            self._page_size(LOOKUP_PAGE),
            SKUS_PER_LOOKUP,
        )

    def _page_size(self, wanted: int) -> int:
        """``first`` for a connection of one-point nodes that the bucket can ever hold."""
        maximum = self._client.bucket.maximum
        if maximum is None:  # before the first answer: small enough for any plan
            return min(wanted, FIRST_PAGE)
        return max(1, min(wanted, int(maximum) - 2))

    def _locations_stale(self, unknown_name: bool) -> bool:
        """Reload when the list expired, or for an unknown name unless it was just loaded."""
        if self._locations_at is None:
            return True
        age = self._clock() - self._locations_at
        return age >= self._ttl or (unknown_name and age >= LOCATION_REFRESH_MIN_SECS)

    async def _load_locations(self) -> None:
        names: dict[str, str] = {}
        after: str | None = None
        while True:
            self.lookups += 1
            result = await self._client.execute(
                documents.LOCATIONS, {"first": self._page_size(LOCATIONS_PAGE), "after": after}
            )
            for node in connection_nodes(result.payload):
                names.setdefault(str(node["name"]), str(node["id"]))
            after = next_cursor(result.payload)
            if after is None:
                break
        self._locations = names
        self._locations_at = self._clock()
