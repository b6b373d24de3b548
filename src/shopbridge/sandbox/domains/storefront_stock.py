"""What a buyer sees of the Admin catalog: published products and sellable stock.

No GraphQL here; shared by the storefront catalog, search and cart. A product is on
the storefront when its status is ``ACTIVE`` (drafts, archived and unlisted products
are not; the sandbox has one sales channel, so ``ACTIVE`` with a ``publishedAt`` is
"published"). A variant is sellable without limit when its inventory item is not
tracked or its ``inventoryPolicy`` is ``CONTINUE``; otherwise up to the ``available``
quantity summed over every location, as Shopify's storefront counts it when the
shop does not restrict stock to shipping zones.
"""

from __future__ import annotations

from collections.abc import Mapping
from decimal import Decimal
from typing import Any

from shopbridge.sandbox.domains.catalog_fields import available_quantity
from shopbridge.sandbox.domains.catalog_store import PRODUCT, VARIANT, item_of, variants_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.domains.shop import shop_doc
from shopbridge.sandbox.payloads import money_v2
from shopbridge.sandbox.state import Doc, State

__all__ = [
    "currency_of",
    "is_visible",
    "price_of",
    "product_available",
    "sellable_limit",
    "shop_money",
    "variant_available",
    "visible_product",
    "visible_products",
    "visible_variant",
]


def is_visible(product: Mapping[str, Any]) -> bool:
    return product.get("status") == "ACTIVE" and product.get("publishedAt") is not None


def visible_products(state: State) -> list[Doc]:
    return [product for product in state.all(PRODUCT) if is_visible(product)]


def visible_product(state: State, value: object) -> Doc | None:
    """The product with this GID if the storefront may show it."""
    found = lookup(state, value, PRODUCT)
    return found if found is not None and is_visible(found) else None


def visible_variant(state: State, value: object) -> Doc | None:
    """The variant with this GID if its product is on the storefront."""
    found = lookup(state, value, VARIANT)
    product = state.get_gid(found["productId"]) if found is not None else None
    return found if product is not None and is_visible(product) else None


def sellable_limit(state: State, variant: Mapping[str, Any]) -> int | None:
    """How many units a buyer can have: ``None`` when unlimited (untracked or CONTINUE)."""
    if variant["inventoryPolicy"] == "CONTINUE" or not item_of(state, variant)["tracked"]:
        return None
    return max(available_quantity(state, variant), 0)


def variant_available(state: State, variant: Mapping[str, Any]) -> bool:
    limit = sellable_limit(state, variant)
    return limit is None or limit > 0


def product_available(state: State, product: Mapping[str, Any]) -> bool:
    """At least one variant can be bought (the storefront's ``availableForSale``)."""
    return any(variant_available(state, v) for v in variants_of(state, product["id"]))


def currency_of(state: State) -> str:
    currency: str = shop_doc(state)["currencyCode"]
    return currency


def shop_money(state: State, amount: Decimal | str | int) -> dict[str, Any]:
    """A ``MoneyV2`` in the shop's currency (the sandbox has one market)."""
    return money_v2(amount, currency_of(state))


def price_of(variant: Mapping[str, Any], key: str = "price") -> Decimal | None:
    value = variant.get(key)
    return None if value is None else Decimal(str(value))
