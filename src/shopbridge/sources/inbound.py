"""Generic inbound events: any system POSTs JSON to /v1/events/{source}.

An ``Idempotency-Key`` header makes a retried POST safe: the second one answers
with the first one's event and creates nothing.
"""

from __future__ import annotations

import json

from shopbridge import errors
from shopbridge.app import App
from shopbridge.sources.verdict import Accepted, Refused, Verdict
from shopbridge.store.base import NewEvent

SOURCE_KIND = "inbound"
MAX_IDEMPOTENCY_KEY_CHARS = 255


async def receive(
    app: App,
    source: str,
    raw: bytes,
    content_type: str | None,
    idempotency_key: str | None,
    topic: str | None = None,
) -> Verdict:
    if source not in app.settings.sources:
        return Refused(404, "unknown_source", f"source '{source}' is not configured")
    refused = check_headers(content_type, idempotency_key)
    if refused is not None:
        return refused
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        return Refused(400, "malformed_json", f"the body is not valid JSON: {exc}")
    event_topic = topic or source
    flows = app.router.flows_for(SOURCE_KIND, source, event_topic)
    new_jobs = app.router.jobs_for(flows, event_topic, payload)
    event = NewEvent(
        source_kind=SOURCE_KIND,
        source=source,
        topic=event_topic,
        body=raw,
        received_at=app.clock(),
        dedupe_key=idempotency_key,
        content_type="application/json",
    )
    try:
        result = await app.store.append_event(event, new_jobs)
    except errors.StoreUnavailableError as exc:
        return Refused(503, "store_unavailable", str(exc))
    if result.duplicate:
        app.metrics.event_duplicate(SOURCE_KIND)
    else:
        # The label is the configured source, not the caller-chosen topic: bounded cardinality.
        app.metrics.event_received(SOURCE_KIND, source)
    return Accepted(result.event_id, result.job_ids, result.duplicate)


def check_headers(content_type: str | None, idempotency_key: str | None) -> Refused | None:
    """The header checks every inbound JSON endpoint makes: a JSON body, a sane key."""
    media_type = (content_type or "").split(";", 1)[0].strip().lower()
    if media_type != "application/json" and not media_type.endswith("+json"):
        return Refused(
            415, "unsupported_media_type", "send JSON with Content-Type: application/json"
        )
    if idempotency_key is not None and not 0 < len(idempotency_key) <= MAX_IDEMPOTENCY_KEY_CHARS:
        return Refused(
            400,
            "invalid_idempotency_key",
            f"Idempotency-Key must be 1 to {MAX_IDEMPOTENCY_KEY_CHARS} characters",
        )
    return None
