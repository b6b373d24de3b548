"""Large syncs from files into Shopify: ``shopbridge sync inventory FILE``.

Reading order: :mod:`.rows` (the file, judged row by row), :mod:`.plan` (resolve,
read Shopify's quantities, keep what differs), :mod:`.direct` or :mod:`.bulk`
(send), :mod:`.inventory` (the whole run and its report), :mod:`.cli`.
"""

from __future__ import annotations

from .inventory import DEFAULT_BULK_THRESHOLD, Hooks, Report, sync_inventory
from .plan import Plan, Planned, Skipped, make_plan
from .rows import Row, RowError, Rows, read_rows

__all__ = [
    "DEFAULT_BULK_THRESHOLD",
    "Hooks",
    "Plan",
    "Planned",
    "Report",
    "Row",
    "RowError",
    "Rows",
    "Skipped",
    "make_plan",
    "read_rows",
    "sync_inventory",
]
