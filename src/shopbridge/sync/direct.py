"""The direct path: ``inventorySetQuantities`` calls of up to 250 items, compare-and-set.

Every call carries a fresh ``@idempotent`` key (the client resends it unchanged after
a lost answer) and each item its ``changeFromQuantity``. The mutation is all or
nothing: when Shopify refuses some items, the others were not applied either, so
they go again in a new call while the refused ones are reported with Shopify's code,
never resent (a ``CHANGE_FROM_QUANTITY_STALE`` means someone else changed the
quantity since it was read; a blind retry would overwrite their change).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from typing import Any, Final

from shopbridge.shopify.admin import (
    MAX_INPUT_ARRAY_ITEMS,
    AdminClient,
    UserError,
    documents,
    item_errors,
)

from .plan import Planned

__all__ = [
    "QUANTITIES_PATH",
    "REASON",
    "Refusal",
    "Sent",
    "batches",
    "mutation_variables",
    "send_direct",
    "settle",
]

REASON: Final = "correction"
QUANTITIES_PATH: Final = ("input", "quantities")

Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Refusal:
    """A planned change Shopify did not apply, with its reason."""

    planned: Planned
    code: str | None
    message: str


@dataclass(slots=True)
class Sent:
    """What became of the planned changes that were sent."""

    sent: int = 0
    applied: int = 0
    mutations: int = 0
    refused: list[Refusal] = field(default_factory=list)


def batches(changes: Sequence[Planned]) -> Iterator[list[Planned]]:
    """Changes grouped by quantity name (one name per call), at most 250 a batch."""
    by_name: dict[str, list[Planned]] = {}
    for planned in changes:
        by_name.setdefault(planned.row.change.name, []).append(planned)
    for group in by_name.values():
        for start in range(0, len(group), MAX_INPUT_ARRAY_ITEMS):
            yield group[start : start + MAX_INPUT_ARRAY_ITEMS]


def mutation_variables(batch: Sequence[Planned], reference: str) -> dict[str, Any]:
    """Variables of one ``inventorySetQuantities`` call, with a new idempotency key."""
    return {
        "input": {
            "name": batch[0].row.change.name,
            "reason": REASON,
            "referenceDocumentUri": reference,
            "quantities": [
                {
                    "inventoryItemId": p.target.inventory_item_id,
                    "locationId": p.target.location_id,
                    "quantity": p.wanted,
                    "changeFromQuantity": p.current,
                }
                for p in batch
            ],
        },
        "idempotencyKey": str(uuid.uuid4()),
    }


def settle(payload: dict[str, Any], batch: list[Planned], result: Sent) -> list[Planned]:
    """Record one answer for ``batch``; the items to send again (not refused, not applied)."""
    errors = item_errors(payload, batch, QUANTITIES_PATH)
    if errors.ok:
        result.applied += len(batch)
        return []
    for failed in errors.failed:
        result.refused.append(_refusal(failed.item, failed.errors))
    if errors.general:
        result.refused.extend(_refusal(batch[i], errors.general) for i in errors.ok_indexes)
        return []
    return [batch[i] for i in errors.ok_indexes]


async def send_direct(
    client: AdminClient,
    changes: Sequence[Planned],
    reference: str,
    on_done: Progress | None = None,
) -> Sent:
    """Send ``changes``; ``reference`` becomes each adjustment's ``referenceDocumentUri``."""
    result = Sent(sent=len(changes))
    for batch in batches(changes):
        pending = batch
        while pending:
            answer = await client.execute(
                documents.INVENTORY_SET_QUANTITIES, mutation_variables(pending, reference)
            )
            result.mutations += 1
            again = settle(answer.payload, pending, result)
            if on_done is not None:
                on_done(len(pending) - len(again))
            pending = again
    return result


def _refusal(planned: Planned, errors: Sequence[UserError]) -> Refusal:
    first = errors[0]
    message = "; ".join(error.message for error in errors)
    return Refusal(planned, first.code, message)
