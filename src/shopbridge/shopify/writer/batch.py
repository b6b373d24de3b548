"""One ``inventorySetQuantities`` call: its variables, its idempotency key, its verdicts.

Pure functions, so the rules are tested without a store or a shop:

* the idempotency key is a digest of the batch's ``(key, version)`` pairs and of
  what they resolved to, so resending the same batch (the client's retries, or this
  writer's after a failure) reuses the key and Shopify applies it at most once, while
  any other batch gets another key;
* ``changeFromQuantity`` is always sent: an explicit null, or in compare-and-set mode
  the quantity this writer last set there (null when it has not set one yet);
* Shopify's answer becomes one :class:`Verdict` per item. The mutation is all or
  nothing, so when some items fail the others were not applied and are resent alone.
"""

from __future__ import annotations

import hashlib
import json
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final

from shopbridge.shopify.admin import UserError, documents, item_errors

from .buffer import Entry
from .changes import InventoryChange
from .resolve import Target

__all__ = [
    "DEFAULT_REASON",
    "RETRY_LATER_CODES",
    "Planned",
    "Verdicts",
    "batch_key",
    "judge",
    "set_variables",
]

DEFAULT_REASON: Final = "correction"
REFERENCE_PREFIX: Final = "gid://shopbridge/InventorySync/"
# General errors that say "this key, not these items": try again with the same items.
RETRY_LATER_CODES: Final = frozenset({"IDEMPOTENCY_CONCURRENT_REQUEST"})
NEW_KEY_CODES: Final = frozenset(
    {"IDEMPOTENCY_KEY_PARAMETER_MISMATCH", "IDEMPOTENCY_PREVIOUS_ATTEMPT_FAILED"}
)


@dataclass(frozen=True, slots=True)
class Planned:
    """An entry ready to send: where it goes and the quantity expected there now."""

    entry: Entry[InventoryChange]
    target: Target
    change_from: int | None = None


def batch_key(name: str, planned: Sequence[Planned], salt: int = 0) -> str:
    """A deterministic idempotency key for this exact batch (``salt`` > 0 forces a new one)."""
    canonical = sorted(
        (
            p.entry.change.key,
            p.entry.change.version,
            p.target.inventory_item_id,
            p.target.location_id,
            p.change_from,
        )
        for p in planned
    )
    text = json.dumps([name, salt, canonical], separators=(",", ":"))
    return "shopbridge-inventory-" + hashlib.sha256(text.encode()).hexdigest()[:40]


def set_variables(
    name: str, planned: Sequence[Planned], key: str, reason: str = DEFAULT_REASON
) -> dict[str, Any]:
    return {
        "idempotencyKey": key,
        "input": {
            "name": name,
            "reason": reason,
            "referenceDocumentUri": REFERENCE_PREFIX + key.rsplit("-", 1)[-1],
            "quantities": [
                {
                    "inventoryItemId": p.target.inventory_item_id,
                    "locationId": p.target.location_id,
                    "quantity": p.entry.change.quantity,
                    "changeFromQuantity": p.change_from,
                }
                for p in planned
            ],
        },
    }


@dataclass(frozen=True, slots=True)
class Verdicts:
    """What to do with each item of an answered call."""

    applied: tuple[Planned, ...] = ()
    rejected: tuple[tuple[Planned, str], ...] = ()
    resend: tuple[Planned, ...] = ()
    retry_later: bool = False
    new_key: bool = False


def _describe(errors: Sequence[UserError]) -> str:
    return "; ".join(
        f"{error.message} ({error.code})" if error.code else error.message for error in errors
    )


def judge(payload: Mapping[str, Any], planned: Sequence[Planned]) -> Verdicts:
    """Split Shopify's answer into applied, rejected (with reason) and to-resend items."""
    path = documents.INVENTORY_SET_QUANTITIES.items or ()
    report = item_errors(payload, planned, path)
    if report.ok:
        return Verdicts(applied=tuple(planned))
    codes = {error.code for error in report.general}
    if codes & RETRY_LATER_CODES:
        return Verdicts(resend=tuple(planned), retry_later=True)
    if codes & NEW_KEY_CODES:
        return Verdicts(resend=tuple(planned), new_key=True)
    if report.general:
        why = "Shopify refused the whole call: " + _describe(report.general)
        return Verdicts(rejected=tuple((p, why) for p in planned))
    rejected = tuple(
        (failed.item, "Shopify refused the item: " + _describe(failed.errors))
        for failed in report.failed
    )
    resend = tuple(planned[index] for index in report.ok_indexes)
    return Verdicts(rejected=rejected, resend=resend)
