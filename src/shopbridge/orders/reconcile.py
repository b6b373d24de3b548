"""One shop's order reconciliation: find the changes Shopify never sent, and send them.

Shopify may drop a webhook, delay it for hours, or delete a subscription whose
deliveries kept failing. So, on a schedule, :class:`OrderReconciler` asks the Admin
API for the orders updated since its checkpoint (ids and ``updatedAt`` only, 250 a
page, oldest first), compares each with the newest ``updated_at`` received as a webhook
(recorded by the orders processor), reads every order that is behind in full, and
appends it as a Shopify event with the jobs the flows make of it, exactly as the
webhook would have been: topic ``orders/updated`` (``orders/create`` for an order never
heard of that was created in the window, when a flow takes that topic), the REST
payload (:mod:`.from_graphql`) with ``reconciled: true``, the header
``x-shopbridge-reconciled: true``, and the dedupe key ``reconcile:<id>:<updated_at>``,
so a retried run appends nothing twice. The delivery guard then makes sure the late
webhook and the reconciled copy reach a destination once.

The window ends ``settle_secs`` before now (a webhook that recent is probably on its
way) and starts at the checkpoint, which advances after each page and lands on the
window's end; the first run of a shop looks back one interval. Both ends are
inclusive, to the second, as Shopify's ``updated_at`` is.
"""

from __future__ import annotations

import json
import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.engine.router import Router
from shopbridge.observability.logging import get_logger
from shopbridge.shopify.admin import AdminClient, connection_nodes, documents, next_cursor
from shopbridge.store.base import NewEvent, Store
from shopbridge.types import JSONValue

from .from_graphql import legacy_id, rest_order
from .versions import RECONCILED_HEADER, parse_time

__all__ = [
    "CHECKPOINT_SCOPE",
    "LINES_PER_CALL",
    "ORDERS_PER_PAGE",
    "OrderReconciler",
    "Reconciled",
    "received_scope",
]

CHECKPOINT_SCOPE: Final = "orders.reconciled_until"
ORDERS_PER_PAGE: Final = 250
LINES_PER_CALL: Final = 50
SOURCE_KIND: Final = "shopify"
CREATE: Final = "orders/create"
UPDATED: Final = "orders/updated"

log = get_logger(__name__)


def received_scope(shop: str) -> str:
    """Where the newest ``updated_at`` received per order of ``shop`` is kept."""
    return f"orders.received:{shop}"


@dataclass(frozen=True, slots=True)
class Reconciled:
    """What one run did: orders listed in the window, behind (never received at their
    newest version), and appended as events (0 for those found received meanwhile)."""

    listed: int
    behind: int
    appended: int
    until: float


class OrderReconciler:
    """Reconciles one shop's orders (see the module docstring)."""

    def __init__(
        self,
        *,
        shop: str,
        shop_domain: str,
        client: AdminClient,
        store: Store,
        router: Router,
        every_secs: float,
        settle_secs: float,
        clock: Callable[[], float],
    ) -> None:
        self.shop = shop
        self.shop_domain = shop_domain
        self.client = client
        self.store = store
        self.router = router
        self.every_secs = every_secs
        self.settle_secs = settle_secs
        self.clock = clock

    async def run(self) -> Reconciled:
        """One pass over the window; raises ``ShopifyError`` or ``StoreError`` (retried)."""
        now = self.clock()
        until = float(math.floor(now - self.settle_secs))
        watching_key = f"{self.shop}|watching-since"
        stored = await self.store.applied_versions(CHECKPOINT_SCOPE, [self.shop, watching_key])
        since = stored.get(self.shop, until - self.every_secs)
        if until < since:
            return Reconciled(0, 0, 0, since)
        # Orders created since we began watching the shop and never heard of are new to
        # us (orders/create); older ones predate us. Not the window's start: an order
        # created in one window and first changed in a later one is new all the same.
        watching_since = stored.get(watching_key)
        if watching_since is None:
            watching_since = since
            await self.store.record_applied(CHECKPOINT_SCOPE, {watching_key: since}, now)
        listed = behind = appended = 0
        after: str | None = None
        while True:
            result = await self.client.execute(
                documents.ORDERS_UPDATED_SINCE,
                {
                    "query": documents.updated_between(since, until),
                    "first": ORDERS_PER_PAGE,
                    "after": after,
                },
            )
            nodes = connection_nodes(result.payload)
            listed += len(nodes)
            late = await self._behind(nodes)
            behind += len(late)
            for gid, received in late.items():
                appended += await self._append(gid, received, watching_since)
            if nodes:  # everything changed before the page's last order is done
                last = parse_time(nodes[-1].get("updatedAt"))
                if last is not None:
                    await self.store.record_applied(CHECKPOINT_SCOPE, {self.shop: last}, now)
            after = next_cursor(result.payload)
            if after is None:
                break
        await self.store.record_applied(CHECKPOINT_SCOPE, {self.shop: until}, now)
        if behind:
            log.info(
                "orders_reconciled",
                shop=self.shop,
                listed=listed,
                behind=behind,
                appended=appended,
            )
        return Reconciled(listed, behind, appended, until)

    async def _behind(self, nodes: list[dict[str, Any]]) -> dict[str, float | None]:
        """The orders of a page whose newest version was never received: GID → received."""
        versions: dict[str, tuple[str, float]] = {}
        for node in nodes:
            order_id = legacy_id(node.get("id"))
            updated_at = parse_time(node.get("updatedAt"))
            if order_id is not None and updated_at is not None:
                versions[str(order_id)] = (str(node["id"]), updated_at)
        received = await self.store.applied_versions(received_scope(self.shop), list(versions))
        return {
            gid: received.get(order_id)
            for order_id, (gid, updated_at) in versions.items()
            if received.get(order_id, -math.inf) < updated_at
        }

    async def _append(self, gid: str, received: float | None, watching_since: float) -> int:
        """Read the order in full and append it as a reconciled event (1), unless its
        newest version arrived meanwhile (0)."""
        order, lines = await self._read(gid)
        if order is None:
            return 0  # deleted since it was listed
        order_id = legacy_id(order.get("id"))
        updated_at = parse_time(order.get("updatedAt"))
        if order_id is None or updated_at is None:
            return 0
        again = await self.store.applied_versions(received_scope(self.shop), [str(order_id)])
        if again.get(str(order_id), -math.inf) >= updated_at:
            return 0
        created_at = parse_time(order.get("createdAt"))
        new_to_us = received is None and created_at is not None and created_at >= watching_since
        topic = UPDATED
        if new_to_us and self.router.flows_for(SOURCE_KIND, self.shop, CREATE):
            topic = CREATE
        payload = rest_order(order, lines)
        result = await self.store.append_event(
            self._event(topic, payload, f"reconcile:{order_id}:{order.get('updatedAt')}"),
            self.router.jobs_for(
                self.router.flows_for(SOURCE_KIND, self.shop, topic), topic, payload
            ),
        )
        return 0 if result.duplicate else 1

    async def _read(self, gid: str) -> tuple[dict[str, Any] | None, list[dict[str, Any]]]:
        """The order and every one of its lines (50 a call)."""
        order: dict[str, Any] | None = None
        lines: list[dict[str, Any]] = []
        after: str | None = None
        while True:
            result = await self.client.execute(
                documents.ORDER_FOR_RECONCILIATION,
                {"id": gid, "lines": LINES_PER_CALL, "linesAfter": after},
            )
            found = result.payload
            if not found:
                return None, []
            order = order or found
            page = found.get("lineItems") or {}
            lines += connection_nodes(page)
            after = next_cursor(page)
            if after is None:
                return order, lines

    def _event(self, topic: str, payload: Mapping[str, JSONValue], dedupe_key: str) -> NewEvent:
        return NewEvent(
            source_kind=SOURCE_KIND,
            source=self.shop,
            topic=topic,
            body=json.dumps(payload, separators=(",", ":"), ensure_ascii=False).encode(),
            received_at=self.clock(),
            dedupe_key=dedupe_key[:255],
            shop_domain=self.shop_domain,
            occurred_at=parse_time(payload.get("updated_at")),
            headers={RECONCILED_HEADER: "true"},
            content_type="application/json",
        )
