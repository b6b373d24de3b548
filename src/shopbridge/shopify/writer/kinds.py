"""The kinds of change the writer applies besides inventory, and how to add one.

Inventory is the writer's own (batched ``inventorySetQuantities`` with compare-and-set
memory). Every other kind (prices, products, …) is a :class:`Kind`: the job ``flow``
it takes, the reader that turns a job's document into changes, and a :class:`Sender`
that writes a batch of pending entries and says what became of each
(:class:`SendOutcome`). Adding a kind is a ``*_changes.py`` reader, a ``*_send.py``
sender and one line in :mod:`.registry`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

from shopbridge.config.schema import WriterSettings
from shopbridge.shopify.admin import AdminClient

if TYPE_CHECKING:
    from .buffer import Entry
    from .changes import ItemDocument
    from .price_resolve import PriceResolver

__all__ = ["Change", "Kind", "SendOutcome", "Sender", "SenderContext"]


class Change(Protocol):
    """A pending change: coalesced by ``key``, the highest ``version`` winning."""

    @property
    def key(self) -> str: ...

    @property
    def version(self) -> float: ...

    def as_item(self) -> dict[str, Any]:
        """The item as a job document stores it (a dead item's replayable payload)."""
        ...


@dataclass(slots=True)
class SendOutcome:
    """What became of a batch: applied, rejected (with why), or to send in a later call.

    ``skus`` names the SKUs the writes touched, whose cached lookups may now be wrong.
    """

    applied: list[Entry[Any]] = field(default_factory=list)
    rejected: list[tuple[Entry[Any], str]] = field(default_factory=list)
    later: list[Entry[Any]] = field(default_factory=list)
    skus: set[str] = field(default_factory=set)
    mutations: int = 0


class Sender(Protocol):
    """Writes one shop's entries of one kind; never raises for what Shopify refuses."""

    async def write(self, entries: Sequence[Entry[Any]]) -> SendOutcome: ...


@dataclass(frozen=True, slots=True)
class SenderContext:
    """What a sender may use: the shop's client, its writer settings, shared lookups."""

    shop_id: str
    client: AdminClient
    settings: WriterSettings
    price_resolver: PriceResolver


@dataclass(frozen=True, slots=True)
class Kind:
    """One kind of change: its job flow, its change class, reader and sender factory."""

    flow: str
    change: type
    read: Callable[[bytes], ItemDocument]
    sender: Callable[[SenderContext], Sender]
