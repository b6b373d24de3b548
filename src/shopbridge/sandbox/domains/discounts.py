"""Reading discounts: ``discountNodes``, ``discountNode``, ``codeDiscountNodeByCode``...

``discountNodes`` wraps each code or automatic node as a ``DiscountNode`` with the
same id. Search filters implemented: ``id``, ``title``, ``status``, ``code``,
``method`` (code/automatic), ``type`` (percentage/fixed_amount), ``discount_type``,
``discount_class``, ``tag``, ``times_used``, ``customer_ids``, ``market_ids``,
``context`` and the dates; the others the query documents (``combines_with``,
``segment_ids``) answer "not supported". ``summary``/``shortSummary`` are the
sandbox's short English description ("10% off entire order"), not Shopify's exact
text. ``status`` is computed at read time from the dates.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.discounts_store import (
    AUTOMATIC_NODE,
    CODE_NODE,
    discount_of,
    find_code,
    node_of,
    status_at,
)
from shopbridge.sandbox.gid import Gid, legacy_id
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["discounts"]

discounts = Domain("discounts")
_BASIC = ("DiscountCodeBasic", "DiscountAutomaticBasic")


def _state(info: Info) -> State:
    return context_of(info).state


@discounts.node(CODE_NODE)
def _load_code(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    return ctx.state.get(CODE_NODE, gid.id)


@discounts.node(AUTOMATIC_NODE)
def _load_automatic(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    return ctx.state.get(AUTOMATIC_NODE, gid.id)


def _wrap(node: Mapping[str, Any]) -> dict[str, Any]:
    return {"__typename": "DiscountNode", "id": node["id"], "discount": discount_of(node)}


def _value_type(node: Mapping[str, Any]) -> str:
    value = discount_of(node)["customerGets"]["value"]
    return "percentage" if value["__typename"] == "DiscountPercentage" else "fixed_amount"


def _context_ids(field: str) -> Callable[[Mapping[str, Any]], list[int]]:
    def get(node: Mapping[str, Any]) -> list[int]:
        return [legacy_id(v) for v in discount_of(node)["context"].get(field, [])]

    return get


def _search(state: State) -> SearchSpec:
    def d(node: Mapping[str, Any]) -> dict[str, Any]:
        return discount_of(node)

    return SearchSpec(
        filters={
            "id": Filter("id", lambda n: n["id"]),
            "title": Filter("text", lambda n: d(n)["title"]),
            "status": Filter("keyword", lambda n: status_at(d(n), state.now()), multi=True),
            "code": Filter("keyword", lambda n: [c["code"] for c in d(n).get("codes", [])]),
            "method": Filter(
                "keyword",
                lambda n: "code" if n["__typename"] == CODE_NODE else "automatic",
                multi=True,
            ),
            "type": Filter("keyword", _value_type, multi=True),
            "discount_type": Filter("keyword", _value_type, multi=True),
            "discount_class": Filter("keyword", lambda n: d(n)["discountClasses"], multi=True),
            "tag": Filter("keyword", lambda n: d(n)["tags"], multi=True),
            "times_used": Filter("number", lambda n: d(n)["asyncUsageCount"]),
            "customer_ids": Filter("number", _context_ids("customerIds"), multi=True),
            "market_ids": Filter("number", _context_ids("marketIds"), multi=True),
            "context": Filter(
                "keyword",
                lambda n: {"DiscountCustomers": "customers", "DiscountMarkets": "markets"}.get(
                    d(n)["context"]["__typename"], "all"
                ),
            ),
            "starts_at": Filter("time", lambda n: d(n)["startsAt"]),
            "ends_at": Filter("time", lambda n: d(n)["endsAt"]),
            "created_at": Filter("time", lambda n: d(n)["createdAt"]),
            "updated_at": Filter("time", lambda n: d(n)["updatedAt"]),
        },
        default=lambda n: [d(n)["title"], *[c["code"] for c in d(n).get("codes", [])]],
    )


_SORTS: dict[str, Callable[[Mapping[str, Any]], Any] | None] = {
    "ID": None,
    "RELEVANCE": None,
    "TITLE": lambda n: discount_of(n)["title"].lower(),
    "CREATED_AT": lambda n: discount_of(n)["createdAt"],
    "UPDATED_AT": lambda n: discount_of(n)["updatedAt"],
    "STARTS_AT": lambda n: discount_of(n)["startsAt"],
    "ENDS_AT": lambda n: discount_of(n)["endsAt"],
}


def _nodes(info: Info, args: Mapping[str, Any], kinds: tuple[str, ...]) -> list[Doc]:
    state = _state(info)
    found = [node for kind in kinds for node in state.all(kind)]
    return filter_items(info, found, args.get("query"), _search(state))


def _connection(info: Info, args: Mapping[str, Any], kinds: tuple[str, ...]) -> dict[str, Any]:
    where = f"{info.parent_type.name}.{info.field_name}"
    sort = sort_function(args, _SORTS, "ID", where)
    return paginate(_nodes(info, args, kinds), args, sort_value=sort)


@discounts.query("discountNodes")
def discount_nodes(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    connection = _connection(info, args, (CODE_NODE, AUTOMATIC_NODE))
    connection["nodes"] = [_wrap(node) for node in connection["nodes"]]
    for edge in connection["edges"]:
        edge["node"] = _wrap(edge["node"])
    return connection


@discounts.query("discountNodesCount")
def discount_nodes_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_nodes(info, args, (CODE_NODE, AUTOMATIC_NODE))), args)


@discounts.query("codeDiscountNodes")
def code_discount_nodes(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return _connection(info, args, (CODE_NODE,))


@discounts.query("automaticDiscountNodes")
def automatic_discount_nodes(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return _connection(info, args, (AUTOMATIC_NODE,))


@discounts.query("discountNode")
def discount_node(_root: None, info: Info, id: str) -> dict[str, Any] | None:
    node = node_of(_state(info), id)
    return None if node is None else _wrap(node)


@discounts.query("codeDiscountNode")
def code_discount_node(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, CODE_NODE)


@discounts.query("automaticDiscountNode")
def automatic_discount_node(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, AUTOMATIC_NODE)


@discounts.query("codeDiscountNodeByCode")
def code_discount_node_by_code(_root: None, info: Info, code: str) -> Doc | None:
    return find_code(_state(info), code)


# --- computed fields ----------------------------------------------------------------


def _summary(discount: Mapping[str, Any]) -> str:
    value = discount["customerGets"]["value"]
    if value["__typename"] == "DiscountPercentage":
        off = f"{value['percentage'] * 100:g}% off"
    else:
        off = f"{value['amount']['amount']} {value['amount']['currencyCode']} off"
    items = discount["customerGets"]["items"]
    target = "entire order" if items["__typename"] == "AllDiscountItems" else "specific products"
    return f"{off} {target}"


def _register(typename: str) -> None:
    @discounts.field(typename, "status")
    def status(discount: Doc, info: Info) -> str:
        return status_at(discount, _state(info).now())

    @discounts.field(typename, "summary")
    def summary(discount: Doc, _info: Info) -> str:
        return _summary(discount)

    @discounts.field(typename, "shortSummary")
    def short_summary(discount: Doc, _info: Info) -> str:
        return _summary(discount)


for _typename in _BASIC:
    _register(_typename)


@discounts.field("DiscountCodeBasic", "codes")
def discount_codes(discount: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(discount["codes"], args)


@discounts.field("DiscountCodeBasic", "codesCount")
def discount_codes_count(discount: Doc, _info: Info) -> dict[str, Any]:
    return {"count": len(discount["codes"]), "precision": "EXACT"}


def _docs(info: Info, ids: list[str], kind: str) -> list[Doc]:
    state = _state(info)
    return [doc for doc in (lookup(state, v, kind) for v in ids) if doc is not None]


@discounts.field("DiscountProducts", "products")
def discount_products(items: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_docs(info, items["productIds"], "Product"), args)


@discounts.field("DiscountProducts", "productVariants")
def discount_variants(items: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_docs(info, items["variantIds"], "ProductVariant"), args)


@discounts.field("DiscountCustomers", "customers")
def discount_customers(context: Doc, info: Info) -> list[Doc]:
    return _docs(info, context["customerIds"], "Customer")


@discounts.field("DiscountMarkets", "markets")
def discount_markets(context: Doc, info: Info, **args: Any) -> dict[str, Any]:
    return paginate(_docs(info, context["marketIds"], "Market"), args)


@discounts.field("DiscountMarkets", "marketsCount")
def discount_markets_count(context: Doc, info: Info) -> int:
    return len(_docs(info, context["marketIds"], "Market"))
