"""Operator actions shared by the CLI (the API calls the store the same way)."""

from __future__ import annotations

import json
import time
from collections.abc import Sequence
from dataclasses import dataclass
from datetime import datetime

from shopbridge import errors
from shopbridge.config.schema import Settings
from shopbridge.engine.flows import compile_flows
from shopbridge.engine.mapping import evaluate_ordering_key
from shopbridge.security import api_keys
from shopbridge.store import migrate
from shopbridge.store.base import ApiKeyRecord, JobFilter, JobRecord, JobStatus
from shopbridge.store.sql import SqlStore
from shopbridge.types import JSONValue


async def _open_store(settings: Settings) -> SqlStore:
    migrate.upgrade(settings.store.url)
    return SqlStore(settings.store.url)


async def replay(
    settings: Settings,
    job_id: int | None,
    flow: str | None,
    destination: str | None,
    since: datetime | None,
    until: datetime | None,
    limit: int,
    dry_run: bool,
) -> list[JobRecord]:
    store = await _open_store(settings)
    try:
        now = time.time()
        if job_id is not None:
            if dry_run:
                return [await store.get_job(job_id)]
            return [await store.replay_job(job_id, now)]
        selection = JobFilter(
            status=JobStatus.DEAD,
            flow=flow,
            destination=destination,
            since=since.timestamp() if since else None,
            until=until.timestamp() if until else None,
            limit=limit,
        )
        return await replay_dead_letters(store, selection, now, dry_run=dry_run)
    finally:
        await store.close()


async def replay_dead_letters(
    store: SqlStore, selection: JobFilter, now: float, *, dry_run: bool
) -> list[JobRecord]:
    """Replay the dead letters matching ``selection``, or with ``dry_run`` only list them."""
    if dry_run:
        return await store.list_jobs(selection)
    return await store.replay_dead(selection, now)


async def create_key(
    settings: Settings, name: str, scopes: Sequence[str]
) -> tuple[str, ApiKeyRecord]:
    known = {scope.value for scope in api_keys.Scope}
    unknown = [s for s in scopes if s not in known]
    if unknown:
        raise errors.EngineError(
            f"unknown scope {', '.join(unknown)}; choose from {', '.join(sorted(known))}"
        )
    plaintext, prefix, key_hash = api_keys.generate_key()
    store = await _open_store(settings)
    try:
        record = await store.create_api_key(name, prefix, key_hash, scopes, time.time())
    finally:
        await store.close()
    return plaintext, record


async def list_keys(settings: Settings) -> list[ApiKeyRecord]:
    store = await _open_store(settings)
    try:
        return await store.list_api_keys()
    finally:
        await store.close()


async def revoke_key(settings: Settings, name: str) -> ApiKeyRecord:
    store = await _open_store(settings)
    try:
        return await store.revoke_api_key(name, time.time())
    finally:
        await store.close()


@dataclass(frozen=True, slots=True)
class FlowPreview:
    passes: bool
    ordering_key: str | None
    destinations: list[str]
    body: JSONValue


def preview_flow(
    settings: Settings, flow_name: str, raw: bytes, topic: str | None = None
) -> FlowPreview:
    """What a flow would do with an event body, without storing or sending anything."""
    flows = compile_flows(settings)
    flow = flows.get(flow_name)
    if flow is None:
        raise errors.ConfigError(
            [("", f"no flow named '{flow_name}' (flows: {', '.join(sorted(flows)) or 'none'})")]
        )
    try:
        payload: JSONValue = json.loads(raw)
    except ValueError as exc:
        raise errors.MappingError(f"the event is not valid JSON: {exc}") from None
    topics = flow.settings.from_.shopify or [flow.settings.from_.source or ""]
    key_expression = flow.key_expression(topic or topics[0])
    key = evaluate_ordering_key(key_expression, payload) if key_expression else None
    passes = flow.filter.matches(payload) if flow.filter is not None else True
    body = flow.map.evaluate(payload) if (flow.map is not None and passes) else payload
    return FlowPreview(passes, key, flow.destinations, body)
