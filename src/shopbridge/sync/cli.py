"""``shopbridge sync inventory|products|prices FILE``: large syncs from CSV or JSONL files.

Each command reads and judges the whole file first (a bad row: exit 2, nothing sent),
then plans it against the shop and sends only what differs (:mod:`.console` draws
the progress and the end report). Exit codes: 0 every row unchanged or applied; 1
some rows skipped or refused, or Shopify failed; 2 a bad file, option or configuration.
"""

from __future__ import annotations

import functools
from pathlib import Path
from typing import Annotated, TypeVar

import typer

from .console import Read, Sync, stop, sync_file
from .inventory import sync_inventory
from .outcome import Change
from .price_rows import read_price_rows
from .prices import sync_prices
from .product_rows import read_product_rows
from .products import DEFAULT_BULK_THRESHOLD as PRODUCTS_BULK_THRESHOLD
from .products import sync_products
from .rows import read_rows
from .run import DEFAULT_BULK_THRESHOLD

__all__ = ["sync_cli"]

File = Annotated[Path, typer.Argument(help="A .csv (with a header) or .jsonl file.")]
Config = Annotated[
    Path, typer.Option("--config", "-c", envvar="SHOPBRIDGE_CONFIG", help="The configuration.")
]
Shop = Annotated[
    str | None, typer.Option(help="The shop's name in the configuration (if several).")
]
DryRun = Annotated[bool, typer.Option("--dry-run", help="Print the plan; send nothing.")]
Threshold = Annotated[
    int,
    typer.Option(
        min=1, help="At this many rows to read, or changes to send, or more: use bulk operations."
    ),
]

R = TypeVar("R")
P = TypeVar("P", bound=Change)

sync_cli = typer.Typer(help="Large syncs from files into Shopify.", no_args_is_help=True)


@sync_cli.command("inventory")
def inventory(
    file: File,
    config: Config = Path("shopbridge.yaml"),
    shop: Shop = None,
    name: Annotated[
        str, typer.Option(help="Quantity set when a row names none: available or on_hand.")
    ] = "available",
    dry_run: DryRun = False,
    bulk_threshold: Threshold = DEFAULT_BULK_THRESHOLD,
) -> None:
    """Set stock levels from FILE, sending only what differs from Shopify's quantities.

    Columns: sku or inventory_item_id, location or location_id, quantity, and
    optionally name.
    """
    if name not in ("available", "on_hand"):
        stop("--name: must be available or on_hand", 2)
    read = functools.partial(read_rows, file, default_name=name)
    sync_file(file, config, shop, read, sync_inventory, bulk_threshold, dry_run)


def _add_command(name: str, read: Read[R], sync: Sync[R, P], threshold: int, doc: str) -> None:
    """Register ``shopbridge sync NAME FILE`` for a kind whose file needs no more options."""

    def command(
        file: File,
        config: Config = Path("shopbridge.yaml"),
        shop: Shop = None,
        dry_run: DryRun = False,
        bulk_threshold: Threshold = threshold,
    ) -> None:
        sync_file(file, config, shop, functools.partial(read, file), sync, bulk_threshold, dry_run)

    command.__doc__ = doc
    sync_cli.command(name)(command)


_add_command(
    "prices",
    read_price_rows,
    sync_prices,
    DEFAULT_BULK_THRESHOLD,
    """Set variant prices and price-list fixed prices from FILE, sending only what differs.

    Columns: sku or variant_id, price, compare_at_price, and for a fixed price
    price_list and currency.
    """,
)
_add_command(
    "products",
    read_product_rows,
    sync_products,
    PRODUCTS_BULK_THRESHOLD,
    """Upsert products from FILE by handle, sending only those that differ from Shopify's.

    JSONL: one product a line, as POST /v1/products takes it. CSV: one row a variant
    (handle, title, description_html, vendor, product_type, tags, status, sku, price,
    compare_at_price, option1_name, option1_value … option3_value). List fields replace.
    """,
)
