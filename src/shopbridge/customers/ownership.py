"""Who may write which customer field: ``customers.ownership`` applied to one write.

A field owned by ``shopify`` is changed in Shopify only (the merchant, the storefront);
a field owned by a system is changed by that system only. Fields nobody owns are
anyone's (the last write wins). A system writing through ``POST /v1/customers`` keeps
the fields it may write; the others are dropped and named, so the caller can see why
they did not change. The field identifying the customer (the email of an upsert by
email) is always sent: it selects the customer, it changes nothing.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["may_write", "split_fields"]


def may_write(field: str, system: str | None, ownership: Mapping[Any, str]) -> bool:
    """Whether ``system`` (None: a caller that is no configured system) may write ``field``."""
    owner = ownership.get(field)
    return owner is None or owner == system


def split_fields(
    fields: Iterable[str],
    system: str | None,
    ownership: Mapping[Any, str],
    keep: Iterable[str] = (),
) -> tuple[list[str], list[str]]:
    """``fields`` as (written, dropped); those in ``keep`` are always written."""
    kept = set(keep)
    written: list[str] = []
    dropped: list[str] = []
    for field in fields:
        (written if field in kept or may_write(field, system, ownership) else dropped).append(field)
    return written, dropped
