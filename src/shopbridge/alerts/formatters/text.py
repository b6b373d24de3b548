"""Wording shared by the formatters: facts people want to see, cut to a receiver's limits."""

from __future__ import annotations

from typing import Final

from shopbridge.alerts.model import Notice

__all__ = ["KIND_NAMES", "clip", "facts"]

KIND_NAMES: Final = {
    "payment_issue": "Payment issue",
    "order_failure": "Order failure",
    "fulfillment_exception": "Fulfillment exception",
    "inventory_mismatch": "Inventory mismatch",
    "engine_failure": "Engine failure",
}


def clip(text: str, limit: int) -> str:
    """``text`` cut to ``limit`` characters, with an ellipsis when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def facts(notice: Notice) -> list[tuple[str, str]]:
    """(name, value) pairs every format shows, in this order."""
    found = [
        ("Kind", KIND_NAMES.get(notice.kind, notice.kind)),
        ("Severity", notice.severity),
        ("Shop", notice.shop_domain or notice.shop or "(engine)"),
    ]
    if notice.resolved:
        found.append(("Resolved", notice.resolved_at or ""))
    else:
        found.append(("Occurrences", str(notice.count)))
        if notice.open != notice.count:
            found.append(("Open now", str(notice.open)))
    found.append(("First seen", notice.first_seen or ""))
    if not notice.resolved:
        found.append(("Last seen", notice.last_seen or ""))
    return found
