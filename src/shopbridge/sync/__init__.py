"""Large syncs from files into Shopify: ``shopbridge sync inventory|products|prices FILE``.

Shared by every kind: :mod:`.files` (read a CSV or JSONL file into records),
:mod:`.outcome` (plan, refusals, report), :mod:`.send` (the direct path),
:mod:`.bulk` (bulk mutations and queries), :mod:`.run` (plan, choose the path,
send, measure) and :mod:`.console` (the terminal). Per kind: inventory (:mod:`.rows`,
:mod:`.plan`, :mod:`.direct`, :mod:`.inventory`), prices (``price_*``,
:mod:`.prices`) and products (``product_*``, :mod:`.products`); :mod:`.cli` last.
"""

from __future__ import annotations

from .files import Judged, RowError
from .inventory import sync_inventory
from .outcome import Hooks, Plan, Refusal, Report, Sent, Skipped
from .plan import Planned, make_plan
from .price_rows import PriceRow, read_price_rows
from .prices import sync_prices
from .product_rows import ProductRow, read_product_rows
from .products import sync_products
from .rows import Row, Rows, read_rows
from .run import DEFAULT_BULK_THRESHOLD, Options

__all__ = [
    "DEFAULT_BULK_THRESHOLD",
    "Hooks",
    "Judged",
    "Options",
    "Plan",
    "Planned",
    "PriceRow",
    "ProductRow",
    "Refusal",
    "Report",
    "Row",
    "RowError",
    "Rows",
    "Sent",
    "Skipped",
    "make_plan",
    "read_price_rows",
    "read_product_rows",
    "read_rows",
    "sync_inventory",
    "sync_prices",
    "sync_products",
]
