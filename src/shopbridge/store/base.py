"""What the engine asks of a store, and the records that cross that line.

The engine depends on :class:`Store` only; :mod:`shopbridge.store.sql` is the
one implementation, running the same statements on SQLite and PostgreSQL.
"""

from __future__ import annotations

import enum
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Protocol

from shopbridge.types import JSONObject


class JobStatus(enum.StrEnum):
    QUEUED = "queued"
    RUNNING = "running"
    DELIVERED = "delivered"
    FILTERED = "filtered"
    DEAD = "dead"
    REPLAYED = "replayed"


@dataclass(frozen=True, slots=True)
class NewEvent:
    source_kind: str  # "shopify" | "inbound"
    source: str  # shop id or inbound source id
    topic: str
    body: bytes
    received_at: float
    dedupe_key: str | None = None
    shop_domain: str | None = None
    occurred_at: float | None = None
    headers: dict[str, str] = field(default_factory=dict)
    content_type: str = "application/json"


@dataclass(frozen=True, slots=True)
class NewJob:
    flow: str
    destination: str
    idempotency_key: str
    lane: str | None = None
    payload: bytes | None = None  # what this job carries, if not the whole event body


@dataclass(frozen=True, slots=True)
class AppendResult:
    event_id: int
    job_ids: tuple[int, ...]
    duplicate: bool


@dataclass(frozen=True, slots=True)
class EventRecord:
    id: int
    source_kind: str
    source: str
    topic: str
    dedupe_key: str | None
    shop_domain: str | None
    received_at: float
    occurred_at: float | None
    headers: dict[str, str]
    content_type: str
    body: bytes


@dataclass(frozen=True, slots=True)
class JobRecord:
    id: int
    event_id: int
    flow: str
    destination: str
    lane: str | None
    status: JobStatus
    attempt: int
    run_at: float
    lease_owner: str | None
    lease_until: float | None
    idempotency_key: str
    created_at: float
    updated_at: float
    last_reason: str | None
    last_status_code: int | None
    replay_of: int | None
    replayed_by: int | None
    payload: bytes | None = None


@dataclass(frozen=True, slots=True)
class ClaimedJob:
    """A job under this worker's lease, with the event it carries."""

    job: JobRecord
    event: EventRecord


@dataclass(frozen=True, slots=True)
class AttemptRecord:
    job_id: int
    attempt: int
    worker: str
    started_at: float
    finished_at: float
    outcome: str
    status_code: int | None = None
    reason: str | None = None
    request: JSONObject | None = None
    response: JSONObject | None = None


@dataclass(frozen=True, slots=True)
class JobFilter:
    status: JobStatus | None = None
    flow: str | None = None
    destination: str | None = None
    event_id: int | None = None
    since: float | None = None  # updated_at >= since
    until: float | None = None  # updated_at < until
    before_id: int | None = None  # pagination: ids below this
    created_before: float | None = None  # created_at < created_before (jobs waiting long)
    limit: int = 100


@dataclass(frozen=True, slots=True)
class EventFilter:
    source_kind: str | None = None
    source: str | None = None
    topic: str | None = None
    before_id: int | None = None
    limit: int = 100


@dataclass(frozen=True, slots=True)
class DestinationStats:
    destination: str
    queued: int
    running: int
    dead: int
    oldest_pending_age_secs: float


@dataclass(frozen=True, slots=True)
class NewTimer:
    """A timer to set (or move): at ``fire_at`` it emits engine event ``topic``."""

    name: str
    topic: str
    fire_at: float
    payload: bytes
    shop: str | None = None


@dataclass(frozen=True, slots=True)
class TimerRecord:
    name: str
    shop: str | None
    topic: str
    fire_at: float
    payload: bytes
    revision: int
    created_at: float
    updated_at: float


@dataclass(frozen=True, slots=True)
class AlertRecord:
    """One alert's durable state (see :mod:`shopbridge.alerts.grouping`)."""

    key: str
    kind: str
    rule: str
    shop: str
    status: str  # pending | firing | resolved
    severity: str
    episode: int
    first_seen: float
    last_seen: float
    count: int
    notified_count: int
    notified_at: float | None
    resolved_at: float | None
    state: bytes  # JSON
    revision: int
    updated_at: float


@dataclass(frozen=True, slots=True)
class SentLevel:
    """The last quantity an upstream system sent for one item at one location."""

    shop: str
    key: str
    sku: str | None
    inventory_item_id: str | None
    location: str | None
    location_id: str | None
    name: str
    quantity: int
    version: float
    source: str
    event_id: int
    sent_at: float


@dataclass(frozen=True, slots=True)
class AttemptOutcomes:
    """Attempts finished after an attempt id, counted per destination and outcome."""

    upto_id: int  # the newest attempt counted (pass it as ``after_id`` next time)
    counts: dict[str, dict[str, int]]  # destination -> outcome -> attempts


@dataclass(frozen=True, slots=True)
class ApiKeyRecord:
    id: int
    name: str
    prefix: str
    key_hash: str
    scopes: tuple[str, ...]
    created_at: float
    revoked_at: float | None
    last_used_at: float | None


class Store(Protocol):
    """Durable events and jobs. Every method is one transaction."""

    async def append_event(self, event: NewEvent, jobs: Sequence[NewJob]) -> AppendResult:
        """Store the event and its jobs together, or report the stored duplicate."""

    async def claim_jobs(
        self,
        worker: str,
        limit: int,
        now: float,
        lease_secs: float,
        destinations: Sequence[str] | None = None,
        excluding: Sequence[str] = (),
    ) -> list[ClaimedJob]:
        """Lease up to ``limit`` due jobs, oldest first, one per ordering lane.

        ``destinations`` limits the claim to those; otherwise every destination but
        those in ``excluding`` (the ones another kind of claimer owns) is eligible.
        """

    async def extend_leases(self, worker: str, job_ids: Sequence[int], until: float) -> int: ...

    async def reap_expired(self, now: float) -> int:
        """Return jobs whose lease ran out (their worker died) to the queue."""

    async def complete_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool: ...

    async def filter_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool: ...

    async def retry_job(
        self, job: JobRecord, worker: str, run_at: float, record: AttemptRecord
    ) -> bool: ...

    async def dead_letter_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool: ...

    async def release_jobs(self, worker: str, job_ids: Sequence[int], now: float) -> int:
        """Give back leased jobs that never ran (graceful shutdown)."""

    async def replay_job(self, job_id: int, now: float) -> JobRecord: ...

    async def add_dead_job(
        self, event_id: int, job: NewJob, reason: str, status_code: int | None, now: float
    ) -> JobRecord:
        """A job that is dead from the start (one bad item of a batch), so it can be replayed."""
        ...

    async def applied_versions(self, scope: str, keys: Sequence[str]) -> dict[str, float]:
        """The newest version applied for each of ``keys`` that has one."""
        ...

    async def record_applied(self, scope: str, versions: Mapping[str, float], now: float) -> None:
        """Remember ``versions`` as applied; a key keeps the greater of old and new."""
        ...

    async def set_timer(self, timer: NewTimer, now: float) -> TimerRecord:
        """Create the timer, or move it (a new revision) if one has that name."""
        ...

    async def cancel_timer(self, name: str) -> bool:
        """Remove the timer; False if there was none."""
        ...

    async def get_timer(self, name: str) -> TimerRecord | None: ...

    async def due_timers(self, now: float, limit: int) -> list[TimerRecord]:
        """Timers whose ``fire_at`` has come, earliest first."""
        ...

    async def fire_timer(
        self, timer: TimerRecord, event: NewEvent, jobs: Sequence[NewJob]
    ) -> AppendResult | None:
        """Remove the timer and append its event, in one transaction.

        None (and nothing appended) if the timer was moved or cancelled since read.
        """
        ...

    async def next_timer_at(self) -> float | None:
        """When the earliest timer is due, if any."""
        ...

    async def get_alert(self, key: str) -> AlertRecord | None: ...

    async def save_alert(
        self,
        alert: AlertRecord,
        expected_revision: int | None,
        event: NewEvent | None = None,
        jobs: Sequence[NewJob] = (),
        timer: NewTimer | None = None,
        cancel_timer: str | None = None,
    ) -> bool:
        """Write ``alert`` if its stored revision is still ``expected_revision`` (None: new).

        In the same transaction: append ``event`` with ``jobs``, set ``timer`` or cancel
        the timer named ``cancel_timer``. False (nothing written) if someone else won.
        """
        ...

    async def list_alerts(
        self, statuses: Sequence[str] = (), rule: str | None = None, limit: int = 500
    ) -> list[AlertRecord]: ...

    async def record_sent_levels(self, levels: Sequence[SentLevel]) -> None:
        """Keep each level unless one with a newer version is stored."""
        ...

    async def sent_levels(self, shop: str, limit: int) -> list[SentLevel]:
        """The shop's levels, most recently sent first."""
        ...

    async def events_after(
        self, after_id: int, *, source_kind: str, source: str, topic: str, limit: int
    ) -> list[EventRecord]:
        """Events with an id above ``after_id``, oldest first."""
        ...

    async def attempt_outcomes(self, after_id: int | None) -> AttemptOutcomes:
        """Attempts after ``after_id`` per destination; None counts none (a starting point)."""
        ...

    async def replay_dead(self, selection: JobFilter, now: float) -> list[JobRecord]: ...

    async def get_event(self, event_id: int) -> EventRecord: ...

    async def list_events(self, selection: EventFilter) -> list[EventRecord]: ...

    async def get_job(self, job_id: int) -> JobRecord: ...

    async def list_jobs(self, selection: JobFilter) -> list[JobRecord]: ...

    async def list_attempts(self, job_id: int) -> list[AttemptRecord]: ...

    async def next_run_at(self) -> float | None:
        """When the earliest queued job becomes due, if any."""

    async def destination_stats(self, now: float) -> list[DestinationStats]: ...

    async def create_api_key(
        self, name: str, prefix: str, key_hash: str, scopes: Sequence[str], now: float
    ) -> ApiKeyRecord: ...

    async def find_api_key(self, prefix: str) -> ApiKeyRecord | None: ...

    async def list_api_keys(self) -> list[ApiKeyRecord]: ...

    async def revoke_api_key(self, name_or_prefix: str, now: float) -> ApiKeyRecord: ...

    async def touch_api_key(self, key_id: int, now: float) -> None: ...

    async def wait_for_work(self, timeout: float, listener: str = "") -> bool:
        """Sleep until new work may exist (or ``timeout``); True when woken.

        Each ``listener`` (the worker, a Shopify writer) sees every wake-up once.
        """

    async def ping(self) -> None: ...

    async def close(self) -> None: ...
