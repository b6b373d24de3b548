"""What basic discounts take off a set of order lines (for simulated checkouts).

``apply_discounts(state, lines, codes=[...], customer_id=..., market_id=...)`` returns
one ``Applied`` per discount that applies, with the amount it takes off each line.
Rules, as Shopify's basic discounts document them:

* every active automatic discount is considered, and the code discounts named in
  ``codes`` (unknown or inactive codes are listed in ``rejected_codes``);
* the buyer must be in the discount's context (all buyers, listed customers, or
  listed markets) and its usage limit must not be used up;
* a percentage takes that share of each eligible line; a fixed amount on each item
  takes up to the amount per unit; otherwise a fixed amount is spread over the
  eligible lines in proportion to their totals, never more than they cost;
* the minimum subtotal or quantity is measured over the eligible lines;
* a discount joins those already applied only when each pair's ``combinesWith``
  allows it (class ``PRODUCT`` or ``ORDER``); automatic discounts go first.

Amounts are rounded to cents; rounding left-overs go to the last eligible line.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import ROUND_HALF_UP, Decimal
from typing import Any, Final

from shopbridge.sandbox.domains.discounts_store import (
    AUTOMATIC_NODE,
    discount_of,
    find_code,
    status_at,
)
from shopbridge.sandbox.payloads import parse_decimal
from shopbridge.sandbox.state import Doc, State

__all__ = ["Applied", "Line", "Outcome", "apply_discounts"]

_CENT: Final = Decimal("0.01")
_COMBINES: Final = {"PRODUCT": "productDiscounts", "ORDER": "orderDiscounts"}


@dataclass(frozen=True, slots=True)
class Line:
    """One order line: a variant, its quantity and unit price (shop currency)."""

    variant_id: str
    product_id: str
    quantity: int
    unit_price: Decimal


@dataclass(frozen=True, slots=True)
class Applied:
    """A discount that applies: ``amounts[i]`` is what it takes off line ``i``."""

    node_id: str
    title: str
    code: str | None
    discount_class: str
    amounts: dict[int, Decimal]

    @property
    def total(self) -> Decimal:
        return sum(self.amounts.values(), Decimal(0))


@dataclass(slots=True)
class Outcome:
    applied: list[Applied] = field(default_factory=list)
    rejected_codes: list[str] = field(default_factory=list)


def _eligible(discount: Mapping[str, Any], lines: Sequence[Line]) -> list[int]:
    items = discount["customerGets"]["items"]
    if items["__typename"] == "AllDiscountItems":
        return list(range(len(lines)))
    return [
        i
        for i, line in enumerate(lines)
        if line.variant_id in items["variantIds"] or line.product_id in items["productIds"]
    ]


def _buyer_allowed(discount: Mapping[str, Any], customer: str | None, market: str | None) -> bool:
    context = discount["context"]
    if context["__typename"] == "DiscountCustomers":
        return customer in context["customerIds"]
    if context["__typename"] == "DiscountMarkets":
        return market in context["marketIds"]
    return True


def _meets_minimum(discount: Mapping[str, Any], lines: Sequence[Line], chosen: list[int]) -> bool:
    minimum = discount["minimumRequirement"]
    if minimum is None:
        return True
    if minimum["__typename"] == "DiscountMinimumQuantity":
        wanted = int(minimum["greaterThanOrEqualToQuantity"])
        return sum(lines[i].quantity for i in chosen) >= wanted
    subtotal = sum((lines[i].unit_price * lines[i].quantity for i in chosen), Decimal(0))
    return subtotal >= parse_decimal(minimum["greaterThanOrEqualToSubtotal"]["amount"])


def _amounts(
    discount: Mapping[str, Any], lines: Sequence[Line], chosen: list[int]
) -> dict[int, Decimal]:
    value = discount["customerGets"]["value"]
    totals = {i: lines[i].unit_price * lines[i].quantity for i in chosen}
    if value["__typename"] == "DiscountPercentage":
        rate = Decimal(str(value["percentage"]))
        return {i: (t * rate).quantize(_CENT, ROUND_HALF_UP) for i, t in totals.items()}
    amount = parse_decimal(value["amount"]["amount"])
    if value["appliesOnEachItem"]:
        return {i: min(amount, lines[i].unit_price) * lines[i].quantity for i in chosen}
    whole = sum(totals.values(), Decimal(0))
    off = min(amount, whole)
    if whole == 0:
        return {}
    shares = {i: (off * t / whole).quantize(_CENT, ROUND_HALF_UP) for i, t in totals.items()}
    shares[chosen[-1]] += off - sum(shares.values(), Decimal(0))
    return shares


def _compatible(discount: Mapping[str, Any], kind: str, applied: list[tuple[Doc, str]]) -> bool:
    return all(
        other["combinesWith"][_COMBINES[kind]] and discount["combinesWith"][_COMBINES[other_kind]]
        for other, other_kind in applied
    )


def apply_discounts(
    state: State,
    lines: Sequence[Line],
    *,
    codes: Sequence[str] = (),
    customer_id: str | None = None,
    market_id: str | None = None,
) -> Outcome:
    """The discounts that apply to ``lines`` and what each takes off (see the module)."""
    outcome = Outcome()
    now = state.now()
    candidates: list[tuple[Doc, str | None]] = [(n, None) for n in state.all(AUTOMATIC_NODE)]
    for code in codes:
        node = find_code(state, code)
        if node is None or status_at(discount_of(node), now) != "ACTIVE":
            outcome.rejected_codes.append(code)
        else:
            candidates.append((node, code))
    applied: list[tuple[Doc, str]] = []
    for node, given_code in candidates:
        discount = discount_of(node)
        limit = discount.get("usageLimit")
        if status_at(discount, now) != "ACTIVE" or (
            limit is not None and discount["asyncUsageCount"] >= limit
        ):
            continue
        chosen = _eligible(discount, lines)
        kind = discount["discountClasses"][0]
        if not (
            chosen
            and _buyer_allowed(discount, customer_id, market_id)
            and _meets_minimum(discount, lines, chosen)
            and _compatible(discount, kind, applied)
        ):
            if given_code is not None:
                outcome.rejected_codes.append(given_code)
            continue
        amounts = {i: a for i, a in _amounts(discount, lines, chosen).items() if a > 0}
        applied.append((discount, kind))
        outcome.applied.append(Applied(node["id"], discount["title"], given_code, kind, amounts))
    return outcome
