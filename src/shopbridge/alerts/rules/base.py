"""What every alert rule gets (:class:`RuleContext`) and offers (:class:`AlertRule`)."""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from dataclasses import dataclass
from typing import Protocol

from shopbridge.alerts.manager import AlertManager
from shopbridge.alerts.model import Link
from shopbridge.alerts.settings import AlertSettings
from shopbridge.engine.timers import Schedule
from shopbridge.shopify.admin import AdminClient
from shopbridge.store.base import Store
from shopbridge.types import JSONValue

__all__ = ["AlertRule", "RuleContext"]


@dataclass(frozen=True, slots=True)
class RuleContext:
    """The engine's parts a rule uses; built once by the processor."""

    manager: AlertManager
    store: Store
    settings: AlertSettings
    clock: Callable[[], float]
    shop_domains: Mapping[str, str]
    clients: Mapping[str, AdminClient]  # shops with Admin API access
    public_url: str | None = None

    def admin_link(self, shop: str, path: str, title: str) -> tuple[Link, ...]:
        """A link into the shop's admin (``orders/123``), when the shop is known."""
        domain = self.shop_domains.get(shop)
        return (Link(title, f"https://{domain}/admin/{path}"),) if domain else ()

    def operator_link(self, path: str, title: str) -> tuple[Link, ...]:
        """A link to the engine's operator API (``/v1/dead-letters``), when it has a URL."""
        return (Link(title, f"{self.public_url}{path}"),) if self.public_url else ()


class AlertRule(Protocol):
    """One family of rules: the topics it takes, and what it does with each event."""

    @property
    def shopify_topics(self) -> Sequence[str]: ...

    @property
    def event_topics(self) -> Sequence[str]: ...

    @property
    def schedules(self) -> Sequence[Schedule]: ...

    async def handle(self, shop: str, topic: str, payload: JSONValue) -> None:
        """React to one event (a webhook payload, a timer's or a schedule's)."""
        ...
