"""Webhook subscriptions managed for the user: what the flows need, in every managed shop.

::

    async with AdminClient.from_settings(settings.shops["acme"]) as shopify:
        report = await subscriptions.reconcile(shopify, settings, "acme", dry_run=True)
        for step in report.plan.changes:
            print(step.action, step.topic, step.differences)

Modules, in the order a check runs: :mod:`.scope` (which shops, which callback URL),
:mod:`.desired` (topic needs from flows and other providers, merged per topic),
:mod:`.remote` (the shop's subscriptions now), :mod:`.plan` (pure comparison),
:mod:`.apply` (the mutations), :mod:`.reconcile` (the three together) and
:mod:`.keeper` (on start and on a schedule inside ``shopbridge run``: drift, dropped
subscriptions, metrics). ``shopbridge shopify subscribe`` runs one reconcile by hand.
"""

from __future__ import annotations

from .apply import Applied, apply_plan, subscription_input
from .desired import (
    DEFAULT_CHANGING_FIELD,
    TOPIC_PROVIDERS,
    Desired,
    Skipped,
    TopicNeed,
    TopicProvider,
    changing_field,
    desired_subscriptions,
    flow_needs,
    merge_needs,
    register_topic_provider,
    required_topics,
    topic_needs,
)
from .keeper import DEFAULT_RETRY_SECS, DroppedHook, ExtraNeeds, SubscriptionKeeper
from .plan import Action, Actual, Drift, Plan, Step, differences, make_plan
from .reconcile import Report, plan_shop, reconcile
from .remote import actual_from_node, list_subscriptions
from .scope import WEBHOOK_PATH, callback_url, managed_shops, manages, why_unmanaged

__all__ = [
    "DEFAULT_CHANGING_FIELD",
    "DEFAULT_RETRY_SECS",
    "TOPIC_PROVIDERS",
    "WEBHOOK_PATH",
    "Action",
    "Actual",
    "Applied",
    "Desired",
    "Drift",
    "DroppedHook",
    "ExtraNeeds",
    "Plan",
    "Report",
    "Skipped",
    "Step",
    "SubscriptionKeeper",
    "TopicNeed",
    "TopicProvider",
    "actual_from_node",
    "apply_plan",
    "callback_url",
    "changing_field",
    "desired_subscriptions",
    "differences",
    "flow_needs",
    "list_subscriptions",
    "make_plan",
    "managed_shops",
    "manages",
    "merge_needs",
    "plan_shop",
    "reconcile",
    "register_topic_provider",
    "required_topics",
    "subscription_input",
    "topic_needs",
    "why_unmanaged",
]
