"""The subscriptions a shop should have: every part of the engine's topic needs, merged per topic.

Parts of the engine declare what they need as :class:`TopicNeed` values through
*topic providers*, functions of ``(settings, shop_id)``. Flows are the built-in
provider; a feature that needs a topic of its own (marketing wants ``checkouts/create``,
alerts want ``orders/cancelled``) registers one more::

    from shopbridge.shopify import subscriptions

    def _alert_needs(settings, shop_id):
        if settings.alerts.enabled:  # whatever the feature's own switch is
            yield subscriptions.TopicNeed("orders/cancelled", origin="alerts")

    subscriptions.register_topic_provider("alerts", _alert_needs)

Needs known only once the app is built (the topics its processors declare) come in
as ``extra`` needs: the app passes them to the keeper and to ``shopbridge shopify
subscribe`` alike, so both want the same subscriptions.

Needs for one topic merge into one subscription (Shopify takes one per topic and
address): no filter if any need has none, else the filters OR-ed, each in
parentheses; every field if any need wants every field, else the union of the
fields plus ``id``, the topic's changing field (``updated_at`` for most topics) and
the fields of its default ordering key. Shopify drops a delivery whose trimmed payload
is identical to the one before it ("debouncing", shopify.dev, *Modify your
payloads*), so a field that changes with every update keeps each change coming.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Final

from shopbridge.config.schema import FIELD_PATH_PATTERN, Settings
from shopbridge.shopify import topics

__all__ = [
    "DEFAULT_CHANGING_FIELD",
    "TOPIC_PROVIDERS",
    "Desired",
    "Skipped",
    "TopicNeed",
    "TopicProvider",
    "changing_field",
    "desired_subscriptions",
    "flow_needs",
    "merge_needs",
    "register_topic_provider",
    "required_topics",
    "topic_needs",
]

DEFAULT_CHANGING_FIELD: Final = "updated_at"
# Topics whose payload has no ``updated_at`` (the 2026-07 example payloads), and the
# field that differs from one delivery to the next instead.
_CHANGING_FIELD_BY_TOPIC: Final = {
    "order_transactions/create": "created_at",
    "refunds/create": "created_at",
    "orders/risk_assessment_changed": "created_at",
    "tender_transactions/create": "processed_at",
    "bulk_operations/finish": "completed_at",
}
_CHANGING_FIELD_BY_RESOURCE: Final = {
    "inventory_shipments": "happened_at",
    "inventory_transfers": "happened_at",
}


@dataclass(frozen=True, slots=True)
class TopicNeed:
    """One part of the engine needs ``topic``'s webhooks (``origin`` says which part).

    ``filter`` is Shopify's webhook filter (None: every event); ``include_fields`` the
    payload fields wanted (None or empty: every field).
    """

    topic: str
    origin: str
    filter: str | None = None
    include_fields: tuple[str, ...] | None = None


TopicProvider = Callable[[Settings, str], Iterable[TopicNeed]]

TOPIC_PROVIDERS: dict[str, TopicProvider] = {}
"""Every source of topic needs, by name; :func:`register_topic_provider` adds one."""


def register_topic_provider(name: str, provider: TopicProvider) -> None:
    """Add (or replace) the provider called ``name``; it is asked once per shop and check."""
    TOPIC_PROVIDERS[name] = provider


def flow_needs(settings: Settings, shop_id: str) -> Iterator[TopicNeed]:
    """The Shopify topics of the enabled flows that take ``shop_id``'s events."""
    for name, flow in settings.flows.items():
        wanted = flow.from_
        if not flow.enabled or wanted.shopify is None:
            continue
        if wanted.shops is not None and shop_id not in wanted.shops:
            continue
        fields = tuple(wanted.include_fields) if wanted.include_fields else None
        for topic in wanted.shopify:
            yield TopicNeed(topic, f"flows.{name}", wanted.webhook_filter, fields)


register_topic_provider("flows", flow_needs)


def topic_needs(settings: Settings, shop_id: str) -> list[TopicNeed]:
    """What every registered provider needs from ``shop_id``."""
    return [need for provider in TOPIC_PROVIDERS.values() for need in provider(settings, shop_id)]


def required_topics(settings: Settings, shop_id: str | None = None) -> list[str]:
    """Every topic needed from ``shop_id`` (from any configured shop when None), sorted."""
    shops = list(settings.shops) if shop_id is None else [shop_id]
    return sorted({need.topic for shop in shops for need in topic_needs(settings, shop)})


def changing_field(topic: str) -> str:
    """The payload field that changes with every event of ``topic`` (``updated_at`` mostly)."""
    if topic in _CHANGING_FIELD_BY_TOPIC:
        return _CHANGING_FIELD_BY_TOPIC[topic]
    resource, _, _ = topic.partition("/")
    return _CHANGING_FIELD_BY_RESOURCE.get(resource, DEFAULT_CHANGING_FIELD)


def _key_fields(topic: str) -> tuple[str, ...]:
    """Fields the topic's default ordering key reads (``inventory_item_id & ':' & location_id``)."""
    path = topics.default_ordering_key(topic) or ""
    parts = (part.strip() for part in path.split("&"))
    return tuple(part for part in parts if FIELD_PATH_PATTERN.match(part))


@dataclass(frozen=True, slots=True)
class Desired:
    """The one subscription a topic should have; ``include_fields`` None means every field."""

    topic: str
    filter: str | None
    include_fields: tuple[str, ...] | None
    origins: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Skipped:
    """A needed topic the Admin API cannot subscribe to, and why."""

    topic: str
    origins: tuple[str, ...]
    reason: str


def merge_needs(topic: str, needs: Sequence[TopicNeed]) -> Desired:
    """One subscription for every need of ``topic`` (the rules are in the module docstring)."""
    origins = tuple(dict.fromkeys(need.origin for need in needs))
    filters = [need.filter.strip() if need.filter else "" for need in needs]
    merged_filter: str | None = None
    if filters and all(filters):
        unique = list(dict.fromkeys(filters))
        merged_filter = unique[0] if len(unique) == 1 else " OR ".join(f"({f})" for f in unique)
    fields: tuple[str, ...] | None = None
    if needs and all(need.include_fields for need in needs):
        union = {field for need in needs for field in need.include_fields or ()}
        union |= {"id", changing_field(topic), *_key_fields(topic)}
        fields = tuple(sorted(union))
    return Desired(topic, merged_filter, fields, origins)


def desired_subscriptions(
    settings: Settings, shop_id: str, extra: Iterable[TopicNeed] = ()
) -> tuple[tuple[Desired, ...], tuple[Skipped, ...]]:
    """The subscriptions ``shop_id`` should have (by topic), and the needs that cannot be.

    ``extra`` are needs known only at run time (the app's processors), beside the
    registered providers'.
    """
    by_topic: dict[str, list[TopicNeed]] = {}
    for need in [*topic_needs(settings, shop_id), *extra]:
        by_topic.setdefault(need.topic, []).append(need)
    wanted: list[Desired] = []
    skipped: list[Skipped] = []
    for topic, needs in sorted(by_topic.items()):
        if topics.to_enum(topic) is None:
            origins = tuple(dict.fromkeys(need.origin for need in needs))
            reason = (
                "a compliance topic: subscribe to it in the app's configuration"
                if topic in topics.COMPLIANCE_TOPICS
                else "not a topic the Admin API subscribes to"
            )
            skipped.append(Skipped(topic, origins, reason))
        else:
            wanted.append(merge_needs(topic, needs))
    return tuple(wanted), tuple(skipped)
