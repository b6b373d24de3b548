"""Reading ``DiscountCodeBasicInput``/``DiscountAutomaticBasicInput`` into a discount.

``apply_input`` writes the sent fields onto a discount object (an update sends only
what changes; ``productsToAdd``/``Remove`` and the context's ``add``/``remove`` edit
the current lists) and raises ``UserErrors`` with ``DiscountErrorCode`` codes:
``BLANK`` title or code, ``TAKEN`` code, ``TOO_LONG`` code (over 255 characters),
``END_DATE_BEFORE_START_DATE``, ``VALUE_OUTSIDE_RANGE`` percentage (0 < p <= 1),
``GREATER_THAN`` amount, usage limit or minimum (must be above 0),
``TOO_MANY_ARGUMENTS`` (two kinds of value, items, requirement or context at once),
``MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT`` and ``INVALID`` ids. Collections,
segments, quantity effects and tag-based combinations are not modelled and are
refused as not supported.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Final

from shopbridge.sandbox.context import Info
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.discounts_store import find_code, utc_time
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import gid
from shopbridge.sandbox.payloads import (
    UserErrors,
    money_v2,
    parse_decimal,
    refuse_unsupported_inputs,
    user_error,
)
from shopbridge.sandbox.state import Doc, State

__all__ = ["AUTOMATIC_INPUTS", "CODE_INPUTS", "apply_input"]

AUTOMATIC_INPUTS: Final = frozenset(
    {"title", "startsAt", "endsAt", "customerGets", "minimumRequirement", "combinesWith",
     "context", "recurringCycleLimit", "tags"}
)  # fmt: skip
CODE_INPUTS: Final = AUTOMATIC_INPUTS | {"code", "usageLimit", "appliesOncePerCustomer"}
MAX_CODE_LENGTH: Final = 255


class _Check:
    """Collects the errors of one input, each under ``[argument, ...path]``."""

    def __init__(self, info: Info, argument: str) -> None:
        self.info, self.argument, self.errors = info, argument, list[dict[str, Any]]()

    def fail(self, code: str, *path: str, message: str | None = None) -> None:
        self.errors.append(user_error(self.info, code, [self.argument, *path], message))


def _ids(state: State, check: _Check, values: Sequence[str], kind: str, *path: str) -> list[str]:
    found = [v for v in values if lookup(state, v, kind) is not None]
    if len(found) != len(values):
        check.fail("INVALID", *path, message=f"One or more {kind} ids do not exist")
    return found


def _edit_list(current: Sequence[str], add: Sequence[str], remove: Sequence[str]) -> list[str]:
    kept = [v for v in current if v not in remove]
    return kept + [v for v in add if v not in kept]


def _value(check: _Check, given: Mapping[str, Any], currency: str) -> dict[str, Any] | None:
    supported = {"percentage", "discountAmount"}
    refuse_unsupported_inputs(given, "DiscountCustomerGetsValueInput", supported)
    sent = [key for key in ("percentage", "discountAmount") if given.get(key) is not None]
    if len(sent) != 1:
        check.fail("TOO_MANY_ARGUMENTS" if sent else "BLANK", "customerGets", "value")
        return None
    if sent[0] == "percentage":
        percentage = float(given["percentage"])
        if not 0 < percentage <= 1:
            check.fail("VALUE_OUTSIDE_RANGE", "customerGets", "value", "percentage")
        return {"__typename": "DiscountPercentage", "percentage": percentage}
    amount = given["discountAmount"]
    value = parse_decimal(amount.get("amount") or 0)
    if value <= 0:
        check.fail("GREATER_THAN", "customerGets", "value", "discountAmount", "amount")
    return {
        "__typename": "DiscountAmount",
        "amount": money_v2(value, currency),
        "appliesOnEachItem": bool(amount.get("appliesOnEachItem")),
    }


def _items(
    state: State, check: _Check, given: Mapping[str, Any], current: Mapping[str, Any] | None
) -> dict[str, Any] | None:
    if given.get("collections"):
        raise not_supported("Input field 'DiscountItemsInput.collections'")
    sent = [key for key in ("all", "products") if given.get(key)]
    if len(sent) != 1:
        check.fail("TOO_MANY_ARGUMENTS" if sent else "BLANK", "customerGets", "items")
        return None
    if sent[0] == "all":
        return {"__typename": "AllDiscountItems", "allItems": True}
    products = given["products"]
    base = current if current and current["__typename"] == "DiscountProducts" else {}
    path = ("customerGets", "items", "products")
    return {
        "__typename": "DiscountProducts",
        "productIds": _edit_list(
            base.get("productIds", []),
            _ids(state, check, products.get("productsToAdd") or [], "Product", *path),
            products.get("productsToRemove") or [],
        ),
        "variantIds": _edit_list(
            base.get("variantIds", []),
            _ids(state, check, products.get("productVariantsToAdd") or [], "ProductVariant", *path),
            products.get("productVariantsToRemove") or [],
        ),
    }


def _customer_gets(
    state: State, check: _Check, discount: Doc, given: Mapping[str, Any], currency: str
) -> None:
    current = discount.get("customerGets") or {}
    gets = {
        "appliesOnOneTimePurchase": True,
        "appliesOnSubscription": False,
        **current,
    }
    for key in ("appliesOnOneTimePurchase", "appliesOnSubscription"):
        if given.get(key) is not None:
            gets[key] = given[key]
    reported = len(check.errors)
    if "value" in given:
        gets["value"] = _value(check, given["value"] or {}, currency)
    if "items" in given:
        gets["items"] = _items(state, check, given["items"] or {}, current.get("items"))
    incomplete = gets.get("value") is None or gets.get("items") is None
    if incomplete and len(check.errors) == reported:
        check.fail("BLANK", "customerGets")
    discount["customerGets"] = gets
    product_level = (gets.get("items") or {}).get("__typename") == "DiscountProducts"
    discount["discountClasses"] = ["PRODUCT" if product_level else "ORDER"]
    discount["discountClass"] = discount["discountClasses"][0]


def _minimum(check: _Check, given: Mapping[str, Any] | None, currency: str) -> Doc | None:
    quantity = (given or {}).get("quantity") or {}
    subtotal = (given or {}).get("subtotal") or {}
    wanted_quantity = quantity.get("greaterThanOrEqualToQuantity")
    wanted_subtotal = subtotal.get("greaterThanOrEqualToSubtotal")
    if wanted_quantity is not None and wanted_subtotal is not None:
        check.fail("MINIMUM_SUBTOTAL_AND_QUANTITY_RANGE_BOTH_PRESENT", "minimumRequirement")
        return None
    if wanted_quantity is not None:
        if int(wanted_quantity) <= 0:
            check.fail("GREATER_THAN", "minimumRequirement", "quantity")
        return {
            "__typename": "DiscountMinimumQuantity",
            "greaterThanOrEqualToQuantity": str(int(wanted_quantity)),
        }
    if wanted_subtotal is not None:
        if parse_decimal(wanted_subtotal) <= 0:
            check.fail("GREATER_THAN", "minimumRequirement", "subtotal")
        return {
            "__typename": "DiscountMinimumSubtotal",
            "greaterThanOrEqualToSubtotal": money_v2(wanted_subtotal, currency),
        }
    return None


def _context(state: State, check: _Check, discount: Doc, given: Mapping[str, Any]) -> None:
    if given.get("customerSegments"):
        raise not_supported("Input field 'DiscountContextInput.customerSegments'")
    sent = [key for key in ("all", "customers", "markets") if given.get(key)]
    if len(sent) > 1:
        check.fail("TOO_MANY_ARGUMENTS", "context")
        return
    current = discount.get("context") or {}
    if not sent or sent[0] == "all":
        discount["context"] = {"__typename": "DiscountBuyerSelectionAll", "all": "ALL"}
        return
    key, kind, typename, field = {
        "customers": ("customers", "Customer", "DiscountCustomers", "customerIds"),
        "markets": ("markets", "Market", "DiscountMarkets", "marketIds"),
    }[sent[0]]
    change = given[key]
    added = _ids(state, check, change.get("add") or [], kind, "context", key, "add")
    base = current.get(field, []) if current.get("__typename") == typename else []
    discount["context"] = {
        "__typename": typename,
        field: _edit_list(base, added, change.get("remove") or []),
    }


def _combines(discount: Doc, given: Mapping[str, Any]) -> None:
    if given.get("productDiscountsWithTagsOnSameCartLine"):
        raise not_supported(
            "Input field 'DiscountCombinesWithInput.productDiscountsWithTagsOnSameCartLine'"
        )
    combines = dict(discount["combinesWith"])
    for key in ("orderDiscounts", "productDiscounts", "shippingDiscounts"):
        if given.get(key) is not None:
            combines[key] = given[key]
    discount["combinesWith"] = combines


def _code(state: State, check: _Check, discount: Doc, code: str | None, node_id: str) -> None:
    text = (code or "").strip()
    if not text:
        check.fail("BLANK", "code", message="Code can't be blank")
        return
    if len(text) > MAX_CODE_LENGTH:
        check.fail("TOO_LONG", "code")
        return
    owner = find_code(state, text)
    if owner is not None and owner["id"] != node_id:
        check.fail("TAKEN", "code", message="Code must be unique. Please try a different code.")
        return
    codes = discount.get("codes") or []
    if codes:
        codes[0] = {**codes[0], "code": text}
    else:
        redeem = gid("DiscountRedeemCode", state.new_id("DiscountRedeemCode"))
        codes = [{"id": redeem, "code": text, "asyncUsageCount": 0, "createdBy": None}]
    discount["codes"] = codes


def apply_input(
    state: State,
    info: Info,
    argument: str,
    discount: Doc,
    given: Mapping[str, Any],
    node_id: str,
    currency: str,
) -> None:
    """Write ``given`` onto ``discount``; raises ``UserErrors`` when anything is wrong."""
    if given.get("customerSelection") is not None:
        raise not_supported("Input field 'customerSelection' (use 'context')")
    check = _Check(info, argument)
    if "title" in given:
        discount["title"] = (given["title"] or "").strip()
    if not discount.get("title"):
        check.fail("BLANK", "title", message="Title can't be blank")
    if "codes" in discount and ("code" in given or not discount["codes"]):
        _code(state, check, discount, given.get("code"), node_id)
    for key in ("usageLimit", "appliesOncePerCustomer", "tags"):
        if key in given:
            discount[key] = given[key]
    for key in ("startsAt", "endsAt"):
        if key in given:
            discount[key] = utc_time(given[key])
    if given.get("startsAt") is None and "startsAt" in given:
        discount["startsAt"] = state.now()
    if given.get("recurringCycleLimit") is not None:
        discount["recurringCycleLimit"] = given["recurringCycleLimit"]
    discount["appliesOncePerCustomer"] = bool(discount.get("appliesOncePerCustomer"))
    discount["tags"] = list(discount.get("tags") or [])
    if discount.get("usageLimit") is not None and discount["usageLimit"] <= 0:
        check.fail("GREATER_THAN", "usageLimit")
    if discount["endsAt"] is not None and discount["endsAt"] <= discount["startsAt"]:
        check.fail("END_DATE_BEFORE_START_DATE", "endsAt")
    if "customerGets" in given or "customerGets" not in discount:
        _customer_gets(state, check, discount, given.get("customerGets") or {}, currency)
    if "minimumRequirement" in given:
        discount["minimumRequirement"] = _minimum(check, given["minimumRequirement"], currency)
    if "context" in given or "context" not in discount:
        _context(state, check, discount, given.get("context") or {})
    _combines(discount, given.get("combinesWith") or {})
    if check.errors:
        raise UserErrors(check.errors)
