"""Find a shipment's order, and the fulfillment the shipment already is, if any.

The order is found by id, by name, by a tag, by a custom ID metafield, by its source
identifier or by its PO number (the endpoint resolved the ERP reference into one of
these). A search that matches several orders exactly is refused, not guessed.

A shipment's fulfillment is remembered on the order: one ``json`` metafield per
shipment in the app's namespace (:data:`SHIPMENT_NAMESPACE`), keyed by a digest of
the shipment id and holding ``{"shipment_id", "fulfillment_id"}``. The record is
Shopify's, so it survives the loss of shopbridge's store and is shared by every
engine process. When the record is missing (the engine stopped between creating the
fulfillment and writing the record), a fulfillment of the order carrying one of the
shipment's tracking numbers is taken as the shipment's.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, documents
from shopbridge.shopify.admin.documents import fulfillments as fulfillment_documents

from .fulfillment_changes import TrackingInfo
from .fulfillment_plan import Refusal

__all__ = [
    "SHIPMENT_NAMESPACE",
    "Shipment",
    "find_order",
    "read_shipment",
    "record_variables",
    "shipment_key",
]

SHIPMENT_NAMESPACE: Final = fulfillment_documents.SHIPMENT_NAMESPACE
_SEARCH_FIELDS: Final = {
    "name": "name",
    "tag": "tag",
    "source_identifier": "source_identifier",
    "po_number": "po_number",
}


@dataclass(frozen=True, slots=True)
class Shipment:
    """An order as a shipment sees it, and the shipment's fulfillment if it exists."""

    order_id: str
    order_name: str
    cancelled: bool
    fulfillment: Mapping[str, Any] | None = None
    recorded: bool = False  # the order's metafield names the fulfillment
    fulfillments: Sequence[Mapping[str, Any]] = field(default_factory=tuple)


def shipment_key(shipment_id: str) -> str:
    """The metafield key of a shipment's record (any shipment id fits Shopify's key rules)."""
    return "shipment-" + hashlib.sha256(shipment_id.encode()).hexdigest()[:40]


def record_variables(order_id: str, shipment_id: str, fulfillment_id: str) -> dict[str, Any]:
    value = json.dumps({"shipment_id": shipment_id, "fulfillment_id": fulfillment_id})
    return {
        "metafields": [
            {
                "ownerId": order_id,
                "namespace": SHIPMENT_NAMESPACE,
                "key": shipment_key(shipment_id),
                "type": "json",
                "value": value,
            }
        ]
    }


async def find_order(client: AdminClient, lookup: Mapping[str, str]) -> str | Refusal:
    """The GID of the order ``lookup`` names, or why there is none (or several)."""
    by, value = lookup["by"], lookup["value"]
    if by == "id":
        return value
    if by == "metafield":
        identifier = {
            "customId": {"namespace": lookup["namespace"], "key": lookup["key"], "value": value}
        }
        result = await client.execute(documents.ORDER_BY_CUSTOM_ID, {"identifier": identifier})
        found = result.payload
        if not found.get("id"):
            where = f"{lookup['namespace']}.{lookup['key']}"
            return Refusal(f"no order has {value!r} in its metafield {where}")
        return str(found["id"])
    query = fulfillment_documents.order_search(_SEARCH_FIELDS[by], value)
    result = await client.execute(documents.ORDERS_FOR_SHIPMENT, {"query": query})
    nodes = (result.data.get("orders") or {}).get("nodes") or []
    matches = [node["id"] for node in nodes if _matches(by, value, node)]
    if not matches:
        return Refusal(f"no order {_described(by, value)}")
    if len(matches) > 1:
        return Refusal(
            f"{len(matches)} orders {_described(by, value)}: name the order by order_id or "
            "order_name"
        )
    return str(matches[0])


def _matches(by: str, value: str, node: Mapping[str, Any]) -> bool:
    if by == "name":
        return str(node.get("name", "")).lstrip("#").casefold() == value.lstrip("#").casefold()
    if by == "tag":
        return value.casefold() in {str(tag).casefold() for tag in node.get("tags") or ()}
    found = node.get("sourceIdentifier" if by == "source_identifier" else "poNumber")
    return found == value


def _described(by: str, value: str) -> str:
    return {
        "name": f"named {value}",
        "tag": f"is tagged {value!r}",
        "source_identifier": f"has source identifier {value!r}",
        "po_number": f"has PO number {value!r}",
    }[by]


async def read_shipment(
    client: AdminClient, order_id: str, shipment_id: str, tracking: TrackingInfo | None
) -> Shipment | Refusal:
    """The order and the shipment's fulfillment: by its record, else by tracking number."""
    variables = {"id": order_id, "namespace": SHIPMENT_NAMESPACE, "key": shipment_key(shipment_id)}
    result = await client.execute(fulfillment_documents.SHIPMENT_ORDER, variables)
    order = result.payload
    if not order.get("id"):
        return Refusal(f"no order {order_id} in Shopify")
    fulfillments: list[Mapping[str, Any]] = list(order.get("fulfillments") or ())
    shipment = Shipment(
        order["id"], order["name"], order.get("cancelledAt") is not None, None, False, fulfillments
    )
    recorded = _recorded(order.get("metafield"), shipment_id)
    if recorded is not None:
        found = next((f for f in fulfillments if f["id"] == recorded), None)
        if found is None:
            return Refusal(
                f"shipment {shipment_id} was fulfillment {recorded}, which order "
                f"{shipment.order_name} no longer lists"
            )
        return replace(shipment, fulfillment=found, recorded=True)
    numbers = set(tracking.numbers) if tracking is not None else set()
    for candidate in fulfillments:
        if candidate.get("status") == "CANCELLED":
            continue
        if numbers & {t.get("number") for t in candidate.get("trackingInfo") or ()}:
            return replace(shipment, fulfillment=candidate)
    return shipment


def _recorded(metafield: Any, shipment_id: str) -> str | None:
    if not isinstance(metafield, Mapping) or not isinstance(metafield.get("value"), str):
        return None
    try:
        record = json.loads(metafield["value"])
    except ValueError:
        return None
    if not isinstance(record, Mapping) or record.get("shipment_id") != shipment_id:
        return None
    found = record.get("fulfillment_id")
    return found if isinstance(found, str) else None
