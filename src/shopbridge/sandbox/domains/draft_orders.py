"""Reading draft orders: ``draftOrder``, ``draftOrders``, ``draftOrdersCount`` and the
computed fields of ``DraftOrder`` and ``DraftOrderLineItem``. Mutations are in
``draft_order_mutations``.

``draftOrders(query:)`` implements the filters its argument documents except
``source``: ``id``, ``status`` (``open``, ``invoice_sent``, ``completed``),
``created_at``, ``updated_at``, ``customer_id`` and ``tag``; free text matches the
name (with or without ``#``), the email and the customer's name. ``sortKey``
``CUSTOMER_NAME`` sorts by the customer's display name (empty without a customer).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.customers_store import display_name
from shopbridge.sandbox.domains.draft_orders_store import DRAFT_ORDER
from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["draft_orders"]

draft_orders = Domain("draft_orders")
draft_orders.node(DRAFT_ORDER)(stored_node)


def _state(info: Info) -> State:
    return context_of(info).state


def _customer_name(state: State, draft: Mapping[str, Any]) -> str:
    customer = lookup(state, draft["customerId"], "Customer")
    return display_name(customer) if customer else ""


def _search(state: State) -> SearchSpec:
    return SearchSpec(
        filters={
            "id": Filter("id", lambda d: d["id"]),
            "status": Filter("keyword", lambda d: d["status"].lower(), multi=True),
            "created_at": Filter("time", lambda d: d["createdAt"]),
            "updated_at": Filter("time", lambda d: d["updatedAt"]),
            "customer_id": Filter("id", lambda d: d["customerId"]),
            "tag": Filter("keyword", lambda d: d["tags"]),
        },
        default=lambda d: [d["name"], d["name"].lstrip("#"), d["email"], _customer_name(state, d)],
    )


def _drafts(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    if args.get("savedSearchId"):
        raise not_supported("Argument 'savedSearchId' of field 'QueryRoot.draftOrders'")
    state = _state(info)
    return filter_items(info, state.all(DRAFT_ORDER), args.get("query"), _search(state))


@draft_orders.query("draftOrder")
def draft_order(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, DRAFT_ORDER)


@draft_orders.query("draftOrders")
def draft_order_list(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "NUMBER": lambda d: d["_number"],
            "UPDATED_AT": lambda d: d["updatedAt"],
            "STATUS": lambda d: d["status"],
            "TOTAL_PRICE": lambda d: float(bag_amount(d["totalPriceSet"])),
            "CUSTOMER_NAME": lambda d: _customer_name(state, d).lower(),
        },
        "ID",
        "QueryRoot.draftOrders",
    )
    return paginate(_drafts(info, args), args, sort_value=sort)


@draft_orders.query("draftOrdersCount")
def draft_orders_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_drafts(info, args)), args)


@draft_orders.field(DRAFT_ORDER, "lineItems")
def draft_line_items(draft: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(draft["lineItems"], args)


@draft_orders.field(DRAFT_ORDER, "customer")
def draft_customer(draft: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), draft["customerId"], "Customer")


@draft_orders.field(DRAFT_ORDER, "purchasingEntity")
def draft_purchasing_entity(draft: Doc, info: Info) -> Doc | None:
    """The customer: the sandbox has no B2B purchasing companies."""
    return lookup(_state(info), draft["customerId"], "Customer")


@draft_orders.field(DRAFT_ORDER, "order")
def draft_order_link(draft: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), draft["orderId"], "Order")


@draft_orders.field("DraftOrderLineItem", "variant")
def draft_line_variant(line: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), line["variantId"], "ProductVariant")


@draft_orders.field("DraftOrderLineItem", "product")
def draft_line_product(line: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), line["productId"], "Product")


@draft_orders.field("DraftOrderLineItem", "image")
def draft_line_image(_line: Doc, _info: Info) -> None:
    """The sandbox models no media, so line items have no image."""
    return
