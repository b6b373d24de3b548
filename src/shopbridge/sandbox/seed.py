"""A deterministic catalog: N products x V variants, stocked at L locations.

Product ``p`` (from 1) is "Sandbox Product 00001" with handle ``sandbox-product-00001``;
its variant ``v`` has SKU ``SKU-00001-1``, a ``Size`` option value, a price and a
quantity at every location drawn from a generator seeded with ``(seed, p)``: the same
arguments always give the same catalog (ids included, for a store seeded alike).
Products whose handle already exists are left alone, so seeding twice adds nothing.
"""

from __future__ import annotations

import random
from dataclasses import dataclass
from decimal import Decimal
from typing import Final

from shopbridge.sandbox.domains.catalog_store import (
    DEFAULT_TITLE,
    new_product,
    new_variant,
    refresh_options,
    set_options,
    variants_of,
)
from shopbridge.sandbox.domains.inventory_store import activate
from shopbridge.sandbox.domains.shop import create_location, shop_doc
from shopbridge.sandbox.state import State

__all__ = ["SeedSummary", "seed_catalog", "sku"]

_SIZES: Final = ("S", "M", "L", "XL", "XXL", "XXXL")
_TYPES: Final = ("Shirts", "Hoodies", "Caps", "Bags", "Socks")
_CITIES: Final = (("Toronto", "M5V 2T6"), ("Vancouver", "V6B 1A1"), ("Montreal", "H2Y 1C6"))


@dataclass(frozen=True, slots=True)
class SeedSummary:
    products: int
    variants: int
    locations: int


def sku(product: int, variant: int) -> str:
    """``SKU-00001-1``: the SKU of variant ``variant`` of seeded product ``product``."""
    return f"SKU-{product:05d}-{variant}"


def _size(index: int) -> str:
    return _SIZES[index] if index < len(_SIZES) else f"Size {index + 1}"


def seed_catalog(
    state: State,
    products: int = 10,
    variants: int = 3,
    locations: int = 1,
    *,
    seed: int = 0,
    max_quantity: int = 100,
) -> SeedSummary:
    """Add the seeded catalog to ``state`` in one transaction."""
    if products < 0 or variants < 1 or locations < 1:
        raise ValueError("need products >= 0, variants >= 1 and locations >= 1")
    with state.transaction(source="seed"):
        stocked = [loc for loc in state.all("Location") if loc["isActive"]]
        while len(stocked) < locations:
            city, zip_code = _CITIES[len(stocked) % len(_CITIES)]
            stocked.append(create_location(state, f"Warehouse {len(stocked) + 1}", city, zip_code))
        stocked = stocked[:locations]
        shop = shop_doc(state)
        created = 0
        for p in range(1, products + 1):
            handle = f"sandbox-product-{p:05d}"
            if state.find("Product", "handle", handle):
                continue
            rng = random.Random(f"{seed}:{p}")  # noqa: S311 - reproducible test data
            base = Decimal(rng.randrange(500, 20_000)) / 100
            fields = {
                "title": f"Sandbox Product {p:05d}",
                "handle": handle,
                "vendor": "Sandbox Supplies",
                "productType": _TYPES[p % len(_TYPES)],
                "tags": [f"batch-{p % 5}", "sandbox"],
                "descriptionHtml": f"<p>Seeded product number {p}.</p>",
            }
            product = dict(new_product(state, fields, shop["name"]))
            names = [_size(v) for v in range(variants)] if variants > 1 else [DEFAULT_TITLE]
            set_options(
                product, [{"name": "Size" if variants > 1 else "Title", "values": names}], state
            )
            for v, name in enumerate(names, start=1):
                price = base + (v - 1)
                compare_at = price + 5 if p % 3 == 0 else None
                option = {"name": "Size" if variants > 1 else "Title", "value": name}
                variant = new_variant(
                    state,
                    product["id"],
                    {
                        "price": price,
                        "compareAtPrice": compare_at,
                        "selectedOptions": [option],
                        "position": v,
                    },
                    {"sku": sku(p, v), "tracked": True, "cost": price / 2},
                    shop["currencyCode"],
                )
                for location in stocked:
                    activate(
                        state,
                        variant["inventoryItemId"],
                        location["id"],
                        rng.randint(0, max_quantity),
                    )
            refresh_options(product, variants_of(state, product["id"]), state)
            state.save(product)
            created += 1
    return SeedSummary(products=created, variants=created * variants, locations=len(stocked))
