"""SKU → what Shopify answers for it (inventory item ids, variants), cached with expiry.

Both the inventory and the price resolvers look SKUs up the same way: a batch of SKUs
per search (``sku:a OR sku:b …``), paged, keeping only exact matches (Shopify's search
matches terms, not whole values), then remembered for ``ttl_secs``, and an unknown SKU
for at most :data:`UNKNOWN_TTL_SECS` (it may be created any minute).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, Final, Generic, TypeVar

from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor
from shopbridge.shopify.admin.document import Document

__all__ = ["UNKNOWN_TTL_SECS", "SkuCache"]

UNKNOWN_TTL_SECS: Final = 60.0  # an unknown SKU is often a product about to be created

T = TypeVar("T")
_NOTHING: Final[tuple[tuple[Any, ...], float]] = ((), 0.0)


class SkuCache(Generic[T]):
    """SKU → the tuple of ``T`` Shopify answered (empty: unknown), each with an expiry."""

    def __init__(self, ttl_secs: float, clock: Callable[[], float]) -> None:
        self._ttl = ttl_secs
        self._clock = clock
        self._entries: dict[str, tuple[tuple[T, ...], float]] = {}

    def get(self, sku: str) -> tuple[T, ...]:
        found = self._entries.get(sku)
        return found[0] if found is not None else ()

    def items(self) -> Iterable[tuple[str, tuple[T, ...]]]:
        return [(sku, found) for sku, (found, _) in self._entries.items()]

    def forget(self, skus: Iterable[str]) -> None:
        for sku in skus:
            self._entries.pop(sku, None)

    def clear(self) -> None:
        self._entries.clear()

    async def load(
        self,
        client: AdminClient,
        document: Document,
        wanted: Iterable[str],
        read: Callable[[dict[str, Any]], T | None],
        page: int,
        per_lookup: int,
    ) -> int:
        """Look up the ``wanted`` SKUs not cached or expired; how many calls it took."""
        now = self._clock()
        missing = [s for s in dict.fromkeys(wanted) if self._entries.get(s, _NOTHING)[1] <= now]
        per_lookup = min(per_lookup, page)
        calls = 0
        for start in range(0, len(missing), per_lookup):
            batch = missing[start : start + per_lookup]
            found: dict[str, list[T]] = {sku: [] for sku in batch}
            after: str | None = None
            while True:
                calls += 1
                result = await client.execute(
                    document, {"query": documents.sku_search(batch), "first": page, "after": after}
                )
                for node in connection_nodes(result.payload):
                    exact = found.get(str(node.get("sku")))
                    if exact is not None and (value := read(node)) is not None:
                        exact.append(value)
                after = next_cursor(result.payload)
                if after is None:
                    break
            now = self._clock()
            for sku, values in found.items():
                ttl = self._ttl if values else min(self._ttl, UNKNOWN_TTL_SECS)
                self._entries[sku] = (tuple(values), now + ttl)
        return calls
