"""What a discount names, as Shopify ids: product handles, SKUs, markets, customer emails.

GIDs are taken at their word (Shopify refuses one that does not exist, and that
refusal names the discount). SKUs go through the prices' :class:`~.price_resolve.PriceResolver`
(one cache of variants per shop). Handles and emails are looked up in batches and
only what was found is cached, so a product or customer created after a miss is
found on the next try (a replay). Markets are few: the whole list is read, cached,
and read again when a name is unknown; the writer also needs it to remove every
other market from a discount (see :mod:`.discount_input`).
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, Result, connection_nodes, documents, next_cursor
from shopbridge.shopify.admin.document import Document

from .discount_changes import DiscountChange
from .price_changes import PriceChange
from .price_resolve import PriceResolver
from .resolve import DEFAULT_TTL_SECS

__all__ = ["DiscountResolver", "Targets"]

SEARCH_BATCH: Final = 50  # values per search
SEARCH_PAGE: Final = 50
MARKETS_PAGE: Final = 100
MARKETS_REFRESH_MIN_SECS: Final = 10.0
GID_PREFIX: Final = "gid://shopify/"

Clock = Callable[[], float]


@dataclass(frozen=True, slots=True)
class Targets:
    """A discount's targets and buyers as GIDs, for the lists it sends."""

    products: tuple[str, ...] = ()
    variants: tuple[str, ...] = ()
    markets: tuple[str, ...] = ()
    customers: tuple[str, ...] = ()


def _named(change: DiscountChange, group: str, name: str) -> list[str]:
    values = (change.fields.get(group) or {}).get(name) or []
    return [value for value in values if isinstance(value, str)]


def _people(values: Iterable[str], kind: str) -> list[str]:
    """The values that are not a GID of ``kind`` (handles, SKUs, names, emails)."""
    return [v for v in values if not v.startswith(f"{GID_PREFIX}{kind}/")]


class DiscountResolver:
    """Turns a discount change's named targets into :class:`Targets`, or a reason."""

    def __init__(
        self,
        client: AdminClient,
        variants: PriceResolver,
        *,
        ttl_secs: float = DEFAULT_TTL_SECS,
        clock: Clock = time.monotonic,
    ) -> None:
        self._client = client
        self._variants = variants
        self._ttl = ttl_secs
        self._clock = clock
        self._products: dict[str, tuple[str, float]] = {}  # handle -> (gid, expiry)
        self._customers: dict[str, tuple[str, float]] = {}  # email in lower case -> ...
        self._markets: dict[str, str] = {}  # name, handle and gid -> gid
        self._market_ids: tuple[str, ...] = ()
        self._markets_at: float | None = None
        self.lookups = 0

    @property
    def market_ids(self) -> tuple[str, ...]:
        """Every market of the shop, as last read."""
        return self._market_ids

    async def prefetch(self, changes: Sequence[DiscountChange]) -> None:
        """Look up what ``changes`` name in as few calls as possible (``ShopifyError``)."""
        await self._load_products(
            h for c in changes for h in _people(_named(c, "applies_to", "products"), "Product")
        )
        await self._load_customers(
            e for c in changes for e in _people(_named(c, "context", "customers"), "Customer")
        )
        if any("markets" in (c.fields.get("context") or {}) for c in changes):
            names = [name for c in changes for name in _named(c, "context", "markets")]
            await self._ensure_markets(names)
        variants = (_named(c, "applies_to", "variants") for c in changes)
        skus = [sku for given in variants for sku in _people(given, "ProductVariant")]
        if skus:
            await self._variants.variants([_sku_change(sku) for sku in skus])

    async def targets(self, change: DiscountChange) -> Targets | str:
        """The change's targets as GIDs, or why one of them has none (``ShopifyError``)."""
        products = _named(change, "applies_to", "products")
        await self._load_products(_people(products, "Product"))
        product_ids = []
        for given in products:
            found = given if given.startswith(GID_PREFIX) else self._cached(self._products, given)
            if found is None:
                return f"unknown product '{given}': no product in Shopify has that handle"
            product_ids.append(found)
        variant_ids = await self._variant_ids(_named(change, "applies_to", "variants"))
        if isinstance(variant_ids, str):
            return variant_ids
        markets = _named(change, "context", "markets")
        if "markets" in (change.fields.get("context") or {}):
            await self._ensure_markets(markets)
        market_ids = []
        for given in markets:
            if given not in self._markets:
                return f"unknown market '{given}': no market in Shopify has that name, handle or id"
            market_ids.append(self._markets[given])
        customers = _named(change, "context", "customers")
        await self._load_customers(_people(customers, "Customer"))
        customer_ids = []
        for given in customers:
            found = (
                given
                if given.startswith(GID_PREFIX)
                else self._cached(self._customers, given.lower())
            )
            if found is None:
                return f"unknown customer '{given}': no customer in Shopify has that email"
            customer_ids.append(found)
        return Targets(
            tuple(dict.fromkeys(product_ids)),
            variant_ids,
            tuple(dict.fromkeys(market_ids)),
            tuple(dict.fromkeys(customer_ids)),
        )

    def forget(self, change: DiscountChange) -> None:
        """Drop what ``change`` resolved through: Shopify refused it, an id may be stale."""
        for handle in _named(change, "applies_to", "products"):
            self._products.pop(handle, None)
        for email in _named(change, "context", "customers"):
            self._customers.pop(email.lower(), None)
        self._variants.forget(_named(change, "applies_to", "variants"))
        if "markets" in (change.fields.get("context") or {}):
            self._markets_at = None

    def _cached(self, cache: dict[str, tuple[str, float]], name: str) -> str | None:
        found = cache.get(name)
        return found[0] if found is not None and found[1] > self._clock() else None

    async def _variant_ids(self, given: list[str]) -> tuple[str, ...] | str:
        skus = _people(given, "ProductVariant")
        variants = await self._variants.variants([_sku_change(sku) for sku in skus])
        found = dict(zip(skus, variants, strict=True))
        ids = []
        for value in given:
            if value.startswith(f"{GID_PREFIX}ProductVariant/"):
                ids.append(value)
                continue
            variant = found[value]
            if isinstance(variant, str):
                if variant.startswith("unknown"):
                    return variant
                return f"SKU '{value}' belongs to several variants; name the variant by its GID"
            ids.append(variant.variant_id)
        return tuple(dict.fromkeys(ids))

    async def _load_products(self, handles: Iterable[str]) -> None:
        wanted = [h for h in dict.fromkeys(handles) if self._cached(self._products, h) is None]
        await self._search(
            documents.PRODUCTS_BY_HANDLE, "handle", wanted, self._products, _product_key
        )

    async def _load_customers(self, emails: Iterable[str]) -> None:
        wanted = [
            e for e in dict.fromkeys(emails) if self._cached(self._customers, e.lower()) is None
        ]
        await self._search(
            documents.CUSTOMERS_BY_EMAIL, "email", wanted, self._customers, _customer_key
        )

    async def _search(
        self,
        document: Document,
        field: str,
        wanted: list[str],
        cache: dict[str, tuple[str, float]],
        key_of: Callable[[dict[str, Any]], str | None],
    ) -> None:
        """Search ``wanted`` in batches; cache the exact matches (the search matches words)."""
        for start in range(0, len(wanted), SEARCH_BATCH):
            batch = wanted[start : start + SEARCH_BATCH]
            exact = {value.lower() if field == "email" else value for value in batch}
            after: str | None = None
            while True:
                result = await self._lookup(
                    document,
                    {"query": documents.search_any(field, batch), "first": SEARCH_PAGE,
                     "after": after},
                )  # fmt: skip
                expiry = self._clock() + self._ttl
                for node in connection_nodes(result.payload):
                    key = key_of(node)
                    if key in exact and isinstance(node.get("id"), str):
                        cache[key] = (node["id"], expiry)
                after = next_cursor(result.payload)
                if after is None:
                    break

    async def _ensure_markets(self, names: Sequence[str]) -> None:
        unknown = any(name not in self._markets for name in names)
        if self._markets_at is not None:
            age = self._clock() - self._markets_at
            if age < self._ttl and not (unknown and age >= MARKETS_REFRESH_MIN_SECS):
                return
        markets: dict[str, str] = {}
        ids: list[str] = []
        after: str | None = None
        while True:
            result = await self._lookup(documents.MARKETS, {"first": MARKETS_PAGE, "after": after})
            for node in connection_nodes(result.payload):
                gid = str(node["id"])
                ids.append(gid)
                markets[gid] = gid
                for name in (node.get("handle"), node.get("name")):
                    if isinstance(name, str):
                        markets.setdefault(name, gid)
            after = next_cursor(result.payload)
            if after is None:
                break
        self._markets, self._market_ids = markets, tuple(ids)
        self._markets_at = self._clock()

    async def _lookup(self, document: Document, variables: dict[str, Any]) -> Result:
        self.lookups += 1
        return await self._client.execute(document, variables)


def _sku_change(sku: str) -> PriceChange:
    """A SKU as the price resolver takes it (it reads ``sku`` and ``variant_id`` only)."""
    return PriceChange(sku, None, None, None, False, None, None, 0.0)


def _product_key(node: dict[str, Any]) -> str | None:
    handle = node.get("handle")
    return handle if isinstance(handle, str) else None


def _customer_key(node: dict[str, Any]) -> str | None:
    email = (node.get("defaultEmailAddress") or {}).get("emailAddress")
    return email.lower() if isinstance(email, str) else None
