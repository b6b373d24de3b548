"""Shipment entries out: create the fulfillment once, then keep its tracking and status.

For each shipment (the newest version the buffer kept):

1. find the order (:func:`.fulfillment_lookup.find_order`) and the shipment's
   fulfillment, by the record on the order or by tracking number;
2. none yet: spread the lines over the open fulfillment orders
   (:func:`.fulfillment_plan.plan_lines`), ``fulfillmentCreate`` with the tracking and
   ``notifyCustomer``, then write the record; it exists: update its tracking with
   ``fulfillmentTrackingInfoUpdate`` when it differs;
3. a status the newest event does not already say: ``fulfillmentEventCreate``.

Every step reads Shopify before it writes, so the entry can be sent again after any
failure without fulfilling twice. What Shopify's state refuses (no such order,
nothing left to fulfil, an unknown SKU, ``userErrors``) rejects the entry with the
reason; other failures raise, and the writer sends the entry again later.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any

from shopbridge import errors
from shopbridge.observability.logging import get_logger
from shopbridge.shopify.admin import AdminClient, UserError, documents, user_errors

from .buffer import Entry
from .fulfillment_changes import ShipmentChange
from .fulfillment_lookup import Shipment, find_order, read_shipment, record_variables
from .fulfillment_plan import (
    Refusal,
    event_needed,
    fulfillment_orders,
    plan_lines,
    tracking_input,
    tracking_matches,
)
from .kinds import SenderContext, SendOutcome

__all__ = ["FulfillmentSender"]

log = get_logger(__name__)

ShipmentEntry = Entry[ShipmentChange]


class FulfillmentSender:
    """Writes shipment entries for one shop, one shipment at a time."""

    def __init__(self, client: AdminClient) -> None:
        self.client = client

    @classmethod
    def for_context(cls, context: SenderContext) -> FulfillmentSender:
        """The registry's factory (:mod:`.registry`)."""
        return cls(context.client)

    async def write(self, entries: Sequence[ShipmentEntry]) -> SendOutcome:
        outcome = SendOutcome()
        for entry in entries:
            apply = _ShipmentWrite(self.client, entry.change)
            try:
                refused = await apply.run()
            except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
                refused = Refusal(f"Shopify refused the shipment: {exc}")
            finally:
                outcome.mutations += apply.mutations
            if refused is None:
                outcome.applied.append(entry)
            else:
                outcome.rejected.append((entry, refused.reason))
        return outcome


class _ShipmentWrite:
    """One shipment's steps, counting the mutations they send."""

    def __init__(self, client: AdminClient, change: ShipmentChange) -> None:
        self.client = client
        self.change = change
        self.mutations = 0

    async def run(self) -> Refusal | None:
        change = self.change
        order_id = await find_order(self.client, change.order)
        if isinstance(order_id, Refusal):
            return order_id
        shipment = await read_shipment(self.client, order_id, change.shipment_id, change.tracking)
        if isinstance(shipment, Refusal):
            return shipment
        fulfillment = shipment.fulfillment
        if fulfillment is not None and fulfillment.get("status") == "CANCELLED":
            return Refusal(
                f"shipment {change.shipment_id} is fulfillment {fulfillment['id']}, which was "
                "cancelled in Shopify: nothing was changed"
            )
        if fulfillment is None:
            created = await self._create(shipment)
            if isinstance(created, Refusal):
                return created
            fulfillment_id, newest = created, None
        else:
            fulfillment_id = str(fulfillment["id"])
            if not shipment.recorded:
                await self._record(shipment.order_id, fulfillment_id)
            refused = await self._update_tracking(fulfillment)
            if refused is not None:
                return refused
            events = (fulfillment.get("events") or {}).get("nodes") or []
            newest = events[0] if events else None
        if change.status is not None:
            happened = change.event_details.get("happened_at")
            if event_needed(newest, change.status, happened):
                return await self._event(fulfillment_id)
        return None

    async def _create(self, shipment: Shipment) -> str | Refusal:
        change = self.change
        if change.lines is None:
            return Refusal(
                f"shipment {change.shipment_id} is not in Shopify yet: send its lines "
                "('all' or SKUs and quantities) to create it"
            )
        if shipment.cancelled:
            return Refusal(f"order {shipment.order_name} is cancelled")
        result = await self.client.execute(
            documents.OPEN_FULFILLMENT_ORDERS, {"id": shipment.order_id}
        )
        order = result.payload
        skus = frozenset(
            str(node["sku"])
            for node in (order.get("lineItems") or {}).get("nodes", [])
            if node.get("sku")
        )
        nodes = (order.get("fulfillmentOrders") or {}).get("nodes", [])
        picks = plan_lines(shipment.order_name, fulfillment_orders(nodes), change.lines, skus)
        if isinstance(picks, Refusal):
            return picks
        given: dict[str, Any] = {
            "lineItemsByFulfillmentOrder": picks,
            "notifyCustomer": change.notify_customer,
        }
        if change.tracking is not None:
            given["trackingInfo"] = tracking_input(change.tracking)
        self.mutations += 1
        created = await self.client.execute(documents.FULFILLMENT_CREATE, {"fulfillment": given})
        found = user_errors(created.payload)
        if found:
            return Refusal("Shopify refused the fulfillment: " + _describe(found))
        fulfillment_id = str(created.payload["fulfillment"]["id"])
        await self._record(shipment.order_id, fulfillment_id)
        return fulfillment_id

    async def _record(self, order_id: str, fulfillment_id: str) -> None:
        """Remember the shipment on its order; a failure only loses the shortcut.

        The fulfillment exists either way, so the entry is not sent again for this:
        a later call finds the fulfillment by tracking number instead.
        """
        variables = record_variables(order_id, self.change.shipment_id, fulfillment_id)
        self.mutations += 1
        try:
            result = await self.client.execute(documents.SHIPMENT_RECORD_SET, variables)
            found = user_errors(result.payload)
        except errors.ShopifyError as exc:
            found = [UserError(str(exc))]
        if found:
            log.warning(
                "shipment_record_failed",
                shipment=self.change.shipment_id,
                fulfillment=fulfillment_id,
                reason=_describe(found),
            )

    async def _update_tracking(self, fulfillment: Mapping[str, Any]) -> Refusal | None:
        tracking = self.change.tracking
        if tracking is None or tracking_matches(fulfillment.get("trackingInfo") or (), tracking):
            return None
        variables = {
            "fulfillmentId": fulfillment["id"],
            "trackingInfoInput": tracking_input(tracking),
            "notifyCustomer": self.change.notify_customer,
        }
        self.mutations += 1
        result = await self.client.execute(
            documents.FULFILLMENT_TRACKING_INFO_UPDATE, variables, idempotent=True
        )
        found = user_errors(result.payload)
        if found:
            return Refusal("Shopify refused the tracking update: " + _describe(found))
        return None

    async def _event(self, fulfillment_id: str) -> Refusal | None:
        change = self.change
        assert change.status is not None
        event: dict[str, Any] = {"fulfillmentId": fulfillment_id, "status": change.status}
        details = change.event_details
        for name, input_name in (
            ("status_message", "message"),
            ("happened_at", "happenedAt"),
            ("estimated_delivery_at", "estimatedDeliveryAt"),
        ):
            if name in details:
                event[input_name] = details[name]
        self.mutations += 1
        result = await self.client.execute(
            documents.FULFILLMENT_EVENT_CREATE, {"fulfillmentEvent": event}
        )
        found = user_errors(result.payload)
        if found:
            return Refusal("Shopify refused the status: " + _describe(found))
        return None


def _describe(found: Sequence[UserError]) -> str:
    def one(error: UserError) -> str:
        where = f"{'.'.join(error.field)}: " if error.field else ""
        return where + (f"{error.message} ({error.code})" if error.code else error.message)

    return "; ".join(one(error) for error in found)
