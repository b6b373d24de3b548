"""Reading orders: ``order``, ``orders``, ``ordersCount`` and the computed fields of
``Order``, ``LineItem`` and ``OrderTransaction``. Mutations are in ``order_mutations``.

``orders(query:)`` implements the search filters integrations use (the table in the
argument's description): ``id``, ``name``, ``email``, ``created_at``, ``updated_at``,
``processed_at``, ``financial_status``, ``fulfillment_status``, ``status``, ``tag``,
``sku``, ``source_name``, ``source_identifier``, ``customer_id``, ``test``,
``confirmation_number``, ``po_number``, ``cart_token``, ``checkout_token``,
``gateway``, ``location_id``, ``current_total_price``. ``name:1001`` matches ``#1001``
(the sandbox's reading: Shopify's example ``name:1001-A`` has no prefix either).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup, stored_node
from shopbridge.sandbox.domains.fulfillment_store import fulfillment_orders_of, fulfillments_of
from shopbridge.sandbox.domains.order_values import bag_amount, money_bag
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.domains.payments_store import (
    TRANSACTION,
    capturable_amount,
    transactions_of,
)
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.payloads import money_v2
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State

__all__ = ["orders"]

orders = Domain("orders")
orders.node(ORDER)(stored_node)
orders.node(TRANSACTION)(stored_node)
orders.node("Refund")(stored_node)

_FULFILLMENT_ALIASES: Final = {
    "UNFULFILLED": ["unfulfilled", "unshipped"],
    "PARTIALLY_FULFILLED": ["partial", "unfulfilled"],
    "FULFILLED": ["fulfilled", "shipped"],
    "ON_HOLD": ["on_hold", "unfulfilled"],
    "SCHEDULED": ["scheduled", "unfulfilled"],
    "REQUEST_DECLINED": ["request_declined"],
}


def _state(info: Info) -> State:
    return context_of(info).state


def _statuses(order: Mapping[str, Any]) -> list[str]:
    found = ["cancelled"] if order["cancelledAt"] else []
    if order["closed"]:
        return [*found, "closed"]
    return [*found, "not_closed"] if order["cancelledAt"] else ["open", "not_closed"]


def _order_search(state: State) -> SearchSpec:
    def name(order: Mapping[str, Any]) -> list[str]:
        return [order["name"], order["name"].lstrip("#")]

    def locations(order: Mapping[str, Any]) -> list[str]:
        return [line["_locationId"] for line in order["lineItems"] if line["_locationId"]]

    return SearchSpec(
        filters={
            "id": Filter("id", lambda o: o["id"]),
            "name": Filter("keyword", name),
            "email": Filter("keyword", lambda o: o["email"]),
            "created_at": Filter("time", lambda o: o["createdAt"]),
            "updated_at": Filter("time", lambda o: o["updatedAt"]),
            "processed_at": Filter("time", lambda o: o["processedAt"]),
            "financial_status": Filter(
                "keyword", lambda o: (o["displayFinancialStatus"] or "").lower(), multi=True
            ),
            "fulfillment_status": Filter(
                "keyword",
                lambda o: _FULFILLMENT_ALIASES.get(o["displayFulfillmentStatus"], []),
                multi=True,
            ),
            "status": Filter("keyword", _statuses, multi=True),
            "tag": Filter("keyword", lambda o: o["tags"]),
            "sku": Filter("keyword", lambda o: [line["sku"] for line in o["lineItems"]]),
            "source_name": Filter("keyword", lambda o: o["sourceName"]),
            "source_identifier": Filter("keyword", lambda o: o["sourceIdentifier"]),
            "customer_id": Filter("id", lambda o: o["customerId"]),
            "test": Filter("boolean", lambda o: o["test"]),
            "confirmation_number": Filter("keyword", lambda o: o["confirmationNumber"]),
            "po_number": Filter("keyword", lambda o: o["poNumber"]),
            "cart_token": Filter("keyword", lambda o: o["cartToken"]),
            "checkout_token": Filter("keyword", lambda o: o["checkoutToken"]),
            "gateway": Filter("keyword", lambda o: o["paymentGatewayNames"]),
            "location_id": Filter("id", locations),
            "current_total_price": Filter(
                "number", lambda o: float(bag_amount(o["currentTotalPriceSet"]))
            ),
        },
        default=lambda o: [o["name"], o["email"], *(line["sku"] for line in o["lineItems"])],
    )


def _orders(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    if args.get("savedSearchId"):
        raise not_supported("Argument 'savedSearchId' of field 'QueryRoot.orders'")
    state = _state(info)
    return filter_items(info, state.all(ORDER), args.get("query"), _order_search(state))


@orders.query("order")
def order(_root: None, info: Info, id: str) -> Doc | None:
    return lookup(_state(info), id, ORDER)


@orders.query("orders")
def orders_list(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {
            "ID": None,
            "RELEVANCE": None,
            "CREATED_AT": lambda o: o["createdAt"],
            "UPDATED_AT": lambda o: o["updatedAt"],
            "PROCESSED_AT": lambda o: o["processedAt"],
            "ORDER_NUMBER": lambda o: o["number"],
            "TOTAL_PRICE": lambda o: float(bag_amount(o["totalPriceSet"])),
            "CURRENT_TOTAL_PRICE": lambda o: float(bag_amount(o["currentTotalPriceSet"])),
            "FINANCIAL_STATUS": lambda o: o["displayFinancialStatus"] or "",
            "FULFILLMENT_STATUS": lambda o: o["displayFulfillmentStatus"],
            "TOTAL_ITEMS_QUANTITY": lambda o: o["subtotalLineItemsQuantity"],
            "PO_NUMBER": lambda o: o["poNumber"],
        },
        "PROCESSED_AT",
        "QueryRoot.orders",
    )
    return paginate(_orders(info, args), args, sort_value=sort)


@orders.query("ordersCount")
def orders_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_orders(info, args)), args)


@orders.field(ORDER, "lineItems")
def order_line_items(order: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(order["lineItems"], args)


@orders.field(ORDER, "shippingLines")
def order_shipping_lines(order: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    lines = order["_shippingLines"]
    if not args.get("includeRemovals"):
        lines = [line for line in lines if not line["isRemoved"]]
    return paginate(lines, args)


@orders.field(ORDER, "shippingLine")
def order_shipping_line(order: Doc, _info: Info) -> Doc | None:
    lines = [line for line in order["_shippingLines"] if not line["isRemoved"]]
    return lines[0] if lines else None


@orders.field(ORDER, "currentTaxLines")
def order_current_tax_lines(order: Doc, _info: Info) -> list[dict[str, Any]]:
    return list(order["taxLines"])


@orders.field(ORDER, "customer")
def order_customer(order: Doc, info: Info) -> Doc | None:
    """The ``Customer`` document, when the customers domain has one for ``customerId``."""
    return lookup(_state(info), order.get("customerId"), "Customer")


@orders.field(ORDER, "transactions")
def order_transactions(order: Doc, info: Info, **args: Any) -> list[Doc]:
    found = transactions_of(_state(info), order["id"])
    if args.get("capturable") is not None:
        found = [t for t in found if _manually_capturable(found, t) == args["capturable"]]
    if args.get("manuallyResolvable") is not None:
        raise not_supported("Argument 'manuallyResolvable' of field 'Order.transactions'")
    return found[: args["first"]] if args.get("first") is not None else found


@orders.field(ORDER, "transactionsCount")
def order_transactions_count(order: Doc, info: Info) -> dict[str, Any]:
    return count_of(len(transactions_of(_state(info), order["id"])), {})


@orders.field(ORDER, "fulfillments")
def order_fulfillments(order: Doc, info: Info, **args: Any) -> list[Doc]:
    if args.get("query"):
        raise not_supported("Argument 'query' of field 'Order.fulfillments'")
    found = fulfillments_of(_state(info), order["id"])
    return found[: args["first"]] if args.get("first") is not None else found


@orders.field(ORDER, "fulfillmentsCount")
def order_fulfillments_count(order: Doc, info: Info) -> dict[str, Any]:
    return count_of(len(fulfillments_of(_state(info), order["id"])), {})


_FO_SEARCH = SearchSpec(
    filters={
        "id": Filter("id", lambda fo: fo["id"]),
        "status": Filter("keyword", lambda fo: fo["status"].lower(), multi=True),
        "assigned_location_id": Filter("id", lambda fo: fo["assignedLocationId"]),
        "updated_at": Filter("time", lambda fo: fo["updatedAt"]),
    },
    default=lambda fo: [fo["orderName"]],
)


@orders.field(ORDER, "fulfillmentOrders")
def order_fulfillment_orders(order: Doc, info: Info, **args: Any) -> dict[str, Any]:
    found = fulfillment_orders_of(_state(info), order["id"])
    if args.get("displayable"):
        found = [fo for fo in found if fo["status"] != "CANCELLED"]
    return paginate(filter_items(info, found, args.get("query"), _FO_SEARCH), args)


@orders.field(ORDER, "refunds")
def order_refunds(order: Doc, info: Info, first: int | None = None) -> list[Doc]:
    found = _state(info).find("Refund", "orderId", order["id"])
    return found[:first] if first is not None else found


@orders.field(ORDER, "discountApplications")
def order_discount_applications(_order: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    """Always empty: the sandbox applies no discounts to orders."""
    return paginate([], args)


@orders.field("LineItem", "variant")
def line_variant(line: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), line.get("variantId"), "ProductVariant")


@orders.field("LineItem", "product")
def line_product(line: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), line.get("productId"), "Product")


@orders.field("LineItem", "image")
def line_image(_line: Doc, _info: Info) -> None:
    """The sandbox models no media, so line items have no image."""
    return


def _manually_capturable(transactions: list[Doc], transaction: Mapping[str, Any]) -> bool:
    return (
        transaction["kind"] == "AUTHORIZATION"
        and transaction["status"] == "SUCCESS"
        and capturable_amount(transactions, transaction) > 0
    )


@orders.field(TRANSACTION, "manuallyCapturable")
def transaction_manually_capturable(transaction: Doc, info: Info) -> bool:
    found = transactions_of(_state(info), transaction["orderId"])
    return _manually_capturable(found, transaction)


@orders.field(TRANSACTION, "totalUnsettledSet")
def transaction_unsettled(transaction: Doc, info: Info) -> dict[str, Any]:
    found = transactions_of(_state(info), transaction["orderId"])
    amount = (
        capturable_amount(found, transaction) if _manually_capturable(found, transaction) else 0
    )
    return money_bag(amount, transaction["amountSet"]["shopMoney"]["currencyCode"])


@orders.field(TRANSACTION, "maximumRefundableV2")
def transaction_maximum_refundable(transaction: Doc, info: Info) -> dict[str, Any] | None:
    currency = transaction["amountSet"]["shopMoney"]["currencyCode"]
    if transaction["kind"] not in {"SALE", "CAPTURE"} or transaction["status"] != "SUCCESS":
        return money_v2(0, currency)
    refunds = [
        t
        for t in transactions_of(_state(info), transaction["orderId"])
        if t["kind"] == "REFUND"
        and t["status"] == "SUCCESS"
        and t["parentTransactionId"] == transaction["id"]
    ]
    refunded = sum(bag_amount(t["amountSet"]) for t in refunds)
    return money_v2(bag_amount(transaction["amountSet"]) - refunded, currency)


@orders.field(TRANSACTION, "order")
def transaction_order(transaction: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(transaction["orderId"])


@orders.field(TRANSACTION, "parentTransaction")
def transaction_parent(transaction: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), transaction.get("parentTransactionId"), TRANSACTION)


@orders.field("Refund", "order")
def refund_order(refund: Doc, info: Info) -> Doc | None:
    return _state(info).get_gid(refund["orderId"])


@orders.field("Refund", "refundLineItems")
def refund_line_items(refund: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    return paginate(refund["refundLineItems"], args)


@orders.field("Refund", "transactions")
def refund_transactions(refund: Doc, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    found = [state.get_gid(tx_id) for tx_id in refund["transactionIds"]]
    return paginate([t for t in found if t is not None], args)


@orders.field("RefundLineItem", "lineItem")
def refund_line_item_line(item: Doc, info: Info) -> Doc | None:
    order = _state(info).get_gid(item["orderId"])
    lines = order["lineItems"] if order else []
    return next((line for line in lines if line["id"] == item["lineItemId"]), None)


@orders.field("RefundLineItem", "location")
def refund_line_item_location(item: Doc, info: Info) -> Doc | None:
    return lookup(_state(info), item.get("locationId"), "Location")
