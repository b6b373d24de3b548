"""The typed shape of ``shopbridge.yaml``.

Every component is keyed by a user-chosen id; unknown keys are errors; units
are in the names (``timeout_secs``, ``max_body_bytes``). Cross-references
(flow → destination, flow → shop, flow → source) are checked in
:class:`Settings` so that ``shopbridge check`` reports them with their path.
"""

from __future__ import annotations

import re
from typing import Annotated, Literal
from urllib.parse import urlsplit

from pydantic import (
    BaseModel,
    ConfigDict,
    Discriminator,
    Field,
    Tag,
    field_validator,
    model_validator,
)

from shopbridge.alerts.settings import AlertSettings
from shopbridge.customers import settings as customer_settings
from shopbridge.marketing import settings as marketing_settings
from shopbridge.orders.settings import ReconcileSettings
from shopbridge.sources.fulfillments.settings import FulfillmentSettings

DEFAULT_API_VERSION = "2026-07"
DEFAULT_RETRY_STATUSES = [408, 425, 429, 500, 502, 503, 504]
ID_PATTERN = r"^[a-z][a-z0-9_-]{0,62}$"
# A payload field path for includeFields: ``email``, ``line_items.sku``.
FIELD_PATH_PATTERN = re.compile(r"^[A-Za-z0-9_]+(\.[A-Za-z0-9_]+)*$")
API_VERSION_PATTERN = re.compile(r"^(\d{4}-(01|04|07|10)|unstable)$")


class Model(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, populate_by_name=True)


class ServerSettings(Model):
    """The HTTP listener: webhooks, inbound API, operator API, metrics."""

    host: str = Field("127.0.0.1", description="Address to listen on.")
    port: int = Field(8080, ge=0, le=65535, description="TCP port (0 picks a free one).")
    max_body_bytes: int = Field(
        1_048_576, gt=0, description="Largest request body accepted; larger answers 413."
    )
    operator_token: str | None = Field(
        None,
        description="Bearer token required by the operator API (/v1/events list, /v1/jobs, "
        "/v1/dead-letters). Without it the operator API accepts API keys with the 'admin' scope.",
    )
    public_url: str | None = Field(
        None,
        description="The https base URL Shopify reaches this engine at (your domain, load "
        "balancer or tunnel). Webhook subscriptions point at {public_url}/webhooks/shopify; "
        "without it shopbridge does not manage subscriptions.",
        examples=["https://shopbridge.example.com"],
    )

    @field_validator("public_url")
    @classmethod
    def _public_base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlsplit(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an https URL such as https://shopbridge.example.com")
        if parsed.query or parsed.fragment:
            raise ValueError("must not have a query or fragment")
        return value.strip().rstrip("/")


class StoreSettings(Model):
    """Where events and jobs live."""

    url: str = Field(
        "sqlite:///shopbridge.db",
        description="sqlite:///PATH (one process) or postgresql://USER@HOST:PORT/DB (scale-out).",
        examples=[
            "sqlite:///var/lib/shopbridge/shopbridge.db",
            "postgresql://app@db:5432/shopbridge",
        ],
    )

    @field_validator("url")
    @classmethod
    def _known_scheme(cls, value: str) -> str:
        if not value.startswith(("sqlite:///", "postgresql://", "postgres://")):
            raise ValueError("must start with sqlite:/// or postgresql://")
        return value


class WorkerSettings(Model):
    """The delivery workers inside `shopbridge run`."""

    concurrency: int = Field(64, ge=1, le=4096, description="Deliveries in flight per process.")
    lease_secs: float = Field(
        30.0,
        gt=1,
        description="A claimed job returns to the queue this long after its worker dies.",
    )
    poll_interval_secs: float = Field(
        1.0, gt=0, description="Longest sleep between looks at the queue when nothing wakes us."
    )
    shutdown_grace_secs: float = Field(
        10.0, ge=0, description="On SIGTERM, how long in-flight deliveries may finish."
    )


class WriterSettings(Model):
    """How the Shopify writer sends this shop's inventory changes."""

    max_items_per_call: int = Field(
        250,
        ge=1,
        le=250,
        description="Quantities per inventorySetQuantities call (Shopify takes at most 250).",
    )
    compare_and_set: bool = Field(
        False,
        description="Send the quantity this writer last set as changeFromQuantity, so a change "
        "made meanwhile by someone else is refused (dead-lettered) instead of overwritten. "
        "Off: changeFromQuantity is an explicit null (last writer wins).",
    )


class ShopSettings(Model):
    """A Shopify store: its webhooks, and the Admin API credentials shopbridge writes with.

    Admin API access is optional (a shop may only send webhooks). Give either
    ``access_token`` (a static Admin API token) or ``client_id`` with ``client_secret``
    (the client credentials grant: tokens are fetched and refreshed before they expire).
    """

    domain: str = Field(description="The shop's myshopify domain.", examples=["acme.myshopify.com"])
    webhook_secret: str = Field(
        min_length=1, description="The app's client secret (signs webhook HMACs)."
    )
    previous_webhook_secret: str | None = Field(
        None, description="The secret before the last rotation; accepted for an hour or so."
    )
    api_version: str = Field(DEFAULT_API_VERSION, description="Pinned Admin API version.")
    admin_api_url: str | None = Field(
        None,
        description="Base URL used instead of https://{domain} for Admin API calls (the "
        "sandbox, or a proxy); /admin/api/{api_version}/graphql.json is appended.",
        examples=["http://127.0.0.1:8765"],
    )
    access_token: str | None = Field(
        None,
        min_length=1,
        description="Static Admin API access token (X-Shopify-Access-Token).",
        examples=["${SHOPIFY_ACCESS_TOKEN}"],
    )
    client_id: str | None = Field(
        None,
        min_length=1,
        description="The app's client id, for the client credentials grant.",
        examples=["${SHOPIFY_CLIENT_ID}"],
    )
    client_secret: str | None = Field(
        None,
        min_length=1,
        description="The app's client secret, for the client credentials grant.",
        examples=["${SHOPIFY_CLIENT_SECRET}"],
    )
    writer: WriterSettings = Field(
        default_factory=WriterSettings,
        description="The inventory writer (used when Admin API credentials are set).",
    )
    manage_webhooks: bool | None = Field(
        None,
        description="Keep this shop's webhook subscriptions in line with the flows: create, "
        "update and remove the ones pointing at server.public_url, re-create those Shopify "
        "dropped. Default: on when the shop has Admin API credentials and server.public_url "
        "is set. false leaves the shop's subscriptions alone.",
    )
    reconcile: ReconcileSettings = Field(
        default_factory=ReconcileSettings,
        description="Order reconciliation: a scheduled query for orders updated since the last "
        "checkpoint catches changes whose webhook never came (docs/orders.md).",
    )
    marketing: marketing_settings.MarketingSettings | None = Field(
        None,
        description="This shop's marketing settings; each field given replaces the global "
        "marketing: one (docs/marketing.md). The collector key is set here.",
    )

    @field_validator("admin_api_url")
    @classmethod
    def _base_url(cls, value: str | None) -> str | None:
        if value is None:
            return None
        parsed = urlsplit(value.strip())
        if parsed.scheme not in ("http", "https") or not parsed.netloc:
            raise ValueError("must be an http(s) URL such as http://127.0.0.1:8765")
        if parsed.query or parsed.fragment:
            raise ValueError("must not have a query or fragment")
        return value.strip().rstrip("/")

    @model_validator(mode="after")
    def _one_way_to_authenticate(self) -> ShopSettings:
        if self.access_token and (self.client_id or self.client_secret):
            raise ValueError("give access_token or client_id/client_secret, not both")
        if bool(self.client_id) != bool(self.client_secret):
            raise ValueError("client_id and client_secret go together")
        return self

    @property
    def admin_api_enabled(self) -> bool:
        """Whether credentials for the Admin API are configured."""
        return bool(self.access_token or self.client_id)

    @field_validator("domain")
    @classmethod
    def _lower_domain(cls, value: str) -> str:
        value = value.strip().lower()
        if not value or "/" in value or " " in value:
            raise ValueError("must be a bare host name such as acme.myshopify.com")
        return value

    @field_validator("api_version")
    @classmethod
    def _api_version(cls, value: str) -> str:
        if not API_VERSION_PATTERN.match(value):
            raise ValueError(
                "must look like 2026-07 (January, April, July or October) or 'unstable'"
            )
        return value


class SourceSettings(Model):
    """A non-Shopify system that posts events to /v1/events/{source}."""

    description: str = ""
    ordering_key: str | None = Field(
        None, description="JSONata expression giving the ordering key of an event."
    )


class BearerAuth(Model):
    type: Literal["bearer"]
    token: str = Field(min_length=1)


class BasicAuth(Model):
    type: Literal["basic"]
    username: str
    password: str


class HeaderAuth(Model):
    type: Literal["header"]
    name: str = Field(min_length=1, examples=["X-Api-Key"])
    value: str


Auth = Annotated[BearerAuth | BasicAuth | HeaderAuth, Field(discriminator="type")]


class RetrySettings(Model):
    """When to try a failed delivery again: exponential backoff with jitter.

    The defaults give 8 attempts over about 21 hours: waits of 30 s, 2 min,
    8 min, 32 min, 2.1 h, 8.5 h and 10 h (each ±20 %).
    """

    max_attempts: int = Field(8, ge=1, le=100, description="Attempts in all, the first included.")
    initial_secs: float = Field(30.0, gt=0, description="Wait before the second attempt.")
    multiplier: float = Field(4.0, ge=1, description="Each wait is this many times the last.")
    max_secs: float = Field(36_000.0, gt=0, description="No single wait is longer than this.")
    jitter: float = Field(0.2, ge=0, le=1, description="Each wait varies randomly by ± this share.")


class HttpDestination(Model):
    """An HTTP endpoint that receives deliveries."""

    type: Literal["http"] = "http"
    url: str = Field(examples=["https://erp.example.com/hooks/shopify"])
    method: Literal["POST", "PUT", "PATCH"] = "POST"
    headers: dict[str, str] = Field(default_factory=dict)
    auth: Auth | None = None
    timeout_secs: float = Field(10.0, gt=0, le=300, description="Deadline for a whole attempt.")
    max_in_flight: int = Field(8, ge=1, le=1024, description="Concurrent deliveries per process.")
    retry_on_status: list[int] = Field(
        default_factory=lambda: list(DEFAULT_RETRY_STATUSES),
        description="Statuses that mean 'try again later'; other 4xx reject the delivery.",
    )
    retry: RetrySettings = Field(default_factory=RetrySettings)
    signing_secret: str | None = Field(
        None,
        description="Standard Webhooks secret (whsec_ + base64). Deliveries are signed with it.",
    )
    internal: bool = Field(
        False,
        description="Allow loopback, private and link-local addresses (on-premise systems).",
    )

    @field_validator("url")
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value

    @field_validator("signing_secret")
    @classmethod
    def _whsec(cls, value: str | None) -> str | None:
        if value is not None and not value.startswith("whsec_"):
            raise ValueError("must start with whsec_ (Standard Webhooks secret format)")
        return value


class AlertDestination(Model):
    """What every alert destination (Slack, Teams, PagerDuty) shares: how it is reached."""

    timeout_secs: float = Field(10.0, gt=0, le=300, description="Deadline for a whole attempt.")
    max_in_flight: int = Field(2, ge=1, le=64, description="Concurrent deliveries per process.")
    retry: RetrySettings = Field(default_factory=RetrySettings)
    internal: bool = Field(
        False, description="Allow loopback and private addresses (a relay on your network)."
    )

    @field_validator("url", check_fields=False)
    @classmethod
    def _http_url(cls, value: str) -> str:
        if not value.startswith(("http://", "https://")):
            raise ValueError("must be an http:// or https:// URL")
        return value


class SlackDestination(AlertDestination):
    """A Slack incoming webhook: alerts arrive as Block Kit messages."""

    type: Literal["slack"]
    url: str = Field(
        description="The incoming webhook URL (it is a secret).",
        examples=["${SLACK_WEBHOOK_URL}"],
    )


class TeamsDestination(AlertDestination):
    """A Microsoft Teams Workflows webhook: alerts arrive as Adaptive Cards."""

    type: Literal["teams"]
    url: str = Field(
        description='The workflow\'s "When a Teams webhook request is received" URL (a secret).',
        examples=["${TEAMS_WEBHOOK_URL}"],
    )


class PagerDutyDestination(AlertDestination):
    """PagerDuty Events API v2: alerts trigger incidents and resolve them by dedup key."""

    type: Literal["pagerduty"]
    routing_key: str = Field(
        min_length=1,
        description="The integration key of an Events API v2 integration on a service.",
        examples=["${PAGERDUTY_ROUTING_KEY}"],
    )
    url: str = Field(
        "https://events.pagerduty.com/v2/enqueue",
        description="The Events API endpoint (change it only for a relay or a test receiver).",
    )


DESTINATION_TYPES = ("http", "slack", "teams", "pagerduty")


def _destination_type(value: object) -> str:
    """The ``type`` tag, ``http`` when omitted (destinations predate the other types)."""
    found = value.get("type", "http") if isinstance(value, dict) else getattr(value, "type", None)
    return found if isinstance(found, str) else "http"


Destination = Annotated[
    Annotated[HttpDestination, Tag("http")]
    | Annotated[SlackDestination, Tag("slack")]
    | Annotated[TeamsDestination, Tag("teams")]
    | Annotated[PagerDutyDestination, Tag("pagerduty")],
    Discriminator(
        _destination_type,
        custom_error_type="destination_type",
        custom_error_message=f"type must be one of {', '.join(DESTINATION_TYPES)}",
    ),
]


class FlowInput(Model):
    """What a flow listens to: Shopify topics, engine events or an inbound source."""

    shopify: list[str] | None = Field(
        None, description="Webhook topics such as orders/create.", examples=[["orders/create"]]
    )
    events: list[str] | None = Field(
        None,
        description="Events shopbridge derives (abandoned checkouts, first purchases, alerts "
        "…); `shopbridge events` lists them.",
        examples=[["marketing/checkout_abandoned"]],
    )
    shops: list[str] | None = Field(None, description="Only these shops (default: every shop).")
    source: str | None = Field(None, description="An inbound source id (POST /v1/events/{source}).")
    webhook_filter: str | None = Field(
        None,
        min_length=1,
        description="Filter Shopify applies before sending (its search syntax, on the webhook "
        "payload's fields), set on the webhook subscription. When several flows share a topic "
        "their filters are OR-ed, so a flow may still see events another flow asked for: use "
        "'filter' for exact routing.",
        examples=["financial_status:paid AND total_price:>=100"],
    )
    include_fields: list[str] | None = Field(
        None,
        min_length=1,
        description="Payload fields Shopify sends (dotted for nested ones, as line_items.sku); "
        "shopbridge adds id and updated_at (or the topic's changing field). Include what "
        "'filter', 'map' and 'ordering_key' read. Default: every field.",
        examples=[["email", "financial_status", "line_items.sku"]],
    )

    @field_validator("shopify", "events", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value

    @field_validator("include_fields")
    @classmethod
    def _field_paths(cls, value: list[str] | None) -> list[str] | None:
        for path in value or ():
            if not FIELD_PATH_PATTERN.match(path):
                raise ValueError(f"'{path}' is not a field path such as email or line_items.sku")
        return value

    @model_validator(mode="after")
    def _exactly_one(self) -> FlowInput:
        given = [v for v in (self.shopify, self.events, self.source) if v is not None]
        if len(given) != 1:
            raise ValueError("give exactly one of 'shopify' (topics), 'events' or 'source'")
        if self.shops is not None and self.source is not None:
            raise ValueError("'shops' only applies to 'shopify' and 'events' inputs")
        if self.shopify is None and (self.webhook_filter or self.include_fields):
            raise ValueError("'webhook_filter' and 'include_fields' only apply to 'shopify' inputs")
        return self


class FlowSettings(Model):
    """Event → optional filter → optional mapping → one or more destinations."""

    type: Literal["generic"] = "generic"
    from_: FlowInput = Field(alias="from")
    filter: str | None = Field(
        None, description="JSONata expression; the event is delivered only when it is true."
    )
    map: str | None = Field(
        None, description="JSONata expression building the body sent (default: the event as is)."
    )
    to: list[str] = Field(min_length=1, description="Destination ids (fan-out to each).")
    ordering_key: str | None = Field(
        None,
        description="JSONata expression; deliveries with the same key reach each destination in "
        "order. Shopify topics have a sensible default (the order, customer, product … id).",
    )
    preset: str | None = Field(
        None,
        description="A built-in document the flow's filter and map read instead of the raw "
        "payload: 'order' (a clean order from orders/*) or 'refund' (refunds/create); "
        "without a map the document is delivered as is (docs/orders.md).",
        examples=["order"],
    )
    drop_stale: bool = Field(
        True,
        description="Skip a Shopify update whose updated_at is older than one this flow already "
        "delivered to the destination, and a second copy of one Shopify event.",
    )
    enabled: bool = True

    @field_validator("to", mode="before")
    @classmethod
    def _one_or_many(cls, value: object) -> object:
        return [value] if isinstance(value, str) else value


class LoggingSettings(Model):
    level: Literal["debug", "info", "warning", "error"] = "info"
    format: Literal["json", "console"] = "json"


Id = Annotated[str, Field(pattern=ID_PATTERN)]


class WebhookSubscriptionSettings(Model):
    """How shopbridge keeps the shops' webhook subscriptions in line with the flows."""

    check_interval_secs: float = Field(
        600.0,
        ge=1,
        description="Seconds between checks of each managed shop's subscriptions; a check "
        "re-creates what Shopify dropped (it deletes a subscription whose deliveries keep "
        "failing) and reports drift.",
    )


class Settings(Model):
    """The whole ``shopbridge.yaml``."""

    version: Literal[1] = 1
    server: ServerSettings = Field(default_factory=ServerSettings)
    store: StoreSettings = Field(default_factory=StoreSettings)
    workers: WorkerSettings = Field(default_factory=WorkerSettings)
    logging: LoggingSettings = Field(default_factory=LoggingSettings)
    shops: dict[Id, ShopSettings] = Field(default_factory=dict)
    sources: dict[Id, SourceSettings] = Field(default_factory=dict)
    destinations: dict[Id, Destination] = Field(default_factory=dict)
    flows: dict[Id, FlowSettings] = Field(default_factory=dict)
    webhook_subscriptions: WebhookSubscriptionSettings = Field(
        default_factory=WebhookSubscriptionSettings,
        description="Webhook subscriptions shopbridge manages (shops.*.manage_webhooks).",
    )
    alerts: AlertSettings = Field(
        default_factory=AlertSettings,
        description="Alert rules; flows route their alerts/* events to destinations.",
    )
    systems: dict[Id, customer_settings.SystemSettings] = Field(
        default_factory=dict,
        description="Your systems seen from both sides (inbound API keys, destinations), so a "
        "change one wrote to Shopify is not echoed back to it (docs/customers.md).",
    )
    customers: customer_settings.CustomerSettings = Field(
        default_factory=customer_settings.CustomerSettings,
        description="Customers both ways: field ownership, external ids (docs/customers.md).",
    )
    fulfillments: FulfillmentSettings = Field(
        default_factory=FulfillmentSettings,
        description="Tracking back through POST /v1/fulfillments (docs/fulfillments.md).",
    )
    marketing: marketing_settings.MarketingSettings = Field(
        default_factory=marketing_settings.MarketingSettings,
        description="Marketing events for every shop: abandoned checkouts, first and repeat "
        "purchases, the Web Pixels collector, browse abandonment (docs/marketing.md).",
    )

    def reference_problems(self) -> list[tuple[str, str]]:
        """Dangling or duplicated references, as (dotted path, message)."""
        problems: list[tuple[str, str]] = []
        domains: dict[str, str] = {}
        for name, shop in self.shops.items():
            if shop.domain in domains:
                problems.append(
                    (f"shops.{name}.domain", f"same domain as shops.{domains[shop.domain]}")
                )
            domains[shop.domain] = name
            if shop.manage_webhooks and not shop.admin_api_enabled:
                problems.append(
                    (
                        f"shops.{name}.manage_webhooks",
                        "needs Admin API credentials (access_token, or client_id and "
                        "client_secret)",
                    )
                )
            if shop.manage_webhooks and self.server.public_url is None:
                problems.append(
                    (
                        "server.public_url",
                        f"required by shops.{name}.manage_webhooks: the https base URL "
                        "Shopify sends webhooks to",
                    )
                )
        for name, flow in self.flows.items():
            for index, dest in enumerate(flow.to):
                if dest not in self.destinations:
                    problems.append((f"flows.{name}.to.{index}", f"unknown destination '{dest}'"))
            if flow.from_.source is not None and flow.from_.source not in self.sources:
                problems.append(
                    (f"flows.{name}.from.source", f"unknown source '{flow.from_.source}'")
                )
            for index, shop_id in enumerate(flow.from_.shops or []):
                if shop_id not in self.shops:
                    problems.append(
                        (f"flows.{name}.from.shops.{index}", f"unknown shop '{shop_id}'")
                    )
        problems += customer_settings.reference_problems(self)
        problems += marketing_settings.settings_problems(self)
        return problems
