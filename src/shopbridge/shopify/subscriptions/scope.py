"""Which shops shopbridge manages the webhook subscriptions of, and where webhooks go.

A shop is managed when ``shops.X.manage_webhooks`` says so, or, left unset, when the
shop has Admin API credentials and ``server.public_url`` is set. Subscriptions point
at :func:`callback_url`: ``server.public_url`` plus the webhook route. Only
subscriptions at that exact address count as shopbridge's own.
"""

from __future__ import annotations

from typing import Final

from shopbridge.config.schema import Settings

__all__ = ["WEBHOOK_PATH", "callback_url", "managed_shops", "manages", "why_unmanaged"]

WEBHOOK_PATH: Final = "/webhooks/shopify"


def callback_url(settings: Settings) -> str | None:
    """``{server.public_url}/webhooks/shopify``, or None without a public URL."""
    base = settings.server.public_url
    return f"{base}{WEBHOOK_PATH}" if base else None


def why_unmanaged(settings: Settings, shop_id: str) -> tuple[str, str] | None:
    """Why ``shop_id``'s subscriptions are unmanaged, as (config path, message); None if managed."""
    shop = settings.shops.get(shop_id)
    if shop is None:
        known = ", ".join(sorted(settings.shops)) or "none"
        return "shops", f"unknown shop '{shop_id}' (configured: {known})"
    if shop.manage_webhooks is False:
        return (
            f"shops.{shop_id}.manage_webhooks",
            "is false, so shopbridge leaves this shop's subscriptions alone; remove it or set "
            "it to true",
        )
    if not shop.admin_api_enabled:
        return (
            f"shops.{shop_id}",
            "no Admin API credentials (access_token, or client_id and client_secret) to "
            "manage webhook subscriptions with",
        )
    if settings.server.public_url is None:
        return (
            "server.public_url",
            "not set: give the https base URL Shopify reaches shopbridge at "
            f"(subscriptions point at <public_url>{WEBHOOK_PATH})",
        )
    return None


def manages(settings: Settings, shop_id: str) -> bool:
    """Whether shopbridge keeps ``shop_id``'s webhook subscriptions in line with the flows."""
    return why_unmanaged(settings, shop_id) is None


def managed_shops(settings: Settings) -> list[str]:
    """The managed shops' ids, in configuration order."""
    return [shop_id for shop_id in settings.shops if manages(settings, shop_id)]
