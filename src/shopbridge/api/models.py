"""The API's response and request bodies (they become the OpenAPI schema)."""

from __future__ import annotations

import base64
from datetime import UTC, datetime
from typing import Any, Generic, Literal, TypeVar

from pydantic import BaseModel, Field

from shopbridge.store.base import AttemptRecord, EventRecord, JobRecord

T = TypeVar("T")


def iso(ts: float | None) -> datetime | None:
    return datetime.fromtimestamp(ts, UTC) if ts is not None else None


class IngestResult(BaseModel):
    status: str = Field(description="'accepted' or 'duplicate'.")
    event_id: int
    jobs: int = Field(description="Deliveries this event produced.")


class InventoryAccepted(BaseModel):
    """The updates are stored; the Shopify writer applies them from here."""

    model_config = {
        "json_schema_extra": {"examples": [{"status": "accepted", "event_id": 1042, "items": 2}]}
    }

    status: Literal["accepted", "duplicate"] = Field(
        description="'accepted', or 'duplicate' for a repeated Idempotency-Key (nothing new)."
    )
    event_id: int = Field(description="The stored event; see GET /v1/events/{event_id}.")
    items: int = Field(description="Updates in the stored event.")


class EventOut(BaseModel):
    id: int
    source_kind: str
    source: str
    topic: str
    dedupe_key: str | None
    shop_domain: str | None
    received_at: datetime
    occurred_at: datetime | None

    @classmethod
    def of(cls, event: EventRecord) -> EventOut:
        return cls(
            id=event.id,
            source_kind=event.source_kind,
            source=event.source,
            topic=event.topic,
            dedupe_key=event.dedupe_key,
            shop_domain=event.shop_domain,
            received_at=iso(event.received_at),
            occurred_at=iso(event.occurred_at),
        )


class JobOut(BaseModel):
    id: int
    event_id: int
    flow: str
    destination: str
    status: str
    attempt: int
    ordering_key: str | None
    next_attempt_at: datetime | None = Field(description="When a queued job will run.")
    idempotency_key: str
    created_at: datetime
    updated_at: datetime
    last_reason: str | None
    last_status_code: int | None
    replay_of: int | None
    replayed_by: int | None

    @classmethod
    def of(cls, job: JobRecord) -> JobOut:
        return cls(
            id=job.id,
            event_id=job.event_id,
            flow=job.flow,
            destination=job.destination,
            status=job.status.value,
            attempt=job.attempt,
            ordering_key=job.lane.split("|", 1)[1] if job.lane else None,
            next_attempt_at=iso(job.run_at) if job.status.value == "queued" else None,
            idempotency_key=job.idempotency_key,
            created_at=iso(job.created_at),
            updated_at=iso(job.updated_at),
            last_reason=job.last_reason,
            last_status_code=job.last_status_code,
            replay_of=job.replay_of,
            replayed_by=job.replayed_by,
        )


class AttemptOut(BaseModel):
    attempt: int
    worker: str
    started_at: datetime
    duration_ms: float
    outcome: str
    status_code: int | None
    reason: str | None
    request: dict[str, Any] | None
    response: dict[str, Any] | None

    @classmethod
    def of(cls, record: AttemptRecord) -> AttemptOut:
        return cls(
            attempt=record.attempt,
            worker=record.worker,
            started_at=iso(record.started_at),
            duration_ms=round((record.finished_at - record.started_at) * 1000, 3),
            outcome=record.outcome,
            status_code=record.status_code,
            reason=record.reason,
            request=record.request,
            response=record.response,
        )


class JobDetail(JobOut):
    attempts: list[AttemptOut]
    retry_schedule_secs: list[float] = Field(
        description="The destination's nominal waits between attempts (before jitter)."
    )


class EventDetail(EventOut):
    headers: dict[str, str]
    content_type: str
    body: str = Field(description="The body as received (UTF-8 text, or base64 when binary).")
    body_encoding: str = Field(description="'utf-8' or 'base64'.")
    jobs: list[JobOut]

    @classmethod
    def with_jobs(cls, event: EventRecord, jobs: list[JobRecord]) -> EventDetail:
        try:
            body, encoding = event.body.decode("utf-8"), "utf-8"
        except UnicodeDecodeError:
            body, encoding = base64.b64encode(event.body).decode(), "base64"
        return cls(
            **EventOut.of(event).model_dump(),
            headers=event.headers,
            content_type=event.content_type,
            body=body,
            body_encoding=encoding,
            jobs=[JobOut.of(job) for job in jobs],
        )


class Page(BaseModel, Generic[T]):
    items: list[T]
    next_before_id: int | None = Field(
        description="Pass as before_id to get the next (older) page; null at the end."
    )


class ReplayFilter(BaseModel):
    """Which dead letters to replay. Times bound when the job died."""

    model_config = {"extra": "forbid"}

    flow: str | None = None
    destination: str | None = None
    since: datetime | None = None
    until: datetime | None = None
    limit: int = Field(1000, ge=1, le=10_000)
    dry_run: bool = Field(False, description="Only count what would be replayed.")


class ReplayResult(BaseModel):
    replayed: int
    jobs: list[JobOut]
    dry_run: bool = False
