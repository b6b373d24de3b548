"""The prices document a job carries, read into values the writer can coalesce.

The endpoint stores ``{"shop": …, "items": [{"sku", "variant_id", "price",
"compare_at_price"?, "price_list", "currency", "version"}]}``. ``compare_at_price``
absent leaves Shopify's value alone, null clears it. An item with a ``price_list``
is a fixed price in that list; without one it is the variant's own price. As for
inventory, a bad item becomes a :class:`BadItem`, never an exception for the batch.
"""

from __future__ import annotations

import math
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from .changes import BadItem, ItemDocument, optional_text, parse_document

__all__ = ["PriceChange", "read_prices"]


@dataclass(frozen=True, slots=True)
class PriceChange:
    """A variant's price (or a fixed price in ``price_list``), as of ``version``."""

    sku: str | None
    variant_id: str | None
    price: str | None
    compare_at_price: str | None
    sets_compare_at: bool  # False: leave Shopify's compare-at price as it is
    price_list: str | None
    currency: str | None
    version: float

    @property
    def key(self) -> str:
        """``price:<sku or gid>``, or ``price:<sku or gid>@<price list>`` for a fixed price."""
        variant = self.sku if self.sku is not None else self.variant_id
        return f"price:{variant}" + (f"@{self.price_list}" if self.price_list else "")

    def as_item(self) -> dict[str, Any]:
        item: dict[str, Any] = {
            "sku": self.sku,
            "variant_id": self.variant_id,
            "price": self.price,
            "price_list": self.price_list,
            "currency": self.currency,
            "version": self.version,
        }
        if self.sets_compare_at:
            item["compare_at_price"] = self.compare_at_price
        return item


def _read_item(raw: Any) -> PriceChange | BadItem:
    if not isinstance(raw, Mapping):
        return BadItem(raw, "the item is not an object")
    try:
        sku, variant_id = optional_text(raw, "sku"), optional_text(raw, "variant_id")
        price, compare_at = optional_text(raw, "price"), optional_text(raw, "compare_at_price")
        price_list, currency = optional_text(raw, "price_list"), optional_text(raw, "currency")
    except ValueError as exc:
        return BadItem(raw, str(exc))
    if sku is None and variant_id is None:
        return BadItem(raw, "give 'sku' or 'variant_id'")
    sets_compare_at = "compare_at_price" in raw
    if price is None and not sets_compare_at:
        return BadItem(raw, "give 'price' or 'compare_at_price'")
    if price_list is not None and (price is None or currency is None):
        return BadItem(raw, "a price list item needs 'price' and 'currency'")
    version = raw.get("version")
    if isinstance(version, bool) or not isinstance(version, int | float):
        return BadItem(raw, "'version' must be a number")
    if not math.isfinite(version):
        return BadItem(raw, "'version' must be finite")
    return PriceChange(
        sku, variant_id, price, compare_at, sets_compare_at, price_list, currency, float(version)
    )


def read_prices(body: bytes) -> ItemDocument:
    """Read a prices job's document; ``ValueError`` when it is not that shape at all."""
    return parse_document(body, _read_item)
