"""One shop, once: read its subscriptions, plan against the configuration, apply the plan."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from shopbridge import errors
from shopbridge.config.schema import Settings
from shopbridge.shopify.admin import AdminClient

from .apply import Applied, apply_plan
from .desired import TopicNeed, desired_subscriptions
from .plan import Plan, make_plan
from .remote import list_subscriptions
from .scope import callback_url

__all__ = ["Report", "plan_shop", "reconcile"]


@dataclass(frozen=True, slots=True)
class Report:
    """What a check found (``plan``) and what became of each change (``applied``)."""

    shop_id: str
    plan: Plan
    applied: tuple[Applied, ...] = ()
    dry_run: bool = False

    @property
    def failed(self) -> tuple[Applied, ...]:
        return tuple(applied for applied in self.applied if not applied.ok)

    @property
    def ok(self) -> bool:
        return not self.failed


async def plan_shop(
    client: AdminClient, settings: Settings, shop_id: str, extra_needs: Sequence[TopicNeed] = ()
) -> Plan:
    """The plan for ``shop_id``: its subscriptions now against what the engine needs."""
    url = callback_url(settings)
    if url is None:
        raise errors.ConfigError(
            [("server.public_url", "required to manage webhook subscriptions")]
        )
    desired, skipped = desired_subscriptions(settings, shop_id, extra_needs)
    actual = await list_subscriptions(client)
    return make_plan(desired, actual, url, skipped)


async def reconcile(
    client: AdminClient,
    settings: Settings,
    shop_id: str,
    *,
    extra_needs: Sequence[TopicNeed] = (),
    dry_run: bool = False,
) -> Report:
    """Bring ``shop_id``'s subscriptions in line (``dry_run``: only say what would change).

    ``extra_needs``: topics needed beyond the registered providers' (``App.topic_needs``).
    """
    plan = await plan_shop(client, settings, shop_id, extra_needs)
    if dry_run:
        return Report(shop_id, plan, dry_run=True)
    return Report(shop_id, plan, tuple(await apply_plan(client, plan)))
