"""Storefront search: the ``products(query:)`` filters, ``search`` and ``predictiveSearch``.

Only products are searchable: the sandbox has no pages, articles or collections, so
those result lists are truthfully empty; query suggestions (``queries``) are not
modelled and answer "not supported by the sandbox". Choices where Shopify's ranking
cannot be reproduced:

* ``search`` matches bare words as substrings of the title, vendor, product type,
  tags and variant titles/SKUs (so ``prefix`` needs no special handling), and
  accepts the ``products(query:)`` filters too; ``RELEVANCE`` keeps the catalog
  order, with unavailable products last unless ``unavailableProducts`` says
  otherwise; ``productFilters`` are not supported;
* ``predictiveSearch`` keeps products where every word starts a word of one of the
  ``searchableFields`` (Shopify's defaults: title, product type, variant title,
  vendor).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.catalog_fields import sku_of
from shopbridge.sandbox.domains.catalog_store import variants_of
from shopbridge.sandbox.domains.storefront_stock import (
    price_of,
    product_available,
    visible_products,
)
from shopbridge.sandbox.errors import bad_request, not_supported
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["min_price", "product_search", "storefront_search"]

storefront_search = Domain("storefront_search", api="storefront")

# The filters the table in ``QueryRoot.products(query:)``'s description lists.
DOCUMENTED_PRODUCT_FILTERS: Final = frozenset(
    {
        "available_for_sale",
        "created_at",
        "product_type",
        "tag",
        "tag_not",
        "title",
        "updated_at",
        "variants.price",
        "vendor",
    }
)
_PREDICTIVE_DEFAULT_FIELDS: Final = ("TITLE", "PRODUCT_TYPE", "VARIANTS_TITLE", "VENDOR")


def min_price(state: State, product: Mapping[str, Any]) -> Decimal:
    prices = [price_of(v) for v in variants_of(state, product["id"])]
    return min((p for p in prices if p is not None), default=Decimal(0))


def product_search(state: State) -> SearchSpec:
    """Storefront product filters (``tag_not`` is documented but not implemented)."""

    def variants(product: Mapping[str, Any]) -> list[Doc]:
        return variants_of(state, product["id"])

    return SearchSpec(
        filters={
            "available_for_sale": Filter("boolean", lambda p: product_available(state, p)),
            "created_at": Filter("time", lambda p: p["createdAt"]),
            "updated_at": Filter("time", lambda p: p["updatedAt"]),
            "product_type": Filter("keyword", lambda p: p["productType"], multi=True),
            "tag": Filter("keyword", lambda p: p["tags"]),
            "title": Filter("text", lambda p: p["title"]),
            "variants.price": Filter("number", lambda p: [v["price"] for v in variants(p)]),
            "vendor": Filter("keyword", lambda p: p["vendor"]),
        },
        default=lambda p: [
            p["title"],
            p["vendor"],
            p["productType"],
            *p["tags"],
            *(v["title"] for v in variants(p)),
            *(sku_of(state, v) for v in variants(p)),
        ],
        documented=DOCUMENTED_PRODUCT_FILTERS,
    )


def _unavailable_rank(mode: str, available: bool) -> int:
    return 1 if mode == "LAST" and not available else 0


@storefront_search.query("search")
def search(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = context_of(info).state
    if args.get("productFilters"):
        raise not_supported("Argument 'productFilters' of field 'QueryRoot.search'")
    types = args.get("types") or ["ARTICLE", "PAGE", "PRODUCT"]
    found = visible_products(state) if "PRODUCT" in types else []
    found = filter_items(info, found, args["query"], product_search(state))
    mode = args.get("unavailableProducts") or "LAST"
    available = {p["id"]: product_available(state, p) for p in found}
    if mode == "HIDE":
        found = [p for p in found if available[p["id"]]]
    by_price = args.get("sortKey") == "PRICE"

    def sort_value(product: Mapping[str, Any]) -> str:
        rank = _unavailable_rank(mode, available[product["id"]])
        price = min_price(state, product) if by_price else Decimal(0)
        return f"{rank}|{price:020.2f}"

    connection = paginate(found, args, sort_value=sort_value)
    connection["totalCount"] = len(found)
    return connection


def _words(values: Iterable[str | None]) -> list[str]:
    return [word for value in values if value for word in re.findall(r"\w+", value.lower())]


def _field_getters(state: State) -> dict[str, Callable[[Doc], list[str | None]]]:
    def variants(product: Doc) -> list[Doc]:
        return variants_of(state, product["id"])

    return {
        "TITLE": lambda p: [p["title"]],
        "PRODUCT_TYPE": lambda p: [p["productType"]],
        "VENDOR": lambda p: [p["vendor"]],
        "TAG": lambda p: list(p["tags"]),
        "BODY": lambda p: [re.sub(r"<[^>]+>", " ", p["descriptionHtml"])],
        "VARIANTS_TITLE": lambda p: [v["title"] for v in variants(p)],
        "VARIANTS_SKU": lambda p: [sku_of(state, v) for v in variants(p)],
        "VARIANTS_BARCODE": lambda p: [v["barcode"] for v in variants(p)],
        "AUTHOR": lambda _p: [],
    }


@storefront_search.query("predictiveSearch")
def predictive_search(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = context_of(info).state
    limit = args.get("limit") or 10
    if not 1 <= limit <= 10:
        raise bad_request("limit must be between 1 and 10")
    getters = _field_getters(state)
    fields = args.get("searchableFields") or _PREDICTIVE_DEFAULT_FIELDS
    wanted = _words([args["query"]])
    types = args.get("types") or ["PRODUCT"]
    products = []
    for product in visible_products(state) if "PRODUCT" in types and wanted else []:
        words = _words(value for name in fields for value in getters[name](product))
        if all(any(word.startswith(w) for word in words) for w in wanted):
            products.append(product)
    mode = args.get("unavailableProducts") or "LAST"
    if mode == "HIDE":
        products = [p for p in products if product_available(state, p)]
    elif mode == "LAST":
        products.sort(key=lambda p: not product_available(state, p))
    return {"products": products[:limit], "collections": [], "pages": [], "articles": []}
