"""Money in the presets: Shopify's decimal strings read exactly, summed, written back.

REST payloads carry amounts as strings (``"89.99"``), a few as numbers (a refund line's
``subtotal``). Both are read into :class:`~decimal.Decimal` (a float through its
shortest repr, so ``89.99`` stays 89.99), and every amount the presets write is a
string again, as Shopify writes them, so no destination meets a binary float.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from decimal import Decimal, InvalidOperation
from typing import Any, Final

__all__ = ["ZERO", "amount", "money_set", "sum_amounts", "text"]

ZERO: Final = Decimal("0.00")


def amount(value: Any) -> Decimal | None:
    """``value`` as an exact decimal, or None when it is missing or not a number."""
    if value is None or isinstance(value, bool):
        return None
    if isinstance(value, float):
        value = repr(value)
    if isinstance(value, int | str):
        try:
            found = Decimal(str(value).strip())
        except InvalidOperation:
            return None
        return found if found.is_finite() else None
    return None


def money_set(value: Any) -> Decimal | None:
    """The shop-currency amount of a REST ``*_set`` (``{"shop_money": {"amount": …}}``)."""
    if not isinstance(value, Mapping):
        return None
    shop = value.get("shop_money")
    return amount(shop.get("amount")) if isinstance(shop, Mapping) else None


def sum_amounts(values: Iterable[Decimal | None]) -> Decimal:
    """The sum of the amounts present (0.00 when there are none)."""
    return sum((value for value in values if value is not None), ZERO)


def text(value: Decimal | None) -> str | None:
    """An amount as Shopify writes one (``"179.98"``), or None."""
    return None if value is None else str(value)
