"""``draftOrderCreate``, ``draftOrderUpdate``, ``draftOrderComplete``,
``draftOrderDelete`` and ``draftOrderDuplicate``.

A completed draft can be neither updated nor completed again (a userError naming
``id``); it can still be duplicated and deleted. ``draftOrderComplete`` creates the
order as ``draft_orders_store.complete_draft`` describes; ``paymentGatewayId`` is
refused as not supported (the sandbox has no gateways to choose from).
"""

from __future__ import annotations

import copy
import hashlib
from typing import Any

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.draft_order_inputs import apply_input
from shopbridge.sandbox.domains.draft_orders_store import (
    DRAFT_ORDER,
    complete_draft,
    discount_of,
    new_draft,
    set_totals,
)
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.payloads import UserErrors, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["draft_order_mutations"]

draft_order_mutations = Domain("draft_order_mutations")

_KEPT_ON_DUPLICATE = (
    "email", "phone", "note2", "tags", "poNumber", "customAttributes", "customerId",
    "billingAddress", "shippingAddress", "billingAddressMatchesShippingAddress",
    "appliedDiscount", "taxExempt", "allowDiscountCodesInCheckout", "visibleToCustomer",
    "_sourceName",
)  # fmt: skip


def _state(info: Info) -> State:
    return context_of(info).state


def _error(info: Info, field: list[str], message: str) -> dict[str, Any]:
    return {"draftOrder": None, "userErrors": [user_error(info, None, field, message)]}


def _editable(state: State, draft_id: str) -> Doc | None:
    found = lookup(state, draft_id, DRAFT_ORDER)
    return state.edit(DRAFT_ORDER, legacy_id(found["id"])) if found else None


@draft_order_mutations.mutation("draftOrderCreate")
def draft_order_create(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    state = _state(info)
    try:
        with state.savepoint():
            draft = apply_input(state, info, new_draft(state), input)
            return {"draftOrder": state.save(draft), "userErrors": []}
    except UserErrors as failure:
        return {"draftOrder": None, "userErrors": failure.errors}


@draft_order_mutations.mutation("draftOrderUpdate")
def draft_order_update(_root: None, info: Info, id: str, input: dict[str, Any]) -> dict[str, Any]:
    state = _state(info)
    draft = _editable(state, id)
    if draft is None:
        return _error(info, ["id"], "Draft order does not exist")
    if draft["status"] == "COMPLETED":
        return _error(info, ["id"], "A completed draft order cannot be changed")
    try:
        with state.savepoint():
            apply_input(state, info, draft, input)
            draft["updatedAt"] = state.now()
            return {"draftOrder": state.save(draft), "userErrors": []}
    except UserErrors as failure:
        return {"draftOrder": None, "userErrors": failure.errors}


@draft_order_mutations.mutation("draftOrderComplete")
def draft_order_complete(_root: None, info: Info, id: str, **args: Any) -> dict[str, Any]:
    if args.get("paymentGatewayId"):
        raise not_supported("Argument 'paymentGatewayId' of field 'Mutation.draftOrderComplete'")
    state = _state(info)
    draft = _editable(state, id)
    if draft is None:
        return _error(info, ["id"], "Draft order does not exist")
    if draft["status"] == "COMPLETED":
        return _error(info, ["id"], "This draft order has already been completed")
    complete_draft(
        state,
        draft,
        payment_pending=bool(args.get("paymentPending")),
        source_name=args.get("sourceName"),
    )
    return {"draftOrder": state.get_gid(id), "userErrors": []}


@draft_order_mutations.mutation("draftOrderDelete")
def draft_order_delete(_root: None, info: Info, input: dict[str, Any]) -> dict[str, Any]:
    state = _state(info)
    found = lookup(state, input["id"], DRAFT_ORDER)
    if found is None:
        message = "Draft order does not exist"
        return {"deletedId": None, "userErrors": [user_error(info, None, ["id"], message)]}
    state.delete(DRAFT_ORDER, legacy_id(found["id"]))
    return {"deletedId": found["id"], "userErrors": []}


@draft_order_mutations.mutation("draftOrderDuplicate")
def draft_order_duplicate(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    """A new open draft with the original's lines, customer, addresses and discount."""
    state = _state(info)
    wanted = args.get("id") or args.get("draftOrderId")
    found = lookup(state, wanted, DRAFT_ORDER)
    if found is None:
        return _error(info, ["id"], "Draft order does not exist")
    draft = new_draft(state)
    draft.update({key: copy.deepcopy(found[key]) for key in _KEPT_ON_DUPLICATE})
    for key in ("billingAddress", "shippingAddress"):
        if draft[key] is not None:
            draft[key]["id"] = state.new_gid("MailingAddress")
    lines = copy.deepcopy(found["lineItems"])
    for line in lines:
        line["id"] = state.new_gid("DraftOrderLineItem")
        line["uuid"] = hashlib.blake2b(line["id"].encode(), digest_size=16).hexdigest()
    draft["lineItems"] = lines
    set_totals(draft, discount_of(found["appliedDiscount"]))
    return {"draftOrder": state.save(draft), "userErrors": []}
