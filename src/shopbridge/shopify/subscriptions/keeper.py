"""``SubscriptionKeeper``: inside ``shopbridge run``, keep managed shops' subscriptions in line.

It checks every managed shop once at start, then every
``webhook_subscriptions.check_interval_secs``. A check that cannot reach Shopify is
logged and tried again sooner (``retry_secs``, doubling up to the interval); the engine
serves meanwhile. After a shop's first good check, a subscription that was in place and
is now missing was *dropped* (Shopify deletes a subscription whose deliveries keep
failing, or someone deleted it): it is re-created, logged as
``webhook_subscription_dropped`` and ``on_dropped(shop_id, topic)`` is called, the hook
for alerts. Any change after the first check is drift, logged as a warning.

Metrics: ``shopbridge_webhook_subscription_checks_total{shop,outcome}``,
``shopbridge_webhook_subscription_changes_total{shop,action}`` and the gauge
``shopbridge_webhook_subscription_drift{shop}``.
"""

from __future__ import annotations

import asyncio
import contextlib
from collections import Counter
from collections.abc import Awaitable, Callable, Mapping, Sequence
from typing import Final

from shopbridge import errors
from shopbridge.config.schema import Settings
from shopbridge.observability.logging import get_logger
from shopbridge.observability.metrics import Metrics
from shopbridge.shopify.admin import AdminClient

from .apply import Applied
from .desired import TopicNeed
from .plan import Action
from .reconcile import Report, reconcile

__all__ = ["DEFAULT_RETRY_SECS", "DroppedHook", "ExtraNeeds", "SubscriptionKeeper"]

DEFAULT_RETRY_SECS: Final = 30.0

DroppedHook = Callable[[str, str], Awaitable[None] | None]
ExtraNeeds = Callable[[str], Sequence[TopicNeed]]

log = get_logger(__name__)

_DONE: Final = {Action.UPDATE: "updated", Action.DELETE: "removed"}


class SubscriptionKeeper:
    """Checks the shops of ``clients`` (shop id → that shop's Admin client) on a schedule.

    ``extra_needs(shop_id)`` gives the needs beyond the registered topic providers'.
    """

    def __init__(
        self,
        settings: Settings,
        clients: Mapping[str, AdminClient],
        *,
        metrics: Metrics | None = None,
        on_dropped: DroppedHook | None = None,
        extra_needs: ExtraNeeds | None = None,
        retry_secs: float = DEFAULT_RETRY_SECS,
    ) -> None:
        self.settings = settings
        self.clients = dict(clients)
        self.on_dropped = on_dropped
        self.extra_needs = extra_needs
        self.interval_secs = settings.webhook_subscriptions.check_interval_secs
        self.retry_secs = retry_secs
        self.reports: dict[str, Report] = {}
        self._metrics = metrics
        self._in_place: dict[str, set[str]] = {}

    @property
    def shops(self) -> list[str]:
        return list(self.clients)

    async def check(self, shop_id: str) -> Report:
        """Reconcile ``shop_id`` once; raises ``ShopifyError`` when Shopify cannot be asked."""
        try:
            extra = self.extra_needs(shop_id) if self.extra_needs is not None else ()
            report = await reconcile(
                self.clients[shop_id], self.settings, shop_id, extra_needs=extra
            )
        except Exception:
            if self._metrics is not None:
                self._metrics.webhook_subscriptions_checked(shop_id, "failed", None)
            raise
        first = shop_id not in self._in_place
        before = self._in_place.get(shop_id, set())
        dropped = [
            step.topic
            for step in report.plan.changes
            if step.action is Action.CREATE and step.topic in before
        ]
        for topic in dropped:
            log.warning("webhook_subscription_dropped", shop=shop_id, topic=topic)
        for applied in report.applied:
            self._record(shop_id, applied, first, before)
        self._in_place[shop_id] = self._now_in_place(report)
        self.reports[shop_id] = report
        self._summarise(report, first)
        for topic in dropped:
            await self._tell_dropped(shop_id, topic)
        return report

    async def run(self, stop: asyncio.Event) -> None:
        """Check every shop now and then on schedule, until ``stop`` is set."""
        failures = 0
        while not stop.is_set():
            answered = True
            for shop_id in self.shops:
                if stop.is_set():
                    return
                answered = await self._check_until(stop, shop_id) and answered
            failures = 0 if answered else failures + 1
            wait = self.interval_secs
            if failures:
                wait = min(wait, self.retry_secs * 2 ** (failures - 1))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(stop.wait(), wait)

    async def _check_until(self, stop: asyncio.Event, shop_id: str) -> bool:
        """One check, abandoned if ``stop`` comes first; False when it failed."""
        checking = asyncio.create_task(self.check(shop_id))
        stopping = asyncio.create_task(stop.wait())
        await asyncio.wait({checking, stopping}, return_when=asyncio.FIRST_COMPLETED)
        stopping.cancel()
        if not checking.done():
            checking.cancel()
            with contextlib.suppress(asyncio.CancelledError, Exception):
                await checking
            return True
        try:
            checking.result()
        except Exception as exc:  # a background loop: log, keep serving, try again later
            log.warning(
                "webhook_subscriptions_check_failed",
                shop=shop_id,
                error=str(exc) or type(exc).__name__,
                error_type=type(exc).__name__,
                exc_info=not isinstance(exc, errors.ShopifyError),
            )
            return False
        return True

    def _record(self, shop_id: str, applied: Applied, first: bool, before: set[str]) -> None:
        step = applied.step
        topic = step.topic
        if not applied.ok:
            log.warning(
                "webhook_subscription_change_failed",
                shop=shop_id,
                topic=topic,
                change=step.action.value,
                errors=list(applied.errors),
            )
            self._count(shop_id, "failed")
            return
        if step.action is Action.CREATE:
            action = "recreated" if topic in before else "created"
        else:
            action = _DONE[step.action]
        log_at = log.info if first else log.warning
        log_at(
            f"webhook_subscription_{action}",
            shop=shop_id,
            topic=topic,
            subscription_id=applied.subscription_id or (step.actual.id if step.actual else None),
            differences=list(step.differences) or None,
        )
        self._count(shop_id, action)

    def _now_in_place(self, report: Report) -> set[str]:
        created = {
            applied.step.topic
            for applied in report.applied
            if applied.ok and applied.step.action is Action.CREATE
        }
        kept = {
            step.topic
            for step in report.plan.steps
            if step.action in (Action.UNCHANGED, Action.UPDATE)
        }
        return created | kept

    def _summarise(self, report: Report, first: bool) -> None:
        plan = report.plan
        drift = plan.drift
        outcome = "ok" if report.ok else "partial"
        if self._metrics is not None:
            self._metrics.webhook_subscriptions_checked(report.shop_id, outcome, drift.total)
        if first:
            for skipped in plan.skipped:
                log.warning(
                    "webhook_topic_not_subscribable",
                    shop=report.shop_id,
                    topic=skipped.topic,
                    reason=skipped.reason,
                    needed_by=list(skipped.origins),
                )
        if drift.total and not first:
            log.warning(
                "webhook_subscription_drift_found",
                shop=report.shop_id,
                missing=drift.missing,
                different=drift.different,
                unwanted=drift.unwanted,
            )
        done = Counter(applied.step.action for applied in report.applied if applied.ok)
        log_at = log.info if first or drift.total else log.debug
        log_at(
            "webhook_subscriptions_checked",
            shop=report.shop_id,
            outcome=outcome,
            drift=drift.total,
            created=done[Action.CREATE],
            updated=done[Action.UPDATE],
            removed=done[Action.DELETE],
            unchanged=plan.count(Action.UNCHANGED),
            failed=len(report.failed),
            foreign=len(plan.foreign),
        )

    async def _tell_dropped(self, shop_id: str, topic: str) -> None:
        if self.on_dropped is None:
            return
        try:
            outcome = self.on_dropped(shop_id, topic)
            if outcome is not None:
                await outcome
        except Exception as exc:  # the hook is someone else's code; the keeper goes on
            log.warning("webhook_dropped_hook_failed", shop=shop_id, topic=topic, error=str(exc))

    def _count(self, shop_id: str, action: str) -> None:
        if self._metrics is not None:
            self._metrics.webhook_subscription_changed(shop_id, action)
