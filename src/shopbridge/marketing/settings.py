"""The ``marketing:`` section of ``shopbridge.yaml``, global and per shop.

``marketing:`` at the top level sets every shop's defaults; ``shops.<id>.marketing``
overrides them field by field (a field the shop leaves out keeps the global value).
:func:`effective` makes that merge; :func:`settings_problems` checks what one model
cannot see alone (keys unique across shops, Admin API access where a lookup needs it).

A feature runs when a flow takes its event: abandoned checkouts, first and repeat
purchases are on by default, browse abandonment is opt-in. ``enabled: false`` turns a
feature off for a shop (or everywhere).

This module depends on pydantic only, so :mod:`shopbridge.config.schema` can import it.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, Final
from urllib.parse import urlsplit

from pydantic import BaseModel, ConfigDict, Field, field_validator

if TYPE_CHECKING:
    from shopbridge.config.schema import Settings

__all__ = [
    "ABANDONED_CHECKOUT_EVENTS",
    "BROWSE_EVENTS",
    "PURCHASE_EVENTS",
    "AbandonedCheckoutSettings",
    "BrowseAbandonmentSettings",
    "CollectorSettings",
    "MarketingSettings",
    "PurchaseSettings",
    "RateLimitSettings",
    "allowed_origins",
    "effective",
    "settings_problems",
]

DAY_SECS: Final = 86_400.0
COLLECTOR_KEY_PATTERN: Final = r"^[A-Za-z0-9_-]+$"
# The events each feature derives: a flow taking one turns the feature on. (Named here as
# well as in .topics, which declares them to the engine, so this module stays engine-free.)
ABANDONED_CHECKOUT_EVENTS: Final = frozenset({"marketing/checkout_abandoned"})
PURCHASE_EVENTS: Final = frozenset({"marketing/first_purchase", "marketing/repeat_purchase"})
BROWSE_EVENTS: Final = frozenset({"marketing/browse_abandoned"})


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class AbandonedCheckoutSettings(_Model):
    """``marketing/checkout_abandoned``: a checkout nobody touched for ``delay_secs``."""

    enabled: bool = Field(True, description="Whether checkouts start abandonment timers.")
    delay_secs: float = Field(
        3600.0,
        gt=0,
        le=30 * DAY_SECS,
        description="How long after its last update (updated_at) an unfinished checkout "
        "counts as abandoned.",
        examples=[3600],
    )
    require_contact: bool = Field(
        True,
        description="Only checkouts with an email or phone number (on the checkout or its "
        "customer) can be recovered, so only they start a timer. false: every checkout with "
        "lines does (the event then has null email and phone).",
    )


class PurchaseSettings(_Model):
    """``marketing/first_purchase`` and ``marketing/repeat_purchase`` from ``orders/create``."""

    enabled: bool = Field(True, description="Whether new orders are classified.")


class BrowseAbandonmentSettings(_Model):
    """``marketing/browse_abandoned``: a product viewed and not bought within ``window_secs``.

    Opt-in. Views come from the Web Pixels collector (``POST /v1/collect/{key}``).
    """

    enabled: bool = Field(False, description="Whether product views start timers (opt-in).")
    window_secs: float = Field(
        4 * 3600.0,
        gt=0,
        le=30 * DAY_SECS,
        description="How long after the last view of a product, not followed by a purchase "
        "of it, the visitor counts as having abandoned it.",
        examples=[14_400],
    )
    require_customer: bool = Field(
        True,
        description="Only views by a known customer (the pixel sends customer_id) start a "
        "timer: an anonymous visitor cannot be contacted. false: anonymous visitors are "
        "followed by their browser id (clientId), and only a checkout_completed pixel event "
        "from that browser cancels their timers.",
    )


class RateLimitSettings(_Model):
    """Token buckets, kept in each process: per client IP (requests) and per browser (events)."""

    ip_requests_per_sec: float = Field(
        20.0, gt=0, description="Requests one client IP may send per second, on average."
    )
    ip_burst: int = Field(
        100, ge=1, description="Requests one client IP may send at once (shared NATs need room)."
    )
    client_events_per_sec: float = Field(
        5.0, gt=0, description="Events one browser (clientId) may send per second, on average."
    )
    client_burst: int = Field(60, ge=1, description="Events one browser may send at once.")


class CollectorSettings(_Model):
    """``POST /v1/collect/{key}``: Web Pixels events from the shop's storefront and checkout."""

    key: str | None = Field(
        None,
        min_length=16,
        max_length=128,
        pattern=COLLECTOR_KEY_PATTERN,
        description="The shop's public collector key, the last part of the collector URL. It "
        "names the shop and is visible in the storefront's pixel code: it is not a secret "
        "(origins and rate limits guard the endpoint). Set it per shop; without it the shop "
        "has no collector.",
        examples=["${ACME_COLLECTOR_KEY}"],
    )
    allowed_origins: list[str] = Field(
        default_factory=list,
        description="Browser origins allowed besides https://<shop domain>, such as the shop's "
        "own domain; '*' allows any. A request whose Origin is not allowed is refused (403).",
        examples=[["https://www.acme.com"]],
    )
    allow_null_origin: bool = Field(
        True,
        description="Accept 'Origin: null', which browsers send from sandboxed frames such as "
        "the one custom pixels run in.",
    )
    max_body_bytes: int = Field(
        65_536, gt=0, le=1_048_576, description="Largest request body accepted (413 above)."
    )
    max_events_per_request: int = Field(
        50, ge=1, le=500, description="Most events one batched request may carry."
    )
    rate_limit: RateLimitSettings = Field(default_factory=RateLimitSettings)
    client_ip_header: str | None = Field(
        None,
        description="Header a trusted reverse proxy sets to the client's address (its first "
        "value is used), such as X-Forwarded-For. Leave unset unless every request passes "
        "through such a proxy, or clients could choose their own rate-limit bucket.",
        examples=["X-Forwarded-For"],
    )

    @field_validator("allowed_origins")
    @classmethod
    def _origins(cls, values: list[str]) -> list[str]:
        cleaned: list[str] = []
        for value in values:
            origin = value.strip().rstrip("/").lower()
            if origin != "*":
                parsed = urlsplit(origin)
                bare = parsed.scheme in ("http", "https") and parsed.netloc
                if not bare or parsed.path or parsed.query or parsed.fragment:
                    raise ValueError(
                        f"'{value}' is not an origin such as https://www.acme.com (or '*')"
                    )
            cleaned.append(origin)
        return cleaned


class MarketingSettings(_Model):
    """Marketing events: abandoned checkouts, purchases, product views, browse abandonment."""

    abandoned_checkout: AbandonedCheckoutSettings = Field(default_factory=AbandonedCheckoutSettings)
    purchases: PurchaseSettings = Field(default_factory=PurchaseSettings)
    browse_abandonment: BrowseAbandonmentSettings = Field(default_factory=BrowseAbandonmentSettings)
    collector: CollectorSettings = Field(default_factory=CollectorSettings)


def effective(common: MarketingSettings, shop: MarketingSettings | None) -> MarketingSettings:
    """The shop's settings: the global ones with each field the shop set replaced."""
    if shop is None:
        return common
    merged = common.model_dump(exclude_unset=True)
    _overlay(merged, shop.model_dump(exclude_unset=True))
    return MarketingSettings.model_validate(merged)


def _overlay(base: dict[str, Any], top: dict[str, Any]) -> None:
    for key, value in top.items():
        below = base.get(key)
        if isinstance(value, dict) and isinstance(below, dict):
            _overlay(below, value)
        else:
            base[key] = value


def allowed_origins(settings: CollectorSettings, shop_domain: str) -> frozenset[str]:
    """The origins a shop's collector accepts (its myshopify domain is always one)."""
    found = {f"https://{shop_domain.lower()}", *settings.allowed_origins}
    if settings.allow_null_origin:
        found.add("null")
    return frozenset(found)


def settings_problems(settings: Settings) -> list[tuple[str, str]]:
    """What the marketing settings get wrong across shops and flows, as (path, message)."""
    problems: list[tuple[str, str]] = []
    if settings.marketing.collector.key is not None:
        problems.append(
            (
                "marketing.collector.key",
                "set the collector key per shop (shops.<id>.marketing.collector.key): it "
                "names the shop",
            )
        )
    wanted = {
        topic
        for flow in settings.flows.values()
        if flow.enabled
        for topic in flow.from_.events or ()
    }
    keys: dict[str, str] = {}
    problems += _batch_problems("marketing", settings.marketing)
    for name, shop in settings.shops.items():
        path = f"shops.{name}.marketing"
        mine = effective(settings.marketing, shop.marketing)
        if shop.marketing is not None:
            problems += _batch_problems(path, mine)
        key = mine.collector.key
        if key is not None:
            if key in keys:
                problems.append((f"{path}.collector.key", f"same key as shops.{keys[key]}"))
            keys.setdefault(key, name)
        if wanted & PURCHASE_EVENTS and mine.purchases.enabled and not shop.admin_api_enabled:
            problems.append(
                (
                    f"{path}.purchases.enabled",
                    "a flow takes first/repeat purchases, which need the customer's order "
                    "count from the Admin API: give the shop access_token (or client_id and "
                    "client_secret), or set this to false",
                )
            )
        if wanted & BROWSE_EVENTS and mine.browse_abandonment.enabled and key is None:
            problems.append(
                (
                    f"{path}.collector.key",
                    "browse abandonment is on, and product views reach shopbridge only "
                    "through the collector: set a collector key",
                )
            )
    return problems


def _batch_problems(path: str, settings: MarketingSettings) -> list[tuple[str, str]]:
    """A batch larger than the browser's burst could never pass its rate limit."""
    collector = settings.collector
    if collector.max_events_per_request <= collector.rate_limit.client_burst:
        return []
    return [
        (
            f"{path}.collector.max_events_per_request",
            f"{collector.max_events_per_request} is more than rate_limit.client_burst "
            f"({collector.rate_limit.client_burst}): a full batch could never pass",
        )
    ]
