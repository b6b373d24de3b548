"""The operator API: look at events, jobs and dead letters; replay them. Scope 'admin'."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Depends, Query, Request

from shopbridge import operations
from shopbridge.api.auth import require
from shopbridge.api.models import (
    AttemptOut,
    EventDetail,
    EventOut,
    JobDetail,
    JobOut,
    Page,
    ReplayFilter,
    ReplayResult,
)
from shopbridge.api.problems import PROBLEM_RESPONSES
from shopbridge.app import App
from shopbridge.engine.retry import RetryPolicy
from shopbridge.security.api_keys import Scope
from shopbridge.store.base import EventFilter, JobFilter, JobStatus

router = APIRouter(
    prefix="/v1",
    tags=["operate"],
    responses=PROBLEM_RESPONSES,
    dependencies=[Depends(require(Scope.ADMIN))],
)

Limit = Annotated[int, Query(ge=1, le=500, description="Page size.")]
BeforeId = Annotated[int | None, Query(description="Only items older than this id.")]


def _app(request: Request) -> App:
    app: App = request.app.state.shopbridge
    return app


@router.get("/events", response_model=Page[EventOut], summary="List events, newest first")
async def list_events(
    request: Request,
    source_kind: str | None = None,
    source: str | None = None,
    topic: str | None = None,
    before_id: BeforeId = None,
    limit: Limit = 50,
) -> Page[EventOut]:
    events = await _app(request).store.list_events(
        EventFilter(source_kind, source, topic, before_id, limit)
    )
    return Page[EventOut](
        items=[EventOut.of(e) for e in events],
        next_before_id=events[-1].id if len(events) == limit else None,
    )


@router.get("/events/{event_id}", response_model=EventDetail, summary="One event and its jobs")
async def get_event(request: Request, event_id: int) -> EventDetail:
    app = _app(request)
    event = await app.store.get_event(event_id)
    jobs = await app.store.list_jobs(JobFilter(event_id=event_id, limit=500))
    return EventDetail.with_jobs(event, jobs)


@router.get("/jobs", response_model=Page[JobOut], summary="List jobs, newest first")
async def list_jobs(
    request: Request,
    status: JobStatus | None = None,
    flow: str | None = None,
    destination: str | None = None,
    event_id: int | None = None,
    before_id: BeforeId = None,
    limit: Limit = 50,
) -> Page[JobOut]:
    jobs = await _app(request).store.list_jobs(
        JobFilter(
            status=status,
            flow=flow,
            destination=destination,
            event_id=event_id,
            before_id=before_id,
            limit=limit,
        )
    )
    return Page[JobOut](
        items=[JobOut.of(j) for j in jobs],
        next_before_id=jobs[-1].id if len(jobs) == limit else None,
    )


@router.get("/jobs/{job_id}", response_model=JobDetail, summary="One job with every attempt made")
async def get_job(request: Request, job_id: int) -> JobDetail:
    app = _app(request)
    job = await app.store.get_job(job_id)
    attempts = await app.store.list_attempts(job_id)
    route = app.routes.get(job.destination)
    policy = route.policy if route is not None else RetryPolicy()
    return JobDetail(
        **JobOut.of(job).model_dump(),
        attempts=[AttemptOut.of(a) for a in attempts],
        retry_schedule_secs=policy.schedule(),
    )


@router.post(
    "/jobs/{job_id}/replay",
    response_model=JobOut,
    status_code=201,
    summary="Deliver a finished job again",
    description="Queues a new job for the same event, flow and destination, with the same "
    "idempotency key. A dead job leaves the dead-letter list (status 'replayed').",
)
async def replay_job(request: Request, job_id: int) -> JobOut:
    app = _app(request)
    return JobOut.of(await app.store.replay_job(job_id, app.clock()))


@router.get(
    "/dead-letters", response_model=Page[JobOut], summary="Jobs that will not be retried again"
)
async def list_dead_letters(
    request: Request,
    flow: str | None = None,
    destination: str | None = None,
    before_id: BeforeId = None,
    limit: Limit = 50,
) -> Page[JobOut]:
    jobs = await _app(request).store.list_jobs(
        JobFilter(
            status=JobStatus.DEAD,
            flow=flow,
            destination=destination,
            before_id=before_id,
            limit=limit,
        )
    )
    return Page[JobOut](
        items=[JobOut.of(j) for j in jobs],
        next_before_id=jobs[-1].id if len(jobs) == limit else None,
    )


@router.post(
    "/dead-letters/replay",
    response_model=ReplayResult,
    summary="Replay every dead letter matching a filter",
)
async def replay_dead_letters(
    request: Request,
    selection: ReplayFilter,
) -> ReplayResult:
    app = _app(request)
    job_filter = JobFilter(
        status=JobStatus.DEAD,
        flow=selection.flow,
        destination=selection.destination,
        since=selection.since.timestamp() if selection.since else None,
        until=selection.until.timestamp() if selection.until else None,
        limit=selection.limit,
    )
    jobs = await operations.replay_dead_letters(
        app.store, job_filter, app.clock(), dry_run=selection.dry_run
    )
    return ReplayResult(
        replayed=0 if selection.dry_run else len(jobs),
        jobs=[JobOut.of(j) for j in jobs],
        dry_run=selection.dry_run,
    )
