"""Order transactions and the financial status they imply.

Each ``OrderTransaction`` is its own document pointing at its order (``orderId``) and,
for a capture, void or refund, at its parent (``parentTransactionId``). Only
successful transactions move money. ``financial_status`` derives the order's
``displayFinancialStatus`` from them, following the enum's documented meanings:

* refunds: ``REFUNDED`` when they cover everything received, else ``PARTIALLY_REFUNDED``;
* received (sales + captures): ``PAID`` when it covers the total, ``PARTIALLY_PAID`` when
  it does not;
* otherwise an authorization still open: ``AUTHORIZED``; every authorization voided:
  ``VOIDED``; nothing yet (or only pending or failed attempts): ``PENDING``.

An order whose total is zero is ``PAID``. ``refresh_payments`` stores the status and
the amounts derived from the transactions on the order, so they travel with its
document (and its webhooks) like Shopify's order resource.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.order_values import ZERO, bag_amount, money_bag
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "MANUAL_GATEWAYS",
    "TRANSACTION",
    "add_transaction",
    "capturable_amount",
    "financial_status",
    "outstanding",
    "refresh_payments",
    "transactions_of",
]

TRANSACTION: Final = "OrderTransaction"
MANUAL_GATEWAYS: Final = frozenset({"manual", "cash", "bank_deposit", "money_order"})
_RECEIVED: Final = frozenset({"SALE", "CAPTURE"})


def transactions_of(state: State, order_id: str) -> list[Doc]:
    return state.find(TRANSACTION, "orderId", order_id)


def add_transaction(
    state: State,
    order: Mapping[str, Any],
    kind: str,
    status: str,
    amount: Decimal,
    *,
    gateway: str = "manual",
    parent_id: str | None = None,
    test: bool = False,
    processed_at: str | None = None,
    error_code: str | None = None,
) -> Doc:
    now = state.now()
    currency = order["currencyCode"]
    tx_id = state.new_gid(TRANSACTION)
    authorization = kind == "AUTHORIZATION" and status == "SUCCESS"
    return state.save(
        {
            "__typename": TRANSACTION,
            "id": tx_id,
            "orderId": order["id"],
            "kind": kind,
            "status": status,
            "gateway": gateway,
            "formattedGateway": gateway.replace("_", " ").title(),
            "amountSet": money_bag(amount, currency),
            "parentTransactionId": parent_id,
            "test": test,
            "errorCode": error_code,
            "authorizationCode": f"{legacy_id(tx_id) % 1_000_000:06d}" if authorization else None,
            "authorizationExpiresAt": None,
            "manualPaymentGateway": gateway in MANUAL_GATEWAYS,
            "multiCapturable": False,
            "paymentId": f"c{legacy_id(order['id'])}.{legacy_id(tx_id) % 1000}",
            "receiptJson": "{}",
            "accountNumber": None,
            "paymentDetails": None,
            "paymentIcon": None,
            "location": None,
            "device": None,
            "user": None,
            "fees": [],
            "settlementCurrency": None,
            "settlementCurrencyRate": None,
            "currencyExchangeAdjustment": None,
            "shopifyPaymentsSet": None,
            "amountRoundingSet": None,
            "createdAt": now,
            "processedAt": processed_at or now,
        }
    )


def _successful(transactions: list[Doc], kinds: frozenset[str] | set[str]) -> list[Doc]:
    return [t for t in transactions if t["kind"] in kinds and t["status"] == "SUCCESS"]


def _sum(transactions: list[Doc]) -> Decimal:
    return sum((bag_amount(t["amountSet"]) for t in transactions), ZERO)


def capturable_amount(transactions: list[Doc], authorization: Mapping[str, Any]) -> Decimal:
    """What is left to capture on ``authorization`` (zero once voided)."""
    children = [t for t in transactions if t.get("parentTransactionId") == authorization["id"]]
    if _successful(children, {"VOID"}):
        return ZERO
    return bag_amount(authorization["amountSet"]) - _sum(_successful(children, {"CAPTURE"}))


def _open_authorizations(transactions: list[Doc]) -> list[Doc]:
    return [
        t
        for t in _successful(transactions, {"AUTHORIZATION"})
        if capturable_amount(transactions, t) > 0
    ]


def financial_status(transactions: list[Doc], total: Decimal) -> str:
    received = _sum(_successful(transactions, _RECEIVED))
    refunded = _sum(_successful(transactions, {"REFUND"}))
    if refunded > 0:
        return "REFUNDED" if refunded >= received else "PARTIALLY_REFUNDED"
    if total <= 0 or (received > 0 and received >= total):
        return "PAID"
    if received > 0:
        return "PARTIALLY_PAID"
    if _open_authorizations(transactions):
        return "AUTHORIZED"
    if _successful(transactions, {"AUTHORIZATION"}):
        return "VOIDED"
    return "PENDING"


def outstanding(order: Mapping[str, Any], transactions: list[Doc]) -> Decimal:
    received = _sum(_successful(transactions, _RECEIVED))
    return max(bag_amount(order["currentTotalPriceSet"]) - received, ZERO)


def refresh_payments(state: State, order: Doc, *, status: str | None = None) -> Doc:
    """Recompute (or set, when given) the financial fields of ``order``; saves it."""
    transactions = transactions_of(state, order["id"])
    currency = order["currencyCode"]
    received = _sum(_successful(transactions, _RECEIVED))
    refunded = _sum(_successful(transactions, {"REFUND"}))
    capturable = sum(
        (capturable_amount(transactions, t) for t in _open_authorizations(transactions)), ZERO
    )
    due = outstanding(order, transactions)
    total = bag_amount(order["currentTotalPriceSet"])
    shown = status or financial_status(transactions, total)
    gateways = []
    for transaction in transactions:
        if transaction["gateway"] not in gateways and transaction["status"] != "FAILURE":
            gateways.append(transaction["gateway"])
    order.update(
        {
            "displayFinancialStatus": shown,
            "totalReceivedSet": money_bag(received, currency),
            "totalRefundedSet": money_bag(refunded, currency),
            "netPaymentSet": money_bag(received - refunded, currency),
            "totalOutstandingSet": money_bag(due, currency),
            "totalCapturableSet": money_bag(capturable, currency),
            "capturable": capturable > 0,
            "fullyPaid": due <= 0,
            "unpaid": received <= 0,
            "canMarkAsPaid": due > 0 and shown != "PAID" and order.get("cancelledAt") is None,
            "refundable": received - refunded > 0,
            "paymentGatewayNames": gateways,
            "updatedAt": state.now(),
        }
    )
    return state.save(order)
