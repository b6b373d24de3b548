"""The store on SQLite or PostgreSQL: one set of SQLAlchemy Core statements.

Dialect differences (upsert syntax, row locks, wake-ups, write serialisation)
live in :mod:`shopbridge.store.backends`. Every job transition after a claim
is fenced by ``(id, attempt, lease_owner, status='running')``: a worker whose
lease expired and was taken over cannot overwrite the newer attempt.
"""

from __future__ import annotations

import contextlib
import json
from collections.abc import AsyncIterator, Callable, Mapping, Sequence
from typing import Any, TypeVar

from sqlalchemy import (
    Connection,
    Float,
    Row,
    and_,
    bindparam,
    delete,
    exists,
    func,
    insert,
    or_,
    select,
    update,
)
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.exc import DBAPIError, InterfaceError, OperationalError, SQLAlchemyError

from shopbridge import errors
from shopbridge.store import backends
from shopbridge.store.base import (
    AlertRecord,
    ApiKeyRecord,
    AppendResult,
    AttemptOutcomes,
    AttemptRecord,
    ClaimedJob,
    DestinationStats,
    EventFilter,
    EventRecord,
    JobFilter,
    JobRecord,
    JobStatus,
    NewEvent,
    NewJob,
    NewTimer,
    SentLevel,
    TimerRecord,
)
from shopbridge.store.event_cache import EventCache
from shopbridge.store.group_commit import GroupCommit
from shopbridge.store.tables import (
    alerts,
    api_keys,
    applied_versions,
    attempts,
    events,
    jobs,
    sent_levels,
    timers,
)

PENDING = (JobStatus.QUEUED.value, JobStatus.RUNNING.value)
_IN_CHUNK = 500  # keys per IN (...) list: under SQLite's and PostgreSQL's parameter limits
REPLAYABLE = (JobStatus.DEAD.value, JobStatus.DELIVERED.value, JobStatus.FILTERED.value)
MAX_REPLAY_BATCH = 10_000

T = TypeVar("T")


@contextlib.asynccontextmanager
async def _wrapped() -> AsyncIterator[None]:
    """Translate driver exceptions once, at the edge of the store."""
    try:
        yield
    except (OperationalError, InterfaceError) as exc:
        raise errors.StoreUnavailableError(f"store unavailable: {exc.orig}") from exc
    except DBAPIError as exc:
        if exc.connection_invalidated:
            raise errors.StoreUnavailableError(f"store unavailable: {exc.orig}") from exc
        raise errors.StoreError(f"store error: {exc.orig}") from exc
    except SQLAlchemyError as exc:
        raise errors.StoreError(f"store error: {exc}") from exc
    except OSError as exc:
        raise errors.StoreUnavailableError(f"store unavailable: {exc}") from exc


class SqlStore:
    """:class:`shopbridge.store.base.Store` on SQLite or PostgreSQL."""

    def __init__(self, url: str) -> None:
        self.url = url
        self._backend = backends.make_backend(url)
        self._group = GroupCommit(self._backend.write_many)
        self._events = EventCache()
        dialect = sqlite if self._backend.is_sqlite else postgresql
        self._insert_event = (
            dialect.insert(events)
            .on_conflict_do_nothing(index_elements=["source_kind", "source", "dedupe_key"])
            .returning(events.c.id)
        )
        self._insert_jobs = insert(jobs).returning(jobs.c.id, sort_by_parameter_order=True)
        # Built once: constructing these per call cost ~2 ms of CPU (alias column setup).
        self._claim_any = _claim_statement("any")
        self._claim_some = _claim_statement("only")
        self._claim_except = _claim_statement("except")
        self._finish_job = _finish_statement()
        upsert = dialect.insert(applied_versions)
        self._upsert_version = upsert.on_conflict_do_update(
            index_elements=["scope", "key"],
            set_={
                # keep the newer of the stored and the given version
                "version": func.max(applied_versions.c.version, upsert.excluded.version)
                if self._backend.is_sqlite
                else func.greatest(applied_versions.c.version, upsert.excluded.version),
                "updated_at": upsert.excluded.updated_at,
            },
        )

    @property
    def is_sqlite(self) -> bool:
        return self._backend.is_sqlite

    async def _read(self, work: Callable[[Connection], T]) -> T:
        async with _wrapped():
            return await self._backend.read(work)

    async def _write(self, work: Callable[[Connection], T]) -> T:
        async with _wrapped():
            return await self._backend.write(work)

    async def _grouped(self, work: Callable[[Connection], T]) -> T:
        async with _wrapped():
            result: T = await self._group.run(work)
            return result

    # -- ingest ------------------------------------------------------------

    async def append_event(self, event: NewEvent, new_jobs: Sequence[NewJob]) -> AppendResult:
        result = await self._grouped(lambda conn: self._append(conn, event, new_jobs))
        if result.job_ids:
            if not result.duplicate:
                self._events.put(_stored_event(result.event_id, event))
            self._backend.wake_local()
        return result

    def _append(
        self, conn: Connection, event: NewEvent, new_jobs: Sequence[NewJob]
    ) -> AppendResult:
        values = {
            "source_kind": event.source_kind,
            "source": event.source,
            "topic": event.topic,
            "dedupe_key": event.dedupe_key,
            "shop_domain": event.shop_domain,
            "received_at": event.received_at,
            "occurred_at": event.occurred_at,
            "headers": json.dumps(event.headers, separators=(",", ":")),
            "content_type": event.content_type,
            "body": event.body,
        }
        event_id = conn.execute(self._insert_event, values).scalar()
        if event_id is None:  # the dedupe key is already stored: a duplicate
            existing = conn.execute(
                select(events.c.id).where(
                    events.c.source_kind == event.source_kind,
                    events.c.source == event.source,
                    events.c.dedupe_key == event.dedupe_key,
                )
            ).scalar_one()
            job_ids = conn.execute(
                select(jobs.c.id).where(jobs.c.event_id == existing).order_by(jobs.c.id)
            ).scalars()
            return AppendResult(int(existing), tuple(int(j) for j in job_ids), duplicate=True)
        job_ids_list: list[int] = []
        if new_jobs:
            rows = [
                {
                    "event_id": event_id,
                    "flow": job.flow,
                    "destination": job.destination,
                    "lane": job.lane,
                    "status": JobStatus.QUEUED.value,
                    "attempt": 0,
                    "run_at": event.received_at,
                    "idempotency_key": job.idempotency_key,
                    "created_at": event.received_at,
                    "updated_at": event.received_at,
                    "payload": job.payload,
                }
                for job in new_jobs
            ]
            job_ids_list = [int(r) for r in conn.execute(self._insert_jobs, rows).scalars()]
            self._backend.announce_jobs(conn)
        return AppendResult(int(event_id), tuple(job_ids_list), duplicate=False)

    # -- claiming ----------------------------------------------------------

    async def claim_jobs(
        self,
        worker: str,
        limit: int,
        now: float,
        lease_secs: float,
        destinations: Sequence[str] | None = None,
        excluding: Sequence[str] = (),
    ) -> list[ClaimedJob]:
        if limit <= 0 or (destinations is not None and not destinations):
            return []
        params: dict[str, Any] = {
            "now": now,
            "claim_limit": limit,
            "worker": worker,
            "lease_until": now + lease_secs,
        }
        if destinations is not None:
            statement = self._claim_some
            params["destinations"] = list(destinations)
        elif excluding:
            statement = self._claim_except
            params["destinations"] = list(excluding)
        else:
            statement = self._claim_any

        def claim(conn: Connection) -> list[JobRecord]:
            claimed = [_job(row) for row in conn.execute(statement, params).all()]
            claimed.sort(key=lambda job: (job.run_at, job.id))
            return claimed

        claimed = await self._write(claim)
        if not claimed:
            return []
        by_id, missing = self._events.lookup({job.event_id for job in claimed})
        if missing:
            query = select(events).where(events.c.id.in_(missing))
            rows = await self._read(lambda conn: conn.execute(query).all())
            by_id.update((int(row.id), _event(row)) for row in rows)
        return [ClaimedJob(job, by_id[job.event_id]) for job in claimed]

    async def extend_leases(self, worker: str, job_ids: Sequence[int], until: float) -> int:
        if not job_ids:
            return 0
        statement = _update_leased(worker, job_ids).values(lease_until=until)
        return await self._write(lambda conn: conn.execute(statement).rowcount)

    async def reap_expired(self, now: float) -> int:
        statement = (
            update(jobs)
            .where(jobs.c.status == JobStatus.RUNNING.value, jobs.c.lease_until < now)
            .values(
                status=JobStatus.QUEUED.value,
                lease_owner=None,
                lease_until=None,
                run_at=now,
                updated_at=now,
                last_reason="lease expired: the worker stopped before finishing",
            )
        )
        count = await self._write(lambda conn: conn.execute(statement).rowcount)
        if count:
            self._backend.wake_local()
        return count

    # -- finishing (fenced) --------------------------------------------------

    async def complete_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool:
        return await self._finish(job, worker, record, status=JobStatus.DELIVERED)

    async def filter_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool:
        return await self._finish(job, worker, record, status=JobStatus.FILTERED)

    async def dead_letter_job(self, job: JobRecord, worker: str, record: AttemptRecord) -> bool:
        return await self._finish(job, worker, record, status=JobStatus.DEAD)

    async def retry_job(
        self, job: JobRecord, worker: str, run_at: float, record: AttemptRecord
    ) -> bool:
        return await self._finish(job, worker, record, status=JobStatus.QUEUED, run_at=run_at)

    async def _finish(
        self,
        job: JobRecord,
        worker: str,
        record: AttemptRecord,
        *,
        status: JobStatus,
        run_at: float | None = None,
    ) -> bool:
        params = {
            "job_id": job.id,
            "job_attempt": job.attempt,
            "worker": worker,
            "new_status": status.value,
            "finished_at": record.finished_at,
            "reason": record.reason,
            "status_code": record.status_code,
            "next_run_at": run_at,
        }
        statement = self._finish_job

        def finish(conn: Connection) -> bool:
            updated = conn.execute(statement, params).rowcount == 1
            conn.execute(insert(attempts), _attempt_row(record))
            return updated

        updated = await self._grouped(finish)
        if job.lane is not None:  # the next job in its lane may now run
            self._backend.wake_local()
        return updated

    async def release_jobs(self, worker: str, job_ids: Sequence[int], now: float) -> int:
        if not job_ids:
            return 0
        statement = _update_leased(worker, job_ids).values(
            status=JobStatus.QUEUED.value,
            attempt=jobs.c.attempt - 1,
            lease_owner=None,
            lease_until=None,
            updated_at=now,
        )
        return await self._write(lambda conn: conn.execute(statement).rowcount)

    # -- replay --------------------------------------------------------------

    async def replay_job(self, job_id: int, now: float) -> JobRecord:
        def replay(conn: Connection) -> JobRecord:
            row = conn.execute(select(jobs).where(jobs.c.id == job_id)).first()
            if row is None:
                raise errors.NotFoundError(f"job {job_id} does not exist")
            if row.status not in REPLAYABLE:
                raise errors.EngineError(
                    f"job {job_id} is {row.status}; only dead, delivered or filtered jobs "
                    "can be replayed"
                )
            return self._replay(conn, _job(row), now)

        new_job = await self._write(replay)
        self._backend.wake_local()
        return new_job

    async def replay_dead(self, selection: JobFilter, now: float) -> list[JobRecord]:
        selection = JobFilter(
            status=JobStatus.DEAD,
            flow=selection.flow,
            destination=selection.destination,
            event_id=selection.event_id,
            since=selection.since,
            until=selection.until,
            limit=min(selection.limit, MAX_REPLAY_BATCH),
        )

        def replay(conn: Connection) -> list[JobRecord]:
            query = _job_query(selection).order_by(None).order_by(jobs.c.id)
            dead = [_job(row) for row in conn.execute(query).all()]
            return [self._replay(conn, job, now) for job in dead]

        replayed = await self._write(replay)
        if replayed:
            self._backend.wake_local()
        return replayed

    def _replay(self, conn: Connection, job: JobRecord, now: float) -> JobRecord:
        row = conn.execute(
            insert(jobs)
            .values(
                event_id=job.event_id,
                flow=job.flow,
                destination=job.destination,
                lane=job.lane,
                status=JobStatus.QUEUED.value,
                attempt=0,
                run_at=now,
                idempotency_key=job.idempotency_key,
                created_at=now,
                updated_at=now,
                replay_of=job.id,
                payload=job.payload,
            )
            .returning(*jobs.c)
        ).one()
        new_job = _job(row)
        if job.status is JobStatus.DEAD:
            conn.execute(
                update(jobs)
                .where(jobs.c.id == job.id)
                .values(status=JobStatus.REPLAYED.value, replayed_by=new_job.id, updated_at=now)
            )
        else:
            conn.execute(update(jobs).where(jobs.c.id == job.id).values(replayed_by=new_job.id))
        self._backend.announce_jobs(conn)
        return new_job

    async def add_dead_job(
        self, event_id: int, job: NewJob, reason: str, status_code: int | None, now: float
    ) -> JobRecord:
        statement = (
            insert(jobs)
            .values(
                event_id=event_id,
                flow=job.flow,
                destination=job.destination,
                lane=job.lane,
                status=JobStatus.DEAD.value,
                attempt=1,
                run_at=now,
                idempotency_key=job.idempotency_key,
                created_at=now,
                updated_at=now,
                last_reason=reason,
                last_status_code=status_code,
                payload=job.payload,
            )
            .returning(*jobs.c)
        )
        return await self._write(lambda conn: _job(conn.execute(statement).one()))

    # -- versions applied per key ----------------------------------------------

    async def applied_versions(self, scope: str, keys: Sequence[str]) -> dict[str, float]:
        if not keys:
            return {}
        query = select(applied_versions.c.key, applied_versions.c.version).where(
            applied_versions.c.scope == scope,
            applied_versions.c.key.in_(bindparam("keys", expanding=True)),
        )
        chunks = [list(keys[i : i + _IN_CHUNK]) for i in range(0, len(keys), _IN_CHUNK)]

        def read(conn: Connection) -> dict[str, float]:
            found: dict[str, float] = {}
            for chunk in chunks:
                rows = conn.execute(query, {"keys": chunk}).all()
                found.update({row.key: float(row.version) for row in rows})
            return found

        return await self._read(read)

    async def record_applied(self, scope: str, versions: Mapping[str, float], now: float) -> None:
        if not versions:
            return
        rows = [
            {"scope": scope, "key": key, "version": version, "updated_at": now}
            for key, version in versions.items()
        ]
        statement = self._upsert_version

        def record(conn: Connection) -> None:
            conn.execute(statement, rows)

        await self._grouped(record)

    # -- timers ----------------------------------------------------------------

    def _timer_upsert(self, timer: NewTimer, now: float) -> Any:
        dialect = sqlite if self._backend.is_sqlite else postgresql
        upsert = dialect.insert(timers).values(
            name=timer.name,
            shop=timer.shop,
            topic=timer.topic,
            fire_at=timer.fire_at,
            payload=timer.payload,
            revision=1,
            created_at=now,
            updated_at=now,
        )
        return upsert.on_conflict_do_update(
            index_elements=["name"],
            set_={
                "shop": upsert.excluded.shop,
                "topic": upsert.excluded.topic,
                "fire_at": upsert.excluded.fire_at,
                "payload": upsert.excluded.payload,
                "revision": timers.c.revision + 1,
                "updated_at": upsert.excluded.updated_at,
            },
        )

    async def set_timer(self, timer: NewTimer, now: float) -> TimerRecord:
        statement = self._timer_upsert(timer, now).returning(*timers.c)
        record = await self._write(lambda conn: _timer(conn.execute(statement).one()))
        self._backend.wake_local()
        return record

    async def cancel_timer(self, name: str) -> bool:
        statement = delete(timers).where(timers.c.name == name)
        return await self._write(lambda conn: conn.execute(statement).rowcount > 0)

    async def get_timer(self, name: str) -> TimerRecord | None:
        query = select(timers).where(timers.c.name == name)
        row = await self._read(lambda conn: conn.execute(query).first())
        return _timer(row) if row is not None else None

    async def due_timers(self, now: float, limit: int) -> list[TimerRecord]:
        query = (
            select(timers).where(timers.c.fire_at <= now).order_by(timers.c.fire_at).limit(limit)
        )
        return await self._read(lambda conn: [_timer(row) for row in conn.execute(query)])

    async def fire_timer(
        self, timer: TimerRecord, event: NewEvent, new_jobs: Sequence[NewJob]
    ) -> AppendResult | None:
        remove = delete(timers).where(
            timers.c.name == timer.name, timers.c.revision == timer.revision
        )

        def fire(conn: Connection) -> AppendResult | None:
            if conn.execute(remove).rowcount != 1:  # moved, cancelled or fired elsewhere
                return None
            return self._append(conn, event, new_jobs)

        result = await self._write(fire)
        if result is not None and result.job_ids:
            self._backend.wake_local()
        return result

    async def next_timer_at(self) -> float | None:
        query = select(func.min(timers.c.fire_at))
        found = await self._read(lambda conn: conn.execute(query).scalar())
        return float(found) if found is not None else None

    # -- alerts ----------------------------------------------------------------

    async def get_alert(self, key: str) -> AlertRecord | None:
        query = select(alerts).where(alerts.c.key == key)
        row = await self._read(lambda conn: conn.execute(query).first())
        return _alert(row) if row is not None else None

    async def save_alert(
        self,
        alert: AlertRecord,
        expected_revision: int | None,
        event: NewEvent | None = None,
        jobs: Sequence[NewJob] = (),
        timer: NewTimer | None = None,
        cancel_timer: str | None = None,
    ) -> bool:
        values = _alert_values(alert)
        if expected_revision is None:
            dialect = sqlite if self._backend.is_sqlite else postgresql
            write: Any = dialect.insert(alerts).values(values).on_conflict_do_nothing()
        else:
            write = update(alerts).where(
                alerts.c.key == alert.key, alerts.c.revision == expected_revision
            )
            write = write.values(values)
        write = write.returning(alerts.c.key)  # rowcount is -1 for an upsert on PostgreSQL
        timer_write = self._timer_upsert(timer, alert.updated_at) if timer is not None else None

        def save(conn: Connection) -> bool:
            if conn.execute(write).first() is None:  # another process changed it first
                return False
            if timer_write is not None:
                conn.execute(timer_write)
            elif cancel_timer is not None:
                conn.execute(delete(timers).where(timers.c.name == cancel_timer))
            if event is not None:
                self._append(conn, event, jobs)
            return True

        saved = await self._write(save)
        if saved and (jobs or timer is not None):
            self._backend.wake_local()
        return saved

    async def list_alerts(
        self, statuses: Sequence[str] = (), rule: str | None = None, limit: int = 500
    ) -> list[AlertRecord]:
        query = select(alerts).order_by(alerts.c.updated_at.desc()).limit(limit)
        if statuses:
            query = query.where(alerts.c.status.in_(list(statuses)))
        if rule is not None:
            query = query.where(alerts.c.rule == rule)
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [_alert(row) for row in rows]

    async def record_sent_levels(self, levels: Sequence[SentLevel]) -> None:
        newest: dict[tuple[str, str], SentLevel] = {}
        for level in levels:  # one row per key: PostgreSQL refuses to upsert a row twice
            known = newest.get((level.shop, level.key))
            if known is None or level.version > known.version:
                newest[(level.shop, level.key)] = level
        levels = list(newest.values())
        if not levels:
            return
        dialect = sqlite if self._backend.is_sqlite else postgresql
        upsert = dialect.insert(sent_levels)
        statement = upsert.on_conflict_do_update(
            index_elements=["shop", "key"],
            set_={
                column.name: upsert.excluded[column.name]
                for column in sent_levels.columns
                if column.name not in ("shop", "key")
            },
            where=upsert.excluded.version > sent_levels.c.version,
        )
        rows = [
            {
                "shop": level.shop,
                "key": level.key,
                "sku": level.sku,
                "inventory_item_id": level.inventory_item_id,
                "location": level.location,
                "location_id": level.location_id,
                "name": level.name,
                "quantity": level.quantity,
                "version": level.version,
                "source": level.source,
                "event_id": level.event_id,
                "sent_at": level.sent_at,
            }
            for level in levels
        ]
        await self._write(lambda conn: conn.execute(statement, rows))

    async def sent_levels(self, shop: str, limit: int) -> list[SentLevel]:
        query = (
            select(sent_levels)
            .where(sent_levels.c.shop == shop)
            .order_by(sent_levels.c.sent_at.desc())
            .limit(limit)
        )
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [
            SentLevel(
                shop=row.shop,
                key=row.key,
                sku=row.sku,
                inventory_item_id=row.inventory_item_id,
                location=row.location,
                location_id=row.location_id,
                name=row.name,
                quantity=int(row.quantity),
                version=float(row.version),
                source=row.source,
                event_id=int(row.event_id),
                sent_at=float(row.sent_at),
            )
            for row in rows
        ]

    async def events_after(
        self, after_id: int, *, source_kind: str, source: str, topic: str, limit: int
    ) -> list[EventRecord]:
        query = (
            select(events)
            .where(
                events.c.id > after_id,
                events.c.source_kind == source_kind,
                events.c.source == source,
                events.c.topic == topic,
            )
            .order_by(events.c.id)
            .limit(limit)
        )
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [_event(row) for row in rows]

    async def attempt_outcomes(self, after_id: int | None) -> AttemptOutcomes:
        newest = select(func.max(attempts.c.id))
        counted = (
            select(jobs.c.destination, attempts.c.outcome, func.count().label("n"))
            .select_from(attempts.join(jobs, jobs.c.id == attempts.c.job_id))
            .where(attempts.c.id > bindparam("after"), attempts.c.id <= bindparam("upto"))
            .group_by(jobs.c.destination, attempts.c.outcome)
        )

        def read(conn: Connection) -> AttemptOutcomes:
            upto = int(conn.execute(newest).scalar() or 0)
            counts: dict[str, dict[str, int]] = {}
            if after_id is not None and upto > after_id:
                for row in conn.execute(counted, {"after": after_id, "upto": upto}):
                    counts.setdefault(row.destination, {})[row.outcome] = int(row.n)
            return AttemptOutcomes(upto_id=max(upto, after_id or 0), counts=counts)

        return await self._read(read)

    # -- reading -------------------------------------------------------------

    async def get_event(self, event_id: int) -> EventRecord:
        query = select(events).where(events.c.id == event_id)
        row = await self._read(lambda conn: conn.execute(query).first())
        if row is None:
            raise errors.NotFoundError(f"event {event_id} does not exist")
        return _event(row)

    async def list_events(self, selection: EventFilter) -> list[EventRecord]:
        query = select(events).order_by(events.c.id.desc()).limit(selection.limit)
        if selection.source_kind is not None:
            query = query.where(events.c.source_kind == selection.source_kind)
        if selection.source is not None:
            query = query.where(events.c.source == selection.source)
        if selection.topic is not None:
            query = query.where(events.c.topic == selection.topic)
        if selection.before_id is not None:
            query = query.where(events.c.id < selection.before_id)
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [_event(row) for row in rows]

    async def get_job(self, job_id: int) -> JobRecord:
        query = select(jobs).where(jobs.c.id == job_id)
        row = await self._read(lambda conn: conn.execute(query).first())
        if row is None:
            raise errors.NotFoundError(f"job {job_id} does not exist")
        return _job(row)

    async def list_jobs(self, selection: JobFilter) -> list[JobRecord]:
        query = _job_query(selection)
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [_job(row) for row in rows]

    async def list_attempts(self, job_id: int) -> list[AttemptRecord]:
        query = select(attempts).where(attempts.c.job_id == job_id).order_by(attempts.c.id)
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [
            AttemptRecord(
                job_id=int(row.job_id),
                attempt=row.attempt,
                worker=row.worker,
                started_at=row.started_at,
                finished_at=row.finished_at,
                outcome=row.outcome,
                status_code=row.status_code,
                reason=row.reason,
                request=json.loads(row.request) if row.request else None,
                response=json.loads(row.response) if row.response else None,
            )
            for row in rows
        ]

    async def next_run_at(self) -> float | None:
        query = select(func.min(jobs.c.run_at)).where(jobs.c.status == JobStatus.QUEUED.value)
        value = await self._read(lambda conn: conn.execute(query).scalar())
        return float(value) if value is not None else None

    async def destination_stats(self, now: float) -> list[DestinationStats]:
        query = (
            select(
                jobs.c.destination,
                jobs.c.status,
                func.count().label("n"),
                func.min(jobs.c.created_at).label("oldest"),
            )
            .where(jobs.c.status.in_([*PENDING, JobStatus.DEAD.value]))
            .group_by(jobs.c.destination, jobs.c.status)
        )
        rows = await self._read(lambda conn: conn.execute(query).all())
        table: dict[str, dict[str, Any]] = {}
        for row in rows:
            entry = table.setdefault(
                row.destination, {"queued": 0, "running": 0, "dead": 0, "oldest": None}
            )
            entry[row.status] = int(row.n)
            if row.status in PENDING and (entry["oldest"] is None or row.oldest < entry["oldest"]):
                entry["oldest"] = row.oldest
        return [
            DestinationStats(
                destination=name,
                queued=entry["queued"],
                running=entry["running"],
                dead=entry["dead"],
                oldest_pending_age_secs=max(0.0, now - entry["oldest"]) if entry["oldest"] else 0.0,
            )
            for name, entry in sorted(table.items())
        ]

    # -- API keys ------------------------------------------------------------

    async def create_api_key(
        self, name: str, prefix: str, key_hash: str, scopes: Sequence[str], now: float
    ) -> ApiKeyRecord:
        def create(conn: Connection) -> ApiKeyRecord:
            taken = conn.execute(
                select(api_keys.c.id).where(
                    api_keys.c.name == name, api_keys.c.revoked_at.is_(None)
                )
            ).first()
            if taken is not None:
                raise errors.EngineError(f"an active API key named '{name}' already exists")
            row = conn.execute(
                insert(api_keys)
                .values(
                    name=name,
                    prefix=prefix,
                    key_hash=key_hash,
                    scopes=json.dumps(list(scopes)),
                    created_at=now,
                )
                .returning(*api_keys.c)
            ).one()
            return _api_key(row)

        return await self._write(create)

    async def find_api_key(self, prefix: str) -> ApiKeyRecord | None:
        query = select(api_keys).where(api_keys.c.prefix == prefix)
        row = await self._read(lambda conn: conn.execute(query).first())
        return _api_key(row) if row is not None else None

    async def list_api_keys(self) -> list[ApiKeyRecord]:
        query = select(api_keys).order_by(api_keys.c.id)
        rows = await self._read(lambda conn: conn.execute(query).all())
        return [_api_key(row) for row in rows]

    async def revoke_api_key(self, name_or_prefix: str, now: float) -> ApiKeyRecord:
        match = and_(
            or_(api_keys.c.name == name_or_prefix, api_keys.c.prefix == name_or_prefix),
            api_keys.c.revoked_at.is_(None),
        )
        statement = update(api_keys).where(match).values(revoked_at=now).returning(*api_keys.c)
        row = await self._write(lambda conn: conn.execute(statement).first())
        if row is None:
            raise errors.NotFoundError(f"no active API key named '{name_or_prefix}'")
        return _api_key(row)

    async def touch_api_key(self, key_id: int, now: float) -> None:
        statement = update(api_keys).where(api_keys.c.id == key_id).values(last_used_at=now)
        await self._write(lambda conn: conn.execute(statement))

    # -- lifecycle -------------------------------------------------------------

    async def wait_for_work(self, timeout: float, listener: str = "") -> bool:
        return await self._backend.wait_for_work(timeout, listener)

    async def ping(self) -> None:
        await self._read(lambda conn: conn.execute(select(1)).scalar())

    async def close(self) -> None:
        await self._backend.close()


def _update_leased(worker: str, job_ids: Sequence[int]) -> Any:
    """An UPDATE of these jobs, limited to the ones ``worker`` still holds."""
    return update(jobs).where(
        jobs.c.id.in_(list(job_ids)),
        jobs.c.lease_owner == worker,
        jobs.c.status == JobStatus.RUNNING.value,
    )


def _claim_statement(which: str) -> Any:
    """Lease the oldest due jobs, at most one per lane; SKIP LOCKED on PostgreSQL.

    ``which``: ``any`` destination, ``only`` the listed ones, or all ``except`` them.
    """
    j = jobs.alias("j")
    earlier = jobs.alias("earlier")
    blocked = exists().where(
        earlier.c.lane == j.c.lane, earlier.c.id < j.c.id, earlier.c.status.in_(PENDING)
    )
    candidates = select(j.c.id).where(
        j.c.status == JobStatus.QUEUED.value,
        j.c.run_at <= bindparam("now"),
        or_(j.c.lane.is_(None), ~blocked),
    )
    listed = j.c.destination.in_(bindparam("destinations", expanding=True))
    if which == "only":
        candidates = candidates.where(listed)
    elif which == "except":
        candidates = candidates.where(~listed)
    candidates = (
        candidates.order_by(j.c.run_at, j.c.id)
        .limit(bindparam("claim_limit"))
        .with_for_update(skip_locked=True, of=j)
    )
    return (
        update(jobs)
        .where(jobs.c.id.in_(candidates.scalar_subquery()))
        .values(
            status=JobStatus.RUNNING.value,
            attempt=jobs.c.attempt + 1,
            lease_owner=bindparam("worker"),
            lease_until=bindparam("lease_until"),
            updated_at=bindparam("now"),
        )
        .returning(*jobs.c)
    )


def _finish_statement() -> Any:
    """End an attempt, fenced: only the lease holder of this very attempt may."""
    return (
        update(jobs)
        .where(
            jobs.c.id == bindparam("job_id"),
            jobs.c.attempt == bindparam("job_attempt"),
            jobs.c.lease_owner == bindparam("worker"),
            jobs.c.status == JobStatus.RUNNING.value,
        )
        .values(
            status=bindparam("new_status"),
            lease_owner=None,
            lease_until=None,
            updated_at=bindparam("finished_at"),
            last_reason=bindparam("reason"),
            last_status_code=bindparam("status_code"),
            run_at=func.coalesce(bindparam("next_run_at", type_=Float), jobs.c.run_at),
        )
    )


def _job_query(selection: JobFilter) -> Any:
    query = select(jobs).order_by(jobs.c.id.desc()).limit(selection.limit)
    if selection.status is not None:
        query = query.where(jobs.c.status == selection.status.value)
    if selection.flow is not None:
        query = query.where(jobs.c.flow == selection.flow)
    if selection.destination is not None:
        query = query.where(jobs.c.destination == selection.destination)
    if selection.event_id is not None:
        query = query.where(jobs.c.event_id == selection.event_id)
    if selection.since is not None:
        query = query.where(jobs.c.updated_at >= selection.since)
    if selection.until is not None:
        query = query.where(jobs.c.updated_at < selection.until)
    if selection.before_id is not None:
        query = query.where(jobs.c.id < selection.before_id)
    if selection.created_before is not None:
        query = query.where(jobs.c.created_at < selection.created_before)
    return query


def _stored_event(event_id: int, event: NewEvent) -> EventRecord:
    return EventRecord(
        id=event_id,
        source_kind=event.source_kind,
        source=event.source,
        topic=event.topic,
        dedupe_key=event.dedupe_key,
        shop_domain=event.shop_domain,
        received_at=event.received_at,
        occurred_at=event.occurred_at,
        headers=dict(event.headers),
        content_type=event.content_type,
        body=event.body,
    )


def _event(row: Row[Any]) -> EventRecord:
    return EventRecord(
        id=int(row.id),
        source_kind=row.source_kind,
        source=row.source,
        topic=row.topic,
        dedupe_key=row.dedupe_key,
        shop_domain=row.shop_domain,
        received_at=row.received_at,
        occurred_at=row.occurred_at,
        headers=json.loads(row.headers),
        content_type=row.content_type,
        body=bytes(row.body),
    )


def _job(row: Row[Any]) -> JobRecord:
    return JobRecord(
        id=int(row.id),
        event_id=int(row.event_id),
        flow=row.flow,
        destination=row.destination,
        lane=row.lane,
        status=JobStatus(row.status),
        attempt=row.attempt,
        run_at=row.run_at,
        lease_owner=row.lease_owner,
        lease_until=row.lease_until,
        idempotency_key=row.idempotency_key,
        created_at=row.created_at,
        updated_at=row.updated_at,
        last_reason=row.last_reason,
        last_status_code=row.last_status_code,
        replay_of=int(row.replay_of) if row.replay_of is not None else None,
        replayed_by=int(row.replayed_by) if row.replayed_by is not None else None,
        payload=bytes(row.payload) if row.payload is not None else None,
    )


def _api_key(row: Row[Any]) -> ApiKeyRecord:
    return ApiKeyRecord(
        id=int(row.id),
        name=row.name,
        prefix=row.prefix,
        key_hash=row.key_hash,
        scopes=tuple(json.loads(row.scopes)),
        created_at=row.created_at,
        revoked_at=row.revoked_at,
        last_used_at=row.last_used_at,
    )


def _attempt_row(record: AttemptRecord) -> dict[str, Any]:
    return {
        "job_id": record.job_id,
        "attempt": record.attempt,
        "worker": record.worker,
        "started_at": record.started_at,
        "finished_at": record.finished_at,
        "outcome": record.outcome,
        "status_code": record.status_code,
        "reason": record.reason,
        "request": json.dumps(record.request) if record.request is not None else None,
        "response": json.dumps(record.response) if record.response is not None else None,
    }


def _timer(row: Row[Any]) -> TimerRecord:
    return TimerRecord(
        name=row.name,
        shop=row.shop,
        topic=row.topic,
        fire_at=float(row.fire_at),
        payload=bytes(row.payload),
        revision=int(row.revision),
        created_at=float(row.created_at),
        updated_at=float(row.updated_at),
    )


def _alert_values(alert: AlertRecord) -> dict[str, Any]:
    return {
        "key": alert.key,
        "kind": alert.kind,
        "rule": alert.rule,
        "shop": alert.shop,
        "status": alert.status,
        "severity": alert.severity,
        "episode": alert.episode,
        "first_seen": alert.first_seen,
        "last_seen": alert.last_seen,
        "count": alert.count,
        "notified_count": alert.notified_count,
        "notified_at": alert.notified_at,
        "resolved_at": alert.resolved_at,
        "state": alert.state,
        "revision": alert.revision,
        "updated_at": alert.updated_at,
    }


def _alert(row: Row[Any]) -> AlertRecord:
    return AlertRecord(
        key=row.key,
        kind=row.kind,
        rule=row.rule,
        shop=row.shop,
        status=row.status,
        severity=row.severity,
        episode=int(row.episode),
        first_seen=float(row.first_seen),
        last_seen=float(row.last_seen),
        count=int(row._mapping["count"]),
        notified_count=int(row.notified_count),
        notified_at=float(row.notified_at) if row.notified_at is not None else None,
        resolved_at=float(row.resolved_at) if row.resolved_at is not None else None,
        state=bytes(row.state),
        revision=int(row.revision),
        updated_at=float(row.updated_at),
    )
