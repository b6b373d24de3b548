"""``WebhookEmitter``: committed changes in, signed HTTP deliveries out, in the background.

    emitter = WebhookEmitter(state, config)   # listens to state.on_commit from now on
    await emitter.start()                     # the delivery task and its HTTP session
    ...
    await emitter.stop()

After each commit the emitter renders the transaction's events (``events``), and for
each subscription to a topic (``WebhookSubscription`` documents, see
``domains.webhook_subscriptions``) applies its ``filter`` and ``includeFields``
(``filters``) and queues a ``Delivery``. The commit only renders and queues: sending
happens on the event loop, never on the GraphQL request path. Commits may come from
other threads (the control API's sync routes), so the queue is handed over
thread-safely. Deliveries queued before ``start`` wait for it; they live in memory
only (lost when the process ends).

A failed attempt is retried on ``schedule``; a delivery that fails its whole
schedule is ``failed``, and its subscription is deleted, as Shopify deletes an
API-created subscription whose deliveries keep failing (shopify-api.md §3.3), unless
a delivery to it succeeded since that delivery first failed (the failures did not
persist). Pending deliveries of a subscription deleted meanwhile are ``cancelled``.
Several deliveries are in flight at once, so arrival order is not guaranteed, as with
Shopify; ``faults`` adds duplicates, shuffling, delays, bursts and drops on demand.
"""

from __future__ import annotations

import asyncio
import contextlib
import heapq
import itertools
import threading
import uuid
from collections import deque
from collections.abc import Callable
from datetime import UTC, datetime
from typing import Any, Final

import aiohttp

from shopbridge.observability.logging import get_logger
from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.gid import parse_gid
from shopbridge.sandbox.state import Doc, State
from shopbridge.sandbox.webhook_topics import registered_topics
from shopbridge.sandbox.webhooks.delivery import Delivery, post
from shopbridge.sandbox.webhooks.events import Event, events_for, topic_enum
from shopbridge.sandbox.webhooks.faults import WebhookFaults
from shopbridge.sandbox.webhooks.filters import include_fields, matches_filter
from shopbridge.sandbox.webhooks.schedule import retry_delay
from shopbridge.sandbox.webhooks.serialize import encode

__all__ = ["LOG_SIZE", "MAX_IN_FLIGHT", "SUBSCRIPTION", "WebhookEmitter"]

log = get_logger(__name__)

SUBSCRIPTION: Final = "WebhookSubscription"
LOG_SIZE: Final = 1_000
MAX_IN_FLIGHT: Final = 16
STATE_DELIVERIES: Final = 50


def _now_iso() -> str:
    return datetime.now(UTC).isoformat(timespec="microseconds").replace("+00:00", "Z")


class WebhookEmitter:
    """Sends the store's webhooks to its subscriptions, with Shopify's retries."""

    def __init__(self, state: State, config: SandboxConfig) -> None:
        self.state = state
        self.config = config
        self.faults = WebhookFaults(seed=config.seed)
        self.log: deque[Delivery] = deque(maxlen=LOG_SIZE)
        self.removed: list[dict[str, Any]] = []
        self._incoming: deque[Delivery] = deque()
        self._due: list[tuple[float, int, Delivery]] = []
        self._held: list[Delivery] = []
        self._held_since: float | None = None
        self._active: set[int] = set()
        self._last_success: dict[str, float] = {}
        self._order = itertools.count()
        self._dispatched = itertools.count(1)
        self._loop: asyncio.AbstractEventLoop | None = None
        self._wake: asyncio.Event | None = None
        self._idle: asyncio.Event | None = None
        self._session: aiohttp.ClientSession | None = None
        self._task: asyncio.Task[None] | None = None
        self._sends: set[asyncio.Task[None]] = set()
        self._lock = threading.Lock()
        self._unsubscribe: Callable[[], None] | None = state.on_commit(self._on_commit)

    # --- the commit side (any thread) ---------------------------------------------

    def _subscriptions(self, topic: str) -> list[Doc]:
        return self.state.find(SUBSCRIPTION, "topic", topic_enum(topic))

    def _on_commit(self, changes: list[Change]) -> None:
        if not self.state.count(SUBSCRIPTION):
            return
        queued: list[Delivery] = []
        subscribed: dict[str, bool] = {}

        def wanted(topic: str) -> bool:
            if topic not in subscribed:
                subscribed[topic] = bool(self._subscriptions(topic))
            return subscribed[topic]

        for event in events_for(self.state, changes, _now_iso(), wanted):
            for subscription in self._subscriptions(event.topic):
                delivery = self._delivery(event, subscription)
                if delivery is not None:
                    queued.append(delivery)
        if queued:
            with self._lock:
                self._incoming.extend(queued)
            self._nudge()

    def _delivery(self, event: Event, subscription: Doc) -> Delivery | None:
        if not matches_filter(event.payload, subscription.get("filter")):
            return None
        body = include_fields(event.payload, subscription.get("includeFields"))
        return Delivery(
            webhook_id=str(uuid.uuid4()),
            event_id=event.event_id,
            topic=event.topic,
            subscription_id=subscription["id"],
            uri=subscription["uri"],
            api_version=subscription["apiVersion"]["handle"],
            body=encode(body),
            triggered_at=event.triggered_at,
            name=subscription.get("name"),
        )

    def _nudge(self) -> None:
        loop, wake = self._loop, self._wake
        if loop is not None and wake is not None and not loop.is_closed():
            loop.call_soon_threadsafe(wake.set)

    # --- lifecycle ----------------------------------------------------------------

    async def start(self) -> None:
        """Start delivering (queued deliveries included) on the running loop."""
        if self._task is not None:
            return
        self._loop = asyncio.get_running_loop()
        self._wake, self._idle = asyncio.Event(), asyncio.Event()
        self._session = aiohttp.ClientSession()
        self._task = asyncio.create_task(self._run(), name="sandbox-webhooks")
        self._wake.set()

    async def stop(self) -> None:
        """Stop delivering; deliveries not yet sent stay queued for the next ``start``."""
        task, self._task = self._task, None
        if task is not None:
            task.cancel()
            await asyncio.gather(task, return_exceptions=True)
        for send in list(self._sends):
            send.cancel()
        await asyncio.gather(*self._sends, return_exceptions=True)
        if self._session is not None:
            await self._session.close()
        self._session, self._loop, self._wake = None, None, None

    def close(self) -> None:
        """Stop listening to the store's commits."""
        if self._unsubscribe is not None:
            self._unsubscribe()
            self._unsubscribe = None

    async def wait_idle(self) -> None:
        """Wait until nothing is queued, held, scheduled or in flight (tests, demos)."""
        if self._idle is None or self._wake is None:
            raise RuntimeError("the emitter is not started")
        while self._incoming or self._active:
            self._idle.clear()
            self._wake.set()
            await self._idle.wait()

    # --- the loop side ------------------------------------------------------------

    def _schedule(self, delivery: Delivery, delay: float) -> None:
        assert self._loop is not None
        due = self._loop.time() + delay
        heapq.heappush(self._due, (due, next(self._order), delivery))

    def _admit(self, delivery: Delivery) -> None:
        """A new delivery: log it, apply the faults, hold or schedule it."""
        assert self._loop is not None
        if self.faults.drop():  # never sent: only reconciliation can find the change
            delivery.status = "dropped"
            self.log.append(delivery)
            return
        batch = [delivery]
        if self.faults.duplicate():
            twin = Delivery(**{**_fields(delivery), "copy": True})
            batch.append(twin)
        for _ in range(self.faults.burst()):
            extra = {**_fields(delivery), "webhook_id": str(uuid.uuid4())}
            batch.append(Delivery(**extra))
        for item in batch:
            self.log.append(item)
            self._active.add(_key(item))
        if self.faults.reorder_window > 1:
            self._held += batch
            self._held_since = self._held_since or self._loop.time()
            return
        for item in batch:
            self._schedule(item, self.faults.delay_secs)

    def _release_held(self, force: bool = False) -> float | None:
        """Shuffle and schedule the held deliveries when the window is full or old."""
        assert self._loop is not None
        if not self._held or self._held_since is None:
            return None
        waited = self._loop.time() - self._held_since
        window_open = len(self._held) < self.faults.reorder_window
        if not force and window_open and waited < self.faults.reorder_hold_secs:
            return self.faults.reorder_hold_secs - waited
        held, self._held, self._held_since = self._held, [], None
        self.faults.rng.shuffle(held)
        for item in held:
            self._schedule(item, self.faults.delay_secs)
        return None

    async def _run(self) -> None:
        assert self._wake is not None
        assert self._idle is not None
        assert self._loop is not None
        while True:
            self._wake.clear()
            with self._lock:
                fresh = list(self._incoming)
                self._incoming.clear()
            for delivery in fresh:
                self._admit(delivery)
            hold_wait = self._release_held(force=self.faults.reorder_window <= 1)
            now = self._loop.time()
            while self._due and self._due[0][0] <= now and len(self._sends) < MAX_IN_FLIGHT:
                _, _, delivery = heapq.heappop(self._due)
                send = asyncio.create_task(self._attempt(delivery))
                self._sends.add(send)
                send.add_done_callback(self._sent)
            if self._active:
                self._idle.clear()
            else:
                self._idle.set()
            waits = [w for w in (hold_wait,) if w is not None]
            if self._due and len(self._sends) < MAX_IN_FLIGHT:
                waits.append(max(self._due[0][0] - now, 0.0))
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(self._wake.wait(), min(waits) if waits else None)

    def _sent(self, send: asyncio.Task[None]) -> None:
        self._sends.discard(send)
        if not send.cancelled() and send.exception() is not None:
            log.error("sandbox_webhook_send_crashed", error=repr(send.exception()))
        if self._wake is not None:
            self._wake.set()

    async def _attempt(self, delivery: Delivery) -> None:
        assert self._loop is not None
        assert self._session is not None
        if self.state.get_gid(delivery.subscription_id) is None and not delivery.copy:
            delivery.status = "cancelled"
            self._finish(delivery)
            return
        delivery.dispatched = next(self._dispatched)
        delivery.attempts += 1
        now = self._loop.time()
        delivery.first_attempt_at = delivery.first_attempt_at or now
        headers = delivery.headers(self.config.shop_domain, self.config.app_secret)
        outcome = await post(self._session, delivery, headers, self.config.webhook_timeout_secs)
        delivery.history.append(outcome)
        if outcome.ok:
            delivery.status = "delivered"
            self._last_success[delivery.subscription_id] = self._loop.time()
            self._finish(delivery)
            return
        scale = self.config.webhook_time_scale
        delay = None if delivery.copy else retry_delay(delivery.attempts, scale)
        if delay is None:
            delivery.status = "failed"
            if not delivery.copy:
                self._give_up(delivery)
            self._finish(delivery)
            return
        delivery.status = "retrying"
        log.info(
            "sandbox_webhook_retry_scheduled",
            topic=delivery.topic,
            webhook_id=delivery.webhook_id,
            attempt=delivery.attempts,
            wait_secs=delay,
        )
        self._schedule(delivery, delay)

    def _finish(self, delivery: Delivery) -> None:
        self._active.discard(_key(delivery))

    def _give_up(self, delivery: Delivery) -> None:
        """The schedule is spent: delete the subscription unless it recovered meanwhile."""
        recovered = self._last_success.get(delivery.subscription_id, float("-inf"))
        if delivery.first_attempt_at is not None and recovered > delivery.first_attempt_at:
            return
        subscription = self.state.get_gid(delivery.subscription_id)
        if subscription is None:
            return
        with self.state.transaction(source="webhooks"):
            self.state.delete(SUBSCRIPTION, parse_gid(subscription["id"]).id)
        self.removed.append(
            {
                "id": subscription["id"],
                "topic": subscription["topic"],
                "uri": subscription["uri"],
                "reason": f"{delivery.attempts} attempts failed for webhook {delivery.webhook_id}",
            }
        )
        log.warning(
            "sandbox_webhook_subscription_removed",
            subscription=subscription["id"],
            webhook_id=delivery.webhook_id,
        )

    # --- control and state --------------------------------------------------------

    def set_faults(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Change fault switches (``ValueError`` names a bad one); returns them all."""
        settings = self.faults.update(changes)
        self._nudge()
        return settings

    def snapshot(self) -> dict[str, Any]:
        """The ``webhooks`` section of ``GET /sandbox/state``."""
        emitted = {topic_enum(topic): topic for topic in registered_topics()}
        subscriptions = [
            {
                "id": sub["id"],
                "topic": sub["topic"],
                "uri": sub["uri"],
                "name": sub.get("name"),
                "emitted_by_sandbox": sub["topic"] in emitted,
            }
            for sub in self.state.all(SUBSCRIPTION)
        ]
        recent = list(self.log)
        counts: dict[str, int] = {}
        for delivery in recent:
            counts[delivery.status] = counts.get(delivery.status, 0) + 1
        return {
            "subscriptions": subscriptions,
            "never_emitted_topics": sorted(
                {s["topic"] for s in subscriptions if not s["emitted_by_sandbox"]}
            ),
            "emitted_topics": sorted(emitted.values()),
            "pending": len(self._incoming) + len(self._active),
            "delivery_counts": counts,
            "failed": [d.summary() for d in recent if d.status == "failed"][-STATE_DELIVERIES:],
            "removed_subscriptions": list(self.removed),
            "recent_deliveries": [d.summary() for d in recent[-STATE_DELIVERIES:]],
            "faults": self.faults.settings(),
        }


def _key(delivery: Delivery) -> int:
    """Deliveries are told apart by identity: a duplicate shares its webhook id."""
    return id(delivery)


def _fields(delivery: Delivery) -> dict[str, Any]:
    return {
        "webhook_id": delivery.webhook_id,
        "event_id": delivery.event_id,
        "topic": delivery.topic,
        "subscription_id": delivery.subscription_id,
        "uri": delivery.uri,
        "api_version": delivery.api_version,
        "body": delivery.body,
        "triggered_at": delivery.triggered_at,
        "name": delivery.name,
    }
