"""``refundCreate``: refund line items (with restocking) and money (``REFUND`` transactions).

Checks made, answered as ``userErrors`` (``RefundCreatePayload`` has no codes): the
order exists; each ``refundLineItems`` entry names a line item of the order, a
quantity from 1 to what is still refundable and, when given, a known location; each
``transactions`` entry is a ``REFUND`` of a positive amount whose ``parentId`` (when
given) is a successful sale or capture of the order with that much left to refund
(more only with ``allowOverRefunding``). Without ``parentId`` the first sale or
capture with enough left is used. ``restockType`` defaults to ``NO_RESTOCK``, the
REST API's documented default. Shipping, duties, refund methods and discrepancy
reasons are not modelled and are refused.

From API 2026-04 the mutation needs ``@idempotent(key:)`` (its 2026-07 description:
"As of 2026-04, the idempotency key is required"), handled by ``idempotency``; since
``UserError`` has no ``code``, a refused replay says what happened in its message.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.connections import paginate
from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.order_values import ZERO, bag_amount
from shopbridge.sandbox.domains.orders_store import ORDER
from shopbridge.sandbox.domains.payments_store import transactions_of
from shopbridge.sandbox.domains.refunds_store import RefundLine, RefundMoney, create_refund
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.errors import bad_request
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.idempotency import require_idempotency_key, run_idempotent
from shopbridge.sandbox.payloads import (
    UserErrors,
    field_path,
    parse_decimal,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["refund_mutations"]

refund_mutations = Domain("refund_mutations")

_INPUTS: Final = {
    "orderId", "note", "notify", "refundLineItems", "transactions", "currency", "processedAt",
    "allowOverRefunding",
}  # fmt: skip
_REPLAY_MESSAGES: Final = {
    "IDEMPOTENCY_KEY_PARAMETER_MISMATCH": (
        "The idempotency key was already used with different arguments."
    ),
    "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED": "The previous request with this idempotency key failed.",
}


def _failed(errors: list[dict[str, Any]]) -> dict[str, Any]:
    shown = [
        {**error, "message": _REPLAY_MESSAGES.get(error.get("code") or "", error["message"])}
        for error in errors
    ]
    return {"order": None, "refund": None, "userErrors": shown}


def _refundable(transactions: list[Doc], parent: Mapping[str, Any]) -> Decimal:
    refunded = sum(
        (
            bag_amount(t["amountSet"])
            for t in transactions
            if t["kind"] == "REFUND"
            and t["status"] == "SUCCESS"
            and t["parentTransactionId"] == parent["id"]
        ),
        ZERO,
    )
    return bag_amount(parent["amountSet"]) - refunded


def _lines(state: State, info: Info, order: Doc, given: list[dict[str, Any]]) -> list[RefundLine]:
    by_id = {line["id"]: line for line in order["lineItems"]}
    found = []
    for index, item in enumerate(given):
        where = ("refundLineItems", index)
        line = by_id.get(item["lineItemId"])
        if line is None:
            message = "Line item does not belong to this order"
            raise UserErrors([user_error(info, None, field_path(*where, "lineItemId"), message)])
        if not 1 <= item["quantity"] <= line["refundableQuantity"]:
            message = f"Quantity must be between 1 and {line['refundableQuantity']}"
            raise UserErrors([user_error(info, None, field_path(*where, "quantity"), message)])
        if item.get("locationId") and lookup(state, item["locationId"], "Location") is None:
            message = "Location does not exist"
            raise UserErrors([user_error(info, None, field_path(*where, "locationId"), message)])
        restock = item.get("restockType") or "NO_RESTOCK"
        found.append(RefundLine(line["id"], item["quantity"], restock, item.get("locationId")))
    return found


def _payments(
    state: State, info: Info, order: Doc, given: list[dict[str, Any]], over: bool
) -> list[RefundMoney]:
    transactions = transactions_of(state, order["id"])
    parents = [t for t in transactions if t["kind"] in {"SALE", "CAPTURE"}]
    parents = [t for t in parents if t["status"] == "SUCCESS"]
    left = {t["id"]: _refundable(transactions, t) for t in parents}
    found = []
    for index, item in enumerate(given):
        where = ("transactions", index)
        amount = parse_decimal(item["amount"])
        if item["kind"] != "REFUND" or amount <= 0:
            message = "Only REFUND transactions of a positive amount can be given"
            raise UserErrors([user_error(info, None, field_path(*where), message)])
        if item["orderId"] != order["id"]:
            message = "Transaction must belong to the refunded order"
            raise UserErrors([user_error(info, None, field_path(*where, "orderId"), message)])
        parent_id = item.get("parentId") or next(
            (t_id for t_id, rest in left.items() if rest >= amount), None
        )
        if parent_id not in left or (left[parent_id] < amount and not over):
            message = "Amount exceeds what is left to refund on the parent transaction"
            raise UserErrors([user_error(info, None, field_path(*where, "amount"), message)])
        left[parent_id] -= amount
        found.append(RefundMoney(amount, item["gateway"], parent_id))
    return found


@refund_mutations.mutation("refundCreate")
def refund_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    require_idempotency_key(info)
    refuse_unsupported_inputs(input, "RefundInput", _INPUTS)
    return run_idempotent(info, {"input": input}, lambda: _refund(info, input), _failed)


def _refund(info: Info, input: dict[str, Any]) -> dict[str, Any]:
    state = context_of(info).state
    if input.get("currency") and input["currency"] != shop_doc(state)["currencyCode"]:
        raise bad_request(f"Currency {input['currency']} is not supported by the sandbox")
    found = lookup(state, input["orderId"], ORDER)
    if found is None:
        error = user_error(info, None, ["orderId"], "Order does not exist")
        return {"order": None, "refund": None, "userErrors": [error]}
    order = state.edit(ORDER, legacy_id(found["id"]))
    assert order is not None
    try:
        with state.savepoint():
            lines = _lines(state, info, order, input.get("refundLineItems") or [])
            over = bool(input.get("allowOverRefunding"))
            payments = _payments(state, info, order, input.get("transactions") or [], over)
            processed = str(input["processedAt"]) if input.get("processedAt") else None
            refund = create_refund(state, order, lines, payments, input.get("note"), processed)
    except UserErrors as failure:
        return {"order": None, "refund": None, "userErrors": failure.errors}
    return {"order": state.get_gid(order["id"]), "refund": refund, "userErrors": []}


@refund_mutations.field("Refund", "orderAdjustments")
def refund_order_adjustments(_refund: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    """Always empty: the sandbox refunds no shipping and records no discrepancies."""
    return paginate([], args)


@refund_mutations.field("Refund", "refundShippingLines")
def refund_shipping_lines(_refund: Doc, _info: Info, **args: Any) -> dict[str, Any]:
    """Always empty: shipping refunds are not modelled."""
    return paginate([], args)
