"""``abandonedCheckouts``, ``abandonedCheckoutsCount`` and ``AbandonedCheckout``'s fields.

Only checkouts that ``checkouts_store.is_listed`` are visible, to the queries and to
``node(id:)``. Search filters as the query documents them: ``id``, ``created_at``,
``updated_at``, ``status`` (the sandbox has no archiving: ``closed`` once completed,
else ``open``), ``recovery_state`` (``recovered`` once completed) and
``email_state`` (the sandbox sends no recovery emails: always ``not_sent``); the
default search looks at the name, email and customer name. ``CUSTOMER_NAME`` sorts
by the shopper's name (last, then first), else the email.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.domains.checkouts_store import CHECKOUT, CHECKOUT_LINE, is_listed
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.order_values import bag_amount
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import Gid
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc

__all__ = ["abandoned_checkouts"]

abandoned_checkouts = Domain("abandoned_checkouts")


@abandoned_checkouts.node(CHECKOUT)
def load_checkout(ctx: RequestContext, gid: Gid) -> Mapping[str, Any] | None:
    found = ctx.state.get(CHECKOUT, gid.id)
    return found if found is not None and is_listed(found) else None


def _name_key(checkout: Mapping[str, Any]) -> str:
    names = (checkout.get("_lastName"), checkout.get("_firstName"))
    return " ".join(n for n in names if n).lower() or (checkout.get("_email") or "")


_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda c: c["id"]),
        "created_at": Filter("time", lambda c: c["createdAt"]),
        "updated_at": Filter("time", lambda c: c["updatedAt"]),
        "status": Filter("keyword", lambda c: "closed" if c["completedAt"] else "open"),
        "recovery_state": Filter(
            "keyword", lambda c: "recovered" if c["completedAt"] else "not_recovered"
        ),
        "email_state": Filter("keyword", lambda c: "not_sent"),
    },
    default=lambda c: [c["name"], c.get("_email"), c.get("_firstName"), c.get("_lastName")],
)


def _listed(info: Info, args: Mapping[str, Any], field: str) -> list[Doc]:
    if args.get("savedSearchId"):
        raise not_supported(f"Argument 'savedSearchId' of field 'QueryRoot.{field}'")
    found = [c for c in context_of(info).state.all(CHECKOUT) if is_listed(c)]
    return filter_items(info, found, args.get("query"), _SEARCH)


@abandoned_checkouts.query("abandonedCheckouts")
def abandoned_checkout_list(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {
            "ID": None,
            "CHECKOUT_ID": None,
            "RELEVANCE": None,
            "CREATED_AT": lambda c: c["createdAt"],
            "CUSTOMER_NAME": _name_key,
            "TOTAL_PRICE": lambda c: float(bag_amount(c["totalPriceSet"])),
        },
        "ID",
        "QueryRoot.abandonedCheckouts",
    )
    return paginate(_listed(info, args, "abandonedCheckouts"), args, sort_value=sort)


@abandoned_checkouts.query("abandonedCheckoutsCount")
def abandoned_checkouts_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_listed(info, args, "abandonedCheckoutsCount")), args)


@abandoned_checkouts.field(CHECKOUT, "lineItems")
def checkout_line_items(checkout: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(checkout["lineItems"], args)


@abandoned_checkouts.field(CHECKOUT, "customer")
def checkout_customer(checkout: Doc, info: Info) -> Doc | None:
    return lookup(context_of(info).state, checkout.get("customerId"), "Customer")


@abandoned_checkouts.field(CHECKOUT_LINE, "variant")
def line_variant(line: Doc, info: Info) -> Doc | None:
    return lookup(context_of(info).state, line.get("variantId"), "ProductVariant")


@abandoned_checkouts.field(CHECKOUT_LINE, "product")
def line_product(line: Doc, info: Info) -> Doc | None:
    return lookup(context_of(info).state, line.get("productId"), "Product")


@abandoned_checkouts.field(CHECKOUT_LINE, "image")
def line_image(_line: Doc, _info: Info) -> None:
    """The sandbox models no media here, so checkout lines have no image."""
    return


@abandoned_checkouts.field(CHECKOUT_LINE, "discountAllocations")
def line_discounts(_line: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    """Always empty: the sandbox applies no discounts to checkouts."""
    return paginate([], args)
