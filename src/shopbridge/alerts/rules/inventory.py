"""Inventory mismatches: Shopify's level against the last quantity an upstream system sent.

Every ``inventory.mismatch.check_interval_secs`` one job (per engine) runs
:meth:`InventoryRules.check`:

1. New ``POST /v1/inventory`` events since the last check (a watermark kept with the
   applied versions) are read into the ``sent_levels`` table: per shop and writer key
   (SKU or item, location, quantity name) the quantity of the newest version, as the
   writer itself would apply it.
2. For each shop with Admin API access, the most recently sent levels (up to
   ``max_levels``) are resolved (SKU → inventory item, location name → location, with the
   writer's cached lookups) and their quantities read in batches, paced by query cost.
3. A level that differs by more than ``tolerance`` is a member of the shop's alert; it
   fires once a level has differed for ``grace_secs`` (sales move stock between
   updates, and the writer may not have applied the newest yet) and resolves when every
   level is back in line. Unknown SKUs and items not stocked at a location are the
   writer's to report (its dead letters), not compared here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Final

from shopbridge.alerts.model import Alert, AlertKind, Member, alert_key
from shopbridge.alerts.topics import INVENTORY_CHECK_TOPIC
from shopbridge.engine.timers import Schedule
from shopbridge.shopify.writer.changes import InventoryChange, read_document
from shopbridge.shopify.writer.resolve import Resolver, Target
from shopbridge.sources.inbound import SOURCE_KIND
from shopbridge.sources.inventory.ingress import SOURCE, TOPIC
from shopbridge.store.base import SentLevel
from shopbridge.sync.plan import read_quantities
from shopbridge.types import JSONValue

from .base import RuleContext

__all__ = ["InventoryRules"]

SCOPE: Final = "alerts"
EVENTS_SEEN: Final = "inventory_events_seen_id"
EVENTS_PER_READ: Final = 500
MAX_EVENTS_PER_CHECK: Final = 20_000
LISTED: Final = 20


class InventoryRules:
    def __init__(self, context: RuleContext) -> None:
        self.context = context
        self.rule = context.settings.inventory.mismatch
        self._resolvers: dict[str, Resolver] = {}
        enabled = self.rule.enabled
        self.shopify_topics: Sequence[str] = []
        self.event_topics: Sequence[str] = [INVENTORY_CHECK_TOPIC] if enabled else []
        self.schedules: Sequence[Schedule] = (
            [Schedule("alerts-inventory", INVENTORY_CHECK_TOPIC, self.rule.check_interval_secs)]
            if enabled
            else []
        )

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        if topic == INVENTORY_CHECK_TOPIC:
            await self.check()

    async def check(self) -> None:
        await self.absorb_sent()
        for shop, client in self.context.clients.items():
            resolver = self._resolvers.setdefault(shop, Resolver(client))
            levels = await self.context.store.sent_levels(shop, self.rule.max_levels)
            if not levels:
                continue
            changes = [_change(level) for level in levels]
            targets = await resolver.resolve(changes)
            placed = [
                (level, target)
                for level, target in zip(levels, targets, strict=True)
                if isinstance(target, Target)
            ]
            current = await read_quantities(client, [target for _, target in placed])
            members: list[Member] = []
            differing: list[JSONValue] = []
            for level, target in placed:
                found = current.get((target.inventory_item_id, target.location_id))
                if found is None or level.name not in found:
                    continue
                actual = found[level.name]
                if abs(actual - level.quantity) <= self.rule.tolerance:
                    continue
                where = _where(level)
                members.append(
                    Member(
                        level.key,
                        f"{where}: Shopify {actual}, sent {level.quantity} ({level.name})",
                    )
                )
                if len(differing) < LISTED:
                    differing.append(
                        {
                            "sku": level.sku,
                            "inventory_item_id": target.inventory_item_id,
                            "location": level.location,
                            "location_id": target.location_id,
                            "name": level.name,
                            "sent": level.quantity,
                            "shopify": actual,
                            "version": level.version,
                        }
                    )
            await self.context.manager.sync(self._alert(shop, len(members), differing), members)

    async def absorb_sent(self) -> int:
        """Read new inventory events into the sent levels; how many events were read."""
        store, now = self.context.store, self.context.clock()
        seen = (await store.applied_versions(SCOPE, [EVENTS_SEEN])).get(EVENTS_SEEN, 0.0)
        after, read = int(seen), 0
        while read < MAX_EVENTS_PER_CHECK:
            batch = await store.events_after(
                after, source_kind=SOURCE_KIND, source=SOURCE, topic=TOPIC, limit=EVENTS_PER_READ
            )
            await store.record_sent_levels(
                [
                    level
                    for event in batch
                    for level in _levels(event.id, event.source, event.received_at, event.body)
                ]
            )
            read += len(batch)
            if batch:
                after = batch[-1].id
                await store.record_applied(SCOPE, {EVENTS_SEEN: float(after)}, now)
            if len(batch) < EVENTS_PER_READ:
                break
        return read

    def _alert(self, shop: str, count: int, differing: list[JSONValue]) -> Alert:
        grace = self.rule.grace_secs
        return Alert(
            kind=AlertKind.INVENTORY_MISMATCH,
            rule="inventory_mismatch",
            key=alert_key("inventory_mismatch", shop),
            shop=shop,
            severity=self.rule.severity,
            title="Shopify's stock differs from what was sent",
            summary=f"{count} stock level(s) in Shopify differ by more than "
            f"{self.rule.tolerance} from the quantity last sent, for over {grace:g} s."
            if count
            else "Every checked stock level matches what was sent.",
            details={"tolerance": self.rule.tolerance, "grace_secs": grace, "levels": differing},
            links=self.context.admin_link(shop, "products/inventory", "Inventory in the admin"),
            hold_secs=grace,
        )


def _levels(event_id: int, source: str, sent_at: float, body: bytes) -> list[SentLevel]:
    try:
        document = read_document(body)
    except ValueError:
        return []
    if document.shop is None:
        return []
    return [
        SentLevel(
            shop=document.shop,
            key=item.key,
            sku=item.sku,
            inventory_item_id=item.inventory_item_id,
            location=item.location,
            location_id=item.location_id,
            name=item.name,
            quantity=item.quantity,
            version=item.version,
            source=source,
            event_id=event_id,
            sent_at=sent_at,
        )
        for item in document.items
        if isinstance(item, InventoryChange)
    ]


def _change(level: SentLevel) -> InventoryChange:
    return InventoryChange(
        level.sku,
        level.inventory_item_id,
        level.location,
        level.location_id,
        level.name,
        level.quantity,
        level.version,
    )


def _where(level: SentLevel) -> str:
    item = level.sku or level.inventory_item_id
    return f"{item} at {level.location or level.location_id}"
