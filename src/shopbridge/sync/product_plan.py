"""From valid products to what must be sent: read each product by handle, keep those that differ.

Reading Shopify: below the bulk threshold (products), ``products(query: "handle:…")``
a few products a call (as many as fit under the single-call cost limit); at or above
it one bulk query of the whole catalog, its variant and metafield lines put back under
their product. A product differs when any field the file sends differs from
Shopify's: scalars as they are, tags as a set, options and variants in order (a
variant by SKU, price and compare-at price as decimals, option values), metafields
as a set (they replace the product's). A product Shopify does not have yet is new. A
product with more variants or metafields than one read holds counts as differing.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import Any, Final

from shopbridge.shopify.admin import (
    MAX_QUERY_COST,
    AdminClient,
    connection_nodes,
    documents,
    requested_cost,
)

from .outcome import Plan
from .product_rows import ProductRow
from .run import Options, read_in_bulk

__all__ = ["PlannedProduct", "make_product_plan"]

_SCALARS: Final = {
    "title": "title",
    "description_html": "descriptionHtml",
    "vendor": "vendor",
    "product_type": "productType",
    "status": "status",
}

Product = Mapping[str, Any]  # Shopify's product, in the shape of PRODUCTS_FOR_SYNC


@dataclass(frozen=True, slots=True)
class PlannedProduct:
    """A product to send, and what differs (``new`` when Shopify has no such handle)."""

    row: ProductRow
    differs: tuple[str, ...]

    @property
    def line(self) -> int:
        return self.row.line

    def summary(self) -> tuple[str, str, str]:
        if self.differs == ("new",):
            return self.row.handle, "none", "create"
        return self.row.handle, "differs: " + ", ".join(self.differs), "update"


async def make_product_plan(
    client: AdminClient, rows: Sequence[ProductRow], options: Options
) -> Plan[PlannedProduct]:
    """Read the products of ``rows`` by handle and keep the ones that differ."""
    plan: Plan[PlannedProduct] = Plan(rows=len(rows))
    if options.reads_in_bulk(len(rows)):
        current = await _read_all(client, options)
        if options.hooks.read is not None:
            options.hooks.read(len(rows))
    else:
        current = await _read_some(client, [row.handle for row in rows], options)
    for row in rows:
        found = current.get(row.handle)
        differs = ("new",) if found is None else differences(row.item, found)
        if differs:
            plan.changes.append(PlannedProduct(row, differs))
        else:
            plan.unchanged += 1
    return plan


def differences(item: Mapping[str, Any], product: Product) -> tuple[str, ...]:
    """The fields of ``item`` whose value Shopify's ``product`` does not have."""
    found = [key for key, name in _SCALARS.items() if key in item and item[key] != product[name]]
    if "tags" in item and set(item["tags"]) != set(product.get("tags") or ()):
        found.append("tags")
    if "options" in item:
        have = [(o["name"], [v["name"] for v in o["optionValues"]]) for o in product["options"]]
        if [(o["name"], o["values"]) for o in item["options"]] != have:
            found.append("options")
        if not _same_variants(item["variants"], product["variants"]):
            found.append("variants")
    if "metafields" in item and not _same_metafields(item["metafields"], product["metafields"]):
        found.append("metafields")
    return tuple(found)


def _same_variants(wanted: Sequence[Mapping[str, Any]], have: Mapping[str, Any]) -> bool:
    nodes = connection_nodes(have)
    if _more(have) or len(nodes) != len(wanted):
        return False
    for given, node in zip(wanted, nodes, strict=True):
        values = {o["name"]: o["value"] for o in node.get("selectedOptions") or ()}
        if (given["sku"], given["option_values"]) != (node.get("sku"), values):
            return False
        if not _same_amount(given["price"], node.get("price")):
            return False
        if "compare_at_price" in given and not _same_amount(
            given["compare_at_price"], node.get("compareAtPrice")
        ):
            return False
    return True


def _same_metafields(wanted: Sequence[Mapping[str, Any]], have: Mapping[str, Any]) -> bool:
    def keyed(metafields: Sequence[Mapping[str, Any]]) -> set[tuple[Any, ...]]:
        return {(m["namespace"], m["key"], m["type"], m["value"]) for m in metafields}

    return not _more(have) and keyed(wanted) == keyed(connection_nodes(have))


def _more(connection: Mapping[str, Any]) -> bool:
    page = connection.get("pageInfo")
    return isinstance(page, Mapping) and bool(page.get("hasNextPage"))


def _same_amount(wanted: str | None, current: Any) -> bool:
    if wanted is None or current is None:
        return wanted is None and current is None
    return Decimal(wanted) == Decimal(str(current))


async def _read_some(
    client: AdminClient, handles: Sequence[str], options: Options
) -> dict[str, Product]:
    """Products by handle, a page of them a call (handles are unique: one page each)."""
    per_call = _products_per_call(client)
    found: dict[str, Product] = {}
    for start in range(0, len(handles), per_call):
        batch = handles[start : start + per_call]
        variables = {"query": documents.handle_search(batch), "first": len(batch), "after": None}
        result = await client.execute(documents.PRODUCTS_FOR_SYNC, variables)
        for node in connection_nodes(result.payload):
            found[str(node.get("handle"))] = node
        if options.hooks.read is not None:
            options.hooks.read(len(batch))
    return found


def _products_per_call(client: AdminClient) -> int:
    one = requested_cost(documents.PRODUCTS_FOR_SYNC, {"first": 1}) - 2
    limit = min(MAX_QUERY_COST, int(client.bucket.maximum or MAX_QUERY_COST)) - 2
    return max(1, limit // one)


async def _read_all(client: AdminClient, options: Options) -> dict[str, Product]:
    """The whole catalog by one bulk query, children put back under their product."""
    lines = await read_in_bulk(client, documents.BULK_PRODUCTS, options)
    by_id = {
        str(line.get("id")): {**line, "variants": {"nodes": []}, "metafields": {"nodes": []}}
        for line in lines
        if "__parentId" not in line
    }
    for line in lines:  # children may come anywhere after their parent: a second pass
        parent = by_id.get(str(line.get("__parentId")))
        if parent is not None:
            parent["metafields" if "namespace" in line else "variants"]["nodes"].append(line)
    return {str(product.get("handle")): product for product in by_id.values()}
