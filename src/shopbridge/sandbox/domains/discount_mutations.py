"""Basic discounts: create, update, activate, deactivate and delete, code and automatic.

Input rules are in ``discount_inputs``; status rules in ``discounts_store``. A missing
discount answers ``INVALID`` on ``["id"]`` ("Discount does not exist", the sandbox's
wording). Updating a discount of another kind (an automatic one through
``discountCodeBasicUpdate``) counts as missing.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from shopbridge.sandbox.context import Info, context_of
from shopbridge.sandbox.domains.discount_inputs import AUTOMATIC_INPUTS, CODE_INPUTS, apply_input
from shopbridge.sandbox.domains.discounts_store import (
    AUTOMATIC_NODE,
    CODE_NODE,
    discount_of,
    new_node_id,
    status_at,
)
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.gid import legacy_id, parse_gid
from shopbridge.sandbox.payloads import (
    UserErrors,
    money_v2,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.state import Doc, State

__all__ = ["discount_mutations", "save_discount"]

discount_mutations = Domain("discount_mutations")


class _Kind:
    def __init__(self, node: str, typename: str, inner: str, payload: str, argument: str) -> None:
        self.node, self.typename, self.inner = node, typename, inner
        self.payload, self.argument = payload, argument


CODE: Final = _Kind(CODE_NODE, "DiscountCodeBasic", "codeDiscount", "codeDiscountNode",
                    "basicCodeDiscount")  # fmt: skip
AUTOMATIC: Final = _Kind(AUTOMATIC_NODE, "DiscountAutomaticBasic", "automaticDiscount",
                         "automaticDiscountNode", "automaticBasicDiscount")  # fmt: skip


def _blank(state: State, kind: _Kind, currency: str) -> Doc:
    now = state.now()
    discount: Doc = {
        "__typename": kind.typename,
        "title": "",
        "startsAt": now,
        "endsAt": None,
        "recurringCycleLimit": 0,
        "tags": [],
        "asyncUsageCount": 0,
        "minimumRequirement": None,
        "combinesWith": {
            "orderDiscounts": False,
            "productDiscounts": False,
            "shippingDiscounts": False,
            "productDiscountsWithTagsOnSameCartLine": None,
        },
        "hasTimelineComment": False,
        "createdAt": now,
        "updatedAt": now,
    }  # fmt: skip
    if kind is CODE:
        discount.update(usageLimit=None, appliesOncePerCustomer=False, codes=[],
                        shareableUrls=[], totalSales=money_v2(0, currency))  # fmt: skip
    else:
        discount["usageCount"] = 0
    return discount


def save_discount(state: State, node: Doc) -> Doc:
    """Stamp ``updatedAt``, the current ``status`` and the code index; store the node."""
    discount = discount_of(node)
    discount["updatedAt"] = state.now()
    discount["status"] = status_at(discount, state.now())
    node["_codes"] = [c["code"].lower() for c in discount.get("codes", [])]
    return state.save(node)


def _find(state: State, kind: _Kind, value: str) -> Doc | None:
    try:
        parsed = parse_gid(value)
    except ValueError:
        return None
    if parsed.type not in {kind.node, "DiscountNode"}:
        return None
    return state.edit(kind.node, parsed.id)


def _missing(info: Info, key: str) -> dict[str, Any]:
    error = user_error(info, "INVALID", ["id"], "Discount does not exist")
    return {key: None, "userErrors": [error]}


def _upsert(
    info: Info, kind: _Kind, given: Mapping[str, Any], node_id: str | None
) -> dict[str, Any]:
    supported = CODE_INPUTS if kind is CODE else AUTOMATIC_INPUTS
    refuse_unsupported_inputs(given, kind.argument, supported)
    state = context_of(info).state
    currency = shop_doc(state)["currencyCode"]
    node = _find(state, kind, node_id) if node_id is not None else None
    if node_id is not None and node is None:
        return _missing(info, kind.payload)
    try:
        with state.savepoint():
            if node is None:
                node = {"__typename": kind.node, "id": new_node_id(state, kind.node),
                        kind.inner: _blank(state, kind, currency)}  # fmt: skip
            apply_input(state, info, kind.argument, node[kind.inner], given, node["id"], currency)
            saved = save_discount(state, node)
    except UserErrors as failure:
        return {kind.payload: None, "userErrors": failure.errors}
    return {kind.payload: saved, "userErrors": []}


@discount_mutations.mutation("discountCodeBasicCreate")
def code_create(_root: None, info: Info, basicCodeDiscount: dict[str, Any]) -> dict[str, Any]:
    return _upsert(info, CODE, basicCodeDiscount, None)


@discount_mutations.mutation("discountCodeBasicUpdate")
def code_update(
    _root: None, info: Info, id: str, basicCodeDiscount: dict[str, Any]
) -> dict[str, Any]:
    return _upsert(info, CODE, basicCodeDiscount, id)


@discount_mutations.mutation("discountAutomaticBasicCreate")
def automatic_create(
    _root: None, info: Info, automaticBasicDiscount: dict[str, Any]
) -> dict[str, Any]:
    return _upsert(info, AUTOMATIC, automaticBasicDiscount, None)


@discount_mutations.mutation("discountAutomaticBasicUpdate")
def automatic_update(
    _root: None, info: Info, id: str, automaticBasicDiscount: dict[str, Any]
) -> dict[str, Any]:
    return _upsert(info, AUTOMATIC, automaticBasicDiscount, id)


def _switch(info: Info, kind: _Kind, node_id: str, *, active: bool) -> dict[str, Any]:
    state = context_of(info).state
    node = _find(state, kind, node_id)
    if node is None:
        return _missing(info, kind.payload)
    discount = node[kind.inner]
    status = status_at(discount, state.now())
    if active and status == "SCHEDULED":
        discount["startsAt"] = state.now()
    elif active and status == "EXPIRED":
        discount["endsAt"] = None
    elif not active and status != "EXPIRED":
        discount["endsAt"] = state.now()
        discount["startsAt"] = min(discount["startsAt"], discount["endsAt"])
    return {kind.payload: save_discount(state, node), "userErrors": []}


@discount_mutations.mutation("discountCodeActivate")
def code_activate(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _switch(info, CODE, id, active=True)


@discount_mutations.mutation("discountCodeDeactivate")
def code_deactivate(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _switch(info, CODE, id, active=False)


@discount_mutations.mutation("discountAutomaticActivate")
def automatic_activate(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _switch(info, AUTOMATIC, id, active=True)


@discount_mutations.mutation("discountAutomaticDeactivate")
def automatic_deactivate(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _switch(info, AUTOMATIC, id, active=False)


def _delete(info: Info, kind: _Kind, node_id: str, key: str) -> dict[str, Any]:
    state = context_of(info).state
    node = _find(state, kind, node_id)
    if node is None:
        return _missing(info, key)
    state.delete(kind.node, legacy_id(node["id"]))
    return {key: node["id"], "userErrors": []}


@discount_mutations.mutation("discountCodeDelete")
def code_delete(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _delete(info, CODE, id, "deletedCodeDiscountId")


@discount_mutations.mutation("discountAutomaticDelete")
def automatic_delete(_root: None, info: Info, id: str) -> dict[str, Any]:
    return _delete(info, AUTOMATIC, id, "deletedAutomaticDiscountId")
