"""Which fulfillment order lines a shipment takes, and what tracking and events it needs.

Pure functions over what the Admin API answered, so the rules are tested with tables:

* a shipment's lines (by SKU and quantity, or ``"all"``) are spread over the order's
  open fulfillment orders **at one location**, since one ``fulfillmentCreate`` covers
  one location; a SKU split over several fulfillment orders there is taken from each
  in turn. When no location can ship it all, the refusal says why, per SKU: not on the
  order, more than is left to fulfil, or left at different locations;
* tracking is updated only when it differs (a resend changes nothing);
* a status is recorded unless the fulfillment's newest event already says it.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from .fulfillment_changes import Line, TrackingInfo

__all__ = [
    "OPEN_STATUSES",
    "FulfillmentOrder",
    "OrderLine",
    "Refusal",
    "event_needed",
    "fulfillment_orders",
    "plan_lines",
    "tracking_input",
    "tracking_matches",
]

OPEN_STATUSES: Final = frozenset({"OPEN", "IN_PROGRESS"})


@dataclass(frozen=True, slots=True)
class OrderLine:
    """A fulfillment order line item: its id, SKU and the quantity left to fulfil."""

    id: str
    sku: str | None
    remaining: int


@dataclass(frozen=True, slots=True)
class FulfillmentOrder:
    id: str
    status: str
    location_id: str | None
    location_name: str
    lines: tuple[OrderLine, ...]


@dataclass(frozen=True, slots=True)
class Refusal:
    """Why a shipment cannot be fulfilled as sent (Shopify's state, not the request's shape)."""

    reason: str


Picks = list[dict[str, Any]]  # FulfillmentOrderLineItemsInput entries


def fulfillment_orders(nodes: Sequence[Mapping[str, Any]]) -> list[FulfillmentOrder]:
    """Fulfillment orders from ``OpenFulfillmentOrders`` nodes."""
    found = []
    for node in nodes:
        assigned = node.get("assignedLocation") or {}
        location = assigned.get("location") or {}
        lines = tuple(
            OrderLine(line["id"], line.get("sku"), int(line["remainingQuantity"]))
            for line in (node.get("lineItems") or {}).get("nodes", [])
        )
        found.append(
            FulfillmentOrder(
                node["id"], node["status"], location.get("id"), assigned.get("name") or "", lines
            )
        )
    return found


def plan_lines(
    order_name: str,
    orders: Sequence[FulfillmentOrder],
    wanted: Sequence[Line] | str,
    order_skus: frozenset[str],
) -> Picks | Refusal:
    """``lineItemsByFulfillmentOrder`` for the shipment, or why it cannot be made."""
    open_orders = [fo for fo in orders if fo.status in OPEN_STATUSES and _left(fo)]
    if not open_orders:
        return Refusal(
            f"order {order_name} has no open fulfillment order: it is fulfilled, on hold "
            "or cancelled"
        )
    by_location: dict[str | None, list[FulfillmentOrder]] = {}
    for fo in open_orders:
        by_location.setdefault(fo.location_id, []).append(fo)
    if isinstance(wanted, str):  # "all"
        if len(by_location) > 1:
            names = ", ".join(group[0].location_name or "?" for group in by_location.values())
            return Refusal(
                f"order {order_name} has items left at {len(by_location)} locations ({names}): "
                "send lines by SKU, one shipment per location"
            )
        return [
            {
                "fulfillmentOrderId": fo.id,
                "fulfillmentOrderLineItems": [
                    {"id": line.id, "quantity": line.remaining}
                    for line in fo.lines
                    if line.remaining > 0
                ],
            }
            for fo in open_orders
        ]
    for group in by_location.values():
        picks = _take(group, wanted)
        if picks is not None:
            return picks
    return Refusal(_why(order_name, open_orders, wanted, order_skus))


def _left(fo: FulfillmentOrder) -> bool:
    return any(line.remaining > 0 for line in fo.lines)


def _take(group: Sequence[FulfillmentOrder], wanted: Sequence[Line]) -> Picks | None:
    """Every wanted SKU from the fulfillment orders of one location, or None."""
    taken: dict[str, dict[str, int]] = {}  # fulfillment order -> line -> quantity
    for line in wanted:
        needed = line.quantity
        for fo in group:
            for item in fo.lines:
                if needed == 0:
                    break
                if item.sku != line.sku or item.remaining <= 0:
                    continue
                quantity = min(item.remaining, needed)
                taken.setdefault(fo.id, {})[item.id] = quantity
                needed -= quantity
        if needed > 0:
            return None
    return [
        {
            "fulfillmentOrderId": fo_id,
            "fulfillmentOrderLineItems": [{"id": i, "quantity": q} for i, q in items.items()],
        }
        for fo_id, items in taken.items()
    ]


def _why(
    order_name: str,
    open_orders: Sequence[FulfillmentOrder],
    wanted: Sequence[Line],
    order_skus: frozenset[str],
) -> str:
    reasons = []
    for line in wanted:
        left = sum(i.remaining for fo in open_orders for i in fo.lines if i.sku == line.sku)
        if line.sku not in order_skus:
            reasons.append(f"SKU {line.sku} is not on order {order_name}")
        elif left < line.quantity:
            reasons.append(
                f"SKU {line.sku}: {line.quantity} shipped but {left} left to fulfil "
                f"on order {order_name}"
            )
    if reasons:
        return "; ".join(reasons)
    places = sorted(
        {
            f"{line.sku} at {fo.location_name or '?'}"
            for line in wanted
            for fo in open_orders
            if any(i.sku == line.sku and i.remaining > 0 for i in fo.lines)
        }
    )
    return (
        f"the lines are left to fulfil at different locations ({', '.join(places)}): "
        "send one shipment per location"
    )


def tracking_matches(current: Sequence[Mapping[str, Any]], wanted: TrackingInfo) -> bool:
    """Whether the fulfillment's tracking already says what the shipment says."""
    numbers = tuple(t["number"] for t in current if t.get("number"))
    if numbers != wanted.numbers:
        return False
    if wanted.urls and tuple(t.get("url") for t in current if t.get("number")) != wanted.urls:
        return False
    companies = {t.get("company") for t in current}
    return wanted.company is None or companies == {wanted.company}


def tracking_input(tracking: TrackingInfo) -> dict[str, Any]:
    """``FulfillmentTrackingInput``: the plural fields (numbers, urls), company when known."""
    given: dict[str, Any] = {}
    if tracking.company is not None:
        given["company"] = tracking.company
    if tracking.numbers:
        given["numbers"] = list(tracking.numbers)
    if tracking.urls:
        given["urls"] = list(tracking.urls)
    return given


def event_needed(newest: Mapping[str, Any] | None, status: str, happened_at: str | None) -> bool:
    """A status is recorded unless the newest event already has it (at that time, if sent)."""
    if newest is None or newest.get("status") != status:
        return True
    return happened_at is not None and newest.get("happenedAt") != happened_at
