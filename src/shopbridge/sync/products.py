"""``sync_products``: plan a product file against the shop, then upsert the products that differ.

Reading order: :mod:`.product_rows` (the file), :mod:`.product_plan` (read each product
by handle, keep those that differ), then one ``productSet(identifier: {handle})`` per
product with the writer's variables (:func:`~shopbridge.shopify.writer.product_set_variables`):
on the direct path one call each, at or above ``bulk_threshold`` products one bulk
mutation of ``productSet`` (a line per product; Shopify runs each synchronously).
List fields replace, as for ``POST /v1/products``.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, documents
from shopbridge.shopify.writer.product_changes import ProductChange
from shopbridge.shopify.writer.product_send import product_set_variables

from .outcome import Report
from .product_plan import PlannedProduct, make_product_plan
from .product_rows import ProductRow
from .run import Options, run_calls
from .send import Calls

__all__ = ["DEFAULT_BULK_THRESHOLD", "PRODUCT_CALLS", "sync_products"]

DEFAULT_BULK_THRESHOLD: Final = 200  # a product costs ~240 points to read, 10+ to write


def _one_each(changes: Sequence[PlannedProduct]) -> Iterator[list[PlannedProduct]]:
    return ([planned] for planned in changes)


def _variables(batch: list[PlannedProduct]) -> dict[str, Any]:
    fields = {key: value for key, value in batch[0].row.item.items() if key != "version"}
    return product_set_variables(ProductChange(fields, 0.0))


PRODUCT_CALLS: Final[Calls[PlannedProduct]] = Calls(
    documents.PRODUCT_SET, _one_each, _variables, None
)


async def sync_products(
    client: AdminClient, rows: Sequence[ProductRow], options: Options | None = None
) -> Report[PlannedProduct]:
    """Plan ``rows`` against the shop and, unless a dry run, send what differs."""
    options = options or Options(bulk_threshold=DEFAULT_BULK_THRESHOLD)
    return await run_calls(
        client,
        lambda: make_product_plan(client, rows, options),
        PRODUCT_CALLS,
        "shopbridge-product-sync",
        options,
    )
