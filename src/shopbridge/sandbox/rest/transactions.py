"""``order_transactions/create`` in Shopify's REST shape, and the transaction body that
the order-family payloads (refunds) embed."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.payments_store import TRANSACTION
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.rest.formats import numeric_id, rest_enum, rest_time
from shopbridge.sandbox.rest.order_parts import amount, rest_money_set
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import Payload, topic_rule

__all__ = ["rest_transaction"]


def rest_transaction(state: State, transaction: Mapping[str, Any]) -> Payload:
    order = state.get_gid(transaction["orderId"]) or {}
    money_set = transaction["amountSet"]
    unsettled = rest_money_set(
        {
            "shopMoney": {**money_set["shopMoney"], "amount": "0"},
            "presentmentMoney": {**money_set["presentmentMoney"], "amount": "0"},
        }
        if transaction["kind"] != "AUTHORIZATION" or transaction["status"] != "SUCCESS"
        else money_set,
        key="currency",
    )
    return {
        "admin_graphql_api_id": transaction["id"],
        "amount": amount(money_set),
        "amount_rounding": None,
        "authorization": transaction["authorizationCode"],
        "created_at": rest_time(state, transaction["createdAt"]),
        "currency": money_set["shopMoney"]["currencyCode"],
        "device_id": None,
        "error_code": rest_enum(transaction["errorCode"]),
        "gateway": transaction["gateway"],
        "id": legacy_id(transaction["id"]),
        "kind": rest_enum(transaction["kind"]),
        "location_id": None,
        "manual_payment_gateway": transaction["manualPaymentGateway"],
        "message": None,
        "order_id": legacy_id(transaction["orderId"]),
        "parent_id": numeric_id(transaction["parentTransactionId"]),
        "payment_details": None,
        "payment_id": f"{order.get('name', '')}.{legacy_id(transaction['id']) % 1000}",
        "processed_at": rest_time(state, transaction["processedAt"]),
        "receipt": {},
        "source_name": order.get("sourceName"),
        "status": rest_enum(transaction["status"]),
        "test": transaction["test"],
        "total_unsettled_set": unsettled,
        "user_id": None,
    }


@topic_rule("order_transactions/create", TRANSACTION, on="create")
def transaction_created(state: State, change: Change) -> Payload:
    if change.after is None:
        raise LookupError(f"transaction {change.id} has no state after the change")
    return rest_transaction(state, change.after)
