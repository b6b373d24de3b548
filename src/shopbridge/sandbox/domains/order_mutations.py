"""``orderCreate``, ``orderUpdate``, ``orderCancel``, ``orderClose``/``orderOpen``,
``orderMarkAsPaid`` and ``orderCapture``.

Choices where Shopify's documentation leaves room, made here:

* ``orderCreate`` claims no stock unless ``options.inventoryBehaviour`` asks for it
  (``BYPASS`` is Shopify's documented default for API-created orders); its
  ``sourceName`` defaults to the calling app's name. ``financialStatus``, when given,
  is kept as sent until a later payment operation recalculates it (as its description
  says); otherwise it derives from ``transactions`` (none: ``PENDING``).
* ``orderCancel`` is asynchronous in Shopify and answers a ``Job``. The sandbox
  cancels at once, inside the mutation, and answers the job already ``done``
  (``Job.query`` gives the query root, to read the order back). Authorizations still
  open are voided; with ``refundMethod.originalPaymentMethodsRefund`` what was paid is
  refunded. A fulfilled order cannot be cancelled until its fulfillments are.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.customers_store import record_order
from shopbridge.sandbox.domains.fulfillment_store import (
    fulfillment_orders_of,
    refresh_fulfillment_status,
    save_fulfillment_order,
)
from shopbridge.sandbox.domains.order_inputs import address_input, money_input, order_spec
from shopbridge.sandbox.domains.order_stock import Behaviour, InsufficientStockError, release
from shopbridge.sandbox.domains.order_values import bag_amount, mailing_address
from shopbridge.sandbox.domains.orders_store import ORDER, create_order
from shopbridge.sandbox.domains.payments_store import (
    add_transaction,
    capturable_amount,
    outstanding,
    refresh_payments,
    transactions_of,
)
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    parse_decimal,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["cancel_order", "order_mutations", "place_order"]

order_mutations = Domain("order_mutations")

_TRANSACTION_INPUTS: Final = {"amountSet", "gateway", "kind", "status", "processedAt", "test"}
_UPDATE_INPUTS: Final = {"id", "email", "note", "phone", "poNumber", "tags", "shippingAddress",
                         "customAttributes"}  # fmt: skip


def _state(info: Info) -> State:
    return context_of(info).state


def _editable(state: State, order_id: str) -> Doc:
    doc = state.edit(ORDER, legacy_id(order_id))
    if doc is None:
        raise LookupError(order_id)
    return doc


def place_order(
    state: State,
    info: Info,
    given: Mapping[str, Any],
    options: Mapping[str, Any],
    source_name: str,
) -> Doc:
    """Create the order of an ``OrderCreateOrderInput`` with its transactions."""
    currency = shop_doc(state)["currencyCode"]
    spec = order_spec(state, info, given, currency)
    if not given.get("sourceName"):
        spec.source_name = source_name
    behaviour: Behaviour = options.get("inventoryBehaviour") or "BYPASS"
    try:
        order = create_order(state, spec, behaviour)
    except InsufficientStockError as exc:
        index = next(
            i
            for i, line in enumerate(spec.lines)
            if line.variant and line.variant["id"] == str(exc)
        )
        raise UserErrors(
            [user_error(info, "INVENTORY_CLAIM_FAILED", field_path("order", "lineItems", index))]
        ) from exc
    for given_tx in given.get("transactions") or []:
        refuse_unsupported_inputs(given_tx, "OrderCreateOrderTransactionInput", _TRANSACTION_INPUTS)
        add_transaction(
            state,
            order,
            given_tx.get("kind") or "SALE",
            given_tx.get("status") or "SUCCESS",
            money_input(given_tx["amountSet"], currency),
            gateway=given_tx.get("gateway") or "manual",
            test=bool(given_tx.get("test")),
            processed_at=str(given_tx["processedAt"]) if given_tx.get("processedAt") else None,
        )
    if order["customerId"]:
        record_order(state, order["customerId"], bag_amount(order["totalPriceSet"]), order["id"])
    return refresh_payments(state, dict(order), status=given.get("financialStatus"))


@order_mutations.mutation("orderCreate")
def order_create(_root: None, info: Info, order: dict[str, Any], **args: Any) -> dict[str, Any]:
    options = args.get("options") or {}
    refuse_unsupported_inputs(
        options,
        "OrderCreateOptionsInput",
        {"inventoryBehaviour", "sendReceipt", "sendFulfillmentReceipt"},
    )
    state = _state(info)
    try:
        with state.savepoint():
            created = place_order(state, info, order, options, context_of(info).app)
    except UserErrors as failure:
        return {"order": None, "userErrors": failure.errors}
    return {"order": created, "userErrors": []}


def _not_found(info: Info, field: list[str]) -> dict[str, Any]:
    return {"order": None, "userErrors": [user_error(info, None, field, "Order does not exist")]}


@order_mutations.mutation("orderUpdate")
def order_update(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    refuse_unsupported_inputs(input, "OrderInput", _UPDATE_INPUTS)
    state = _state(info)
    if lookup(state, input["id"], ORDER) is None:
        return _not_found(info, ["id"])
    order = _editable(state, input["id"])
    for key in ("email", "note", "phone", "poNumber"):
        if key in input:
            order[key] = input[key]
    if "tags" in input:
        order["tags"] = sorted({t.strip() for t in input["tags"] or [] if t.strip()}, key=str.lower)
    if "customAttributes" in input:
        order["customAttributes"] = [
            {"key": a["key"], "value": a.get("value")} for a in input["customAttributes"] or []
        ]
    if "shippingAddress" in input:
        order["shippingAddress"] = mailing_address(state, address_input(input["shippingAddress"]))
    order["updatedAt"] = state.now()
    return {"order": state.save(order), "userErrors": []}


def cancel_order(
    state: State, order: Doc, reason: str, *, restock: bool, refund: bool, staff_note: str | None
) -> Doc:
    """Cancel ``order`` (an editable copy): stock, fulfillment orders, payments."""
    now = state.now()
    for line in order["lineItems"]:
        release(state, line, restock=restock)
    for fulfillment_order in fulfillment_orders_of(state, order["id"]):
        if fulfillment_order["status"] not in {"CLOSED", "CANCELLED"}:
            save_fulfillment_order(state, {**fulfillment_order, "status": "CANCELLED"})
    transactions = transactions_of(state, order["id"])
    for transaction in transactions:
        if transaction["kind"] == "AUTHORIZATION" and transaction["status"] == "SUCCESS":
            left = capturable_amount(transactions, transaction)
            if left > 0:
                add_transaction(
                    state,
                    order,
                    "VOID",
                    "SUCCESS",
                    left,
                    gateway=transaction["gateway"],
                    parent_id=transaction["id"],
                )
    if refund:
        for transaction in transactions:
            if transaction["kind"] in {"SALE", "CAPTURE"} and transaction["status"] == "SUCCESS":
                add_transaction(
                    state,
                    order,
                    "REFUND",
                    "SUCCESS",
                    bag_amount(transaction["amountSet"]),
                    gateway=transaction["gateway"],
                    parent_id=transaction["id"],
                )
    order.update(
        {
            "cancelledAt": now,
            "cancelReason": reason,
            "cancellation": {"staffNote": staff_note},
            "closed": True,
            "closedAt": order["closedAt"] or now,
        }
    )
    refresh_fulfillment_status(state, order)
    return refresh_payments(state, order)


@order_mutations.mutation("orderCancel")
def order_cancel(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    state = _state(info)
    if args.get("refund") is not None and args.get("refundMethod") is not None:
        message = "Only one of refund and refundMethod can be given"
        return _cancel_errors(info, "INVALID", ["refundMethod"], message)
    method = args.get("refundMethod") or {}
    if method.get("storeCreditRefund"):
        raise not_supported(
            "Argument 'refundMethod.storeCreditRefund' of field 'Mutation.orderCancel'"
        )
    found = lookup(state, args["orderId"], ORDER)
    if found is None:
        return _cancel_errors(info, "NOT_FOUND", ["orderId"], None)
    if found["cancelledAt"] is not None:
        return _cancel_errors(info, "INVALID", ["orderId"], "Order has already been cancelled")
    if any(line["_fulfilled"] > 0 for line in found["lineItems"]):
        message = "Cannot cancel an order with fulfillments; cancel the fulfillments first"
        return _cancel_errors(info, "INVALID", ["orderId"], message)
    refund = bool(args.get("refund")) or bool(method.get("originalPaymentMethodsRefund"))
    cancel_order(
        state,
        _editable(state, found["id"]),
        args["reason"],
        restock=args["restock"],
        refund=refund,
        staff_note=args.get("staffNote"),
    )
    job = {"__typename": "Job", "id": state.new_gid("Job"), "done": True, "query": {}}
    return {"job": job, "orderCancelUserErrors": [], "userErrors": []}


def _cancel_errors(info: Info, code: str, field: list[str], message: str | None) -> dict[str, Any]:
    error = user_error(info, code, field, message)
    plain = {"field": error["field"], "message": error["message"]}
    return {"job": None, "orderCancelUserErrors": [error], "userErrors": [plain]}


@order_mutations.mutation("orderClose")
def order_close(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _set_closed(info, input["id"], closed=True)


@order_mutations.mutation("orderOpen")
def order_open(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    return _set_closed(info, input["id"], closed=False)


def _set_closed(info: Info, order_id: str, *, closed: bool) -> dict[str, Any]:
    state = _state(info)
    if lookup(state, order_id, ORDER) is None:
        return _not_found(info, ["id"])
    order = _editable(state, order_id)
    if not closed and order["cancelledAt"] is not None:
        message = "Cancelled orders can't be reopened"
        return {"order": None, "userErrors": [user_error(info, None, ["id"], message)]}
    if order["closed"] != closed:
        order.update(
            {
                "closed": closed,
                "closedAt": state.now() if closed else None,
                "updatedAt": state.now(),
            }
        )
        order = state.save(order)
    return {"order": order, "userErrors": []}


@order_mutations.mutation("orderMarkAsPaid")
def order_mark_as_paid(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    """Capture open authorizations first, then record a sale for what is still due."""
    state = _state(info)
    found = lookup(state, input["id"], ORDER)
    if found is None:
        return _not_found(info, ["id"])
    if not found["canMarkAsPaid"]:
        message = "Order cannot be marked as paid"
        return {"order": None, "userErrors": [user_error(info, None, ["id"], message)]}
    order = _editable(state, found["id"])
    transactions = transactions_of(state, order["id"])
    due = outstanding(order, transactions)
    for transaction in transactions:
        if (
            due > 0
            and transaction["kind"] == "AUTHORIZATION"
            and transaction["status"] == "SUCCESS"
        ):
            amount = min(capturable_amount(transactions, transaction), due)
            if amount > 0:
                add_transaction(
                    state,
                    order,
                    "CAPTURE",
                    "SUCCESS",
                    amount,
                    gateway=transaction["gateway"],
                    parent_id=transaction["id"],
                )
                due -= amount
    if due > 0:
        add_transaction(state, order, "SALE", "SUCCESS", due, gateway="manual")
    return {"order": refresh_payments(state, order), "userErrors": []}


@order_mutations.mutation("orderCapture")
def order_capture(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    state = _state(info)
    found = lookup(state, input["id"], ORDER)
    if found is None:
        return {
            "transaction": None,
            "userErrors": [user_error(info, None, ["id"], "Order does not exist")],
        }
    transactions = transactions_of(state, found["id"])
    parent = next((t for t in transactions if t["id"] == input["parentTransactionId"]), None)
    if parent is None or parent["kind"] != "AUTHORIZATION" or parent["status"] != "SUCCESS":
        message = "Parent transaction is not a successful authorization of this order"
        error = user_error(info, None, ["parentTransactionId"], message)
        return {"transaction": None, "userErrors": [error]}
    if input.get("currency") and input["currency"] != found["currencyCode"]:
        message = "Currency must match the order's presentment currency"
        return {"transaction": None, "userErrors": [user_error(info, None, ["currency"], message)]}
    amount = parse_decimal(input["amount"])
    left = capturable_amount(transactions, parent)
    if amount <= 0 or amount > left:
        message = f"Amount must be greater than 0 and at most {left} (the capturable amount)"
        return {"transaction": None, "userErrors": [user_error(info, None, ["amount"], message)]}
    order = _editable(state, found["id"])
    captured = add_transaction(
        state,
        order,
        "CAPTURE",
        "SUCCESS",
        amount,
        gateway=parent["gateway"],
        parent_id=parent["id"],
    )
    if input.get("finalCapture") and amount < left:
        add_transaction(
            state,
            order,
            "VOID",
            "SUCCESS",
            left - amount,
            gateway=parent["gateway"],
            parent_id=parent["id"],
        )
    refresh_payments(state, order)
    return {"transaction": captured, "userErrors": []}


@order_mutations.field("Job", "query")
def job_query(_job: Doc, _info: Info) -> dict[str, Any]:
    return {}
