"""``POST /v1/inventory``: validate, normalize, then store one event and one job together.

The event body is the normalized document (:class:`StoredDocument`), so the
writer never re-validates what callers sent; the job names the shop
(``shopify:<shop>``) and carries no payload of its own. Ordering and coalescing
are the writer's: it compares versions per item and location, so the job needs
no lane.
"""

from __future__ import annotations

import json
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Final

from shopbridge import errors
from shopbridge.app import App
from shopbridge.engine.router import new_message_id
from shopbridge.sources import inbound
from shopbridge.sources.inventory.validate import normalize
from shopbridge.sources.verdict import FieldError, Refused
from shopbridge.store.base import NewEvent, NewJob
from shopbridge.types import JSONValue

__all__ = [
    "FLOW",
    "SOURCE",
    "TOPIC",
    "Normalize",
    "Stored",
    "destination_for",
    "receive",
    "store_items",
]

SOURCE: Final = "inventory"
TOPIC: Final = "inventory/set"
FLOW: Final = "inventory"
_ERRORS_IN_DETAIL: Final = 3


@dataclass(frozen=True, slots=True)
class Stored:
    """The request is safe in the store (or was already, under the same Idempotency-Key)."""

    event_id: int
    items: int
    duplicate: bool


def destination_for(shop: str) -> str:
    return f"shopify:{shop}"


Normalize = Callable[[JSONValue, Mapping[str, Any], float], Mapping[str, Any] | list[FieldError]]


async def receive(
    app: App, raw: bytes, content_type: str | None, idempotency_key: str | None
) -> Stored | Refused:
    return await store_items(
        app, raw, content_type, idempotency_key, normalize, SOURCE, TOPIC, FLOW, "invalid_inventory"
    )


async def store_items(
    app: App,
    raw: bytes,
    content_type: str | None,
    idempotency_key: str | None,
    normalize: Normalize,
    source: str,
    topic: str,
    flow: str,
    invalid_code: str,
) -> Stored | Refused:
    """Judge a ``{"shop", "items"}`` request; store it as one event and one job, or refuse it."""
    refused = inbound.check_headers(content_type, idempotency_key)
    if refused is not None:
        return refused
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        return Refused(400, "malformed_json", f"the body is not valid JSON: {exc}")
    received_at = app.clock()
    document = normalize(payload, app.settings.shops, received_at)
    if isinstance(document, list):
        return _invalid(document, invalid_code)
    shop = document["shop"]
    event = NewEvent(
        source_kind=inbound.SOURCE_KIND,
        source=source,
        topic=topic,
        body=json.dumps(document, separators=(",", ":")).encode(),
        received_at=received_at,
        dedupe_key=idempotency_key,
        shop_domain=app.settings.shops[shop].domain,
    )
    job = NewJob(flow=flow, destination=destination_for(shop), idempotency_key=new_message_id())
    try:
        result = await app.store.append_event(event, [job])
        if not result.duplicate:
            app.metrics.event_received(inbound.SOURCE_KIND, source)
            return Stored(result.event_id, len(document["items"]), duplicate=False)
        app.metrics.event_duplicate(inbound.SOURCE_KIND)
        first = await app.store.get_event(result.event_id)
    except errors.StoreUnavailableError as exc:
        return Refused(503, "store_unavailable", str(exc))
    stored: dict[str, Any] = json.loads(first.body)
    return Stored(result.event_id, len(stored["items"]), duplicate=True)


def _invalid(problems: list[FieldError], code: str) -> Refused:
    shown = "; ".join(f"{p.field}: {p.message}" for p in problems[:_ERRORS_IN_DETAIL])
    more = len(problems) - _ERRORS_IN_DETAIL
    suffix = f" (and {more} more, listed in errors)" if more > 0 else ""
    return Refused(
        422,
        code,
        f"nothing was stored: {shown}{suffix}",
        errors=tuple(problems),
    )
