"""Stock changes as ``inventorySetQuantities`` calls of up to 250 items, compare-and-set.

Every call carries a fresh ``@idempotent`` key (the client resends it unchanged after
a lost answer) and each item its ``changeFromQuantity``. The mutation is all or
nothing, so the generic senders (:mod:`.send`, :mod:`.bulk`) send again the items
held back by another's refusal, while a refused item is reported with Shopify's code,
never resent (a ``CHANGE_FROM_QUANTITY_STALE`` means someone else changed the
quantity since it was read; a blind retry would overwrite their change).
"""

from __future__ import annotations

import uuid
from collections.abc import Callable, Sequence
from typing import Any, Final

from shopbridge.shopify.admin import AdminClient, documents

from .outcome import Sent
from .plan import Planned
from .send import Calls, grouped
from .send import send_direct as send_calls

__all__ = ["QUANTITIES_PATH", "REASON", "batches", "inventory_calls", "send_direct"]

REASON: Final = "correction"
QUANTITIES_PATH: Final = ("input", "quantities")


def _quantity_name(planned: Planned) -> str:
    return planned.row.change.name


batches = grouped(_quantity_name)  # one quantity name per call, at most 250 items


def inventory_calls(reference: str) -> Calls[Planned]:
    """The calls of one sync; ``reference`` becomes each adjustment's ``referenceDocumentUri``."""

    def variables(batch: list[Planned]) -> dict[str, Any]:
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

    return Calls(documents.INVENTORY_SET_QUANTITIES, batches, variables, QUANTITIES_PATH)


async def send_direct(
    client: AdminClient,
    changes: Sequence[Planned],
    reference: str,
    on_done: Callable[[int], None] | None = None,
) -> Sent[Planned]:
    """Send ``changes`` on the direct path (a call per batch, resends as they are needed)."""
    return await send_calls(client, inventory_calls(reference), changes, on_done)
