"""Shopify webhook ingress: verify → route → persist (one transaction) → answer.

The answer never waits for delivery. Statuses tell Shopify what to do next:
2xx stops its retries (accepted or duplicate), 4xx says the request itself is
wrong, 503 asks it to retry because our store is down.
"""

from __future__ import annotations

import json
from collections.abc import Mapping

from shopbridge import errors
from shopbridge.app import App
from shopbridge.shopify import topics, webhooks
from shopbridge.sources.verdict import Accepted, Refused, Verdict
from shopbridge.store.base import NewEvent

SOURCE_KIND = "shopify"


async def receive(app: App, raw: bytes, headers: Mapping[str, str]) -> Verdict:
    verdict = await _receive(app, raw, headers)
    if isinstance(verdict, Refused):
        app.metrics.webhook_rejected(verdict.code)
    elif verdict.duplicate:
        app.metrics.event_duplicate(SOURCE_KIND)
    return verdict


async def _receive(app: App, raw: bytes, headers: Mapping[str, str]) -> Verdict:
    parsed = webhooks.read_headers(headers)
    if isinstance(parsed, webhooks.Invalid):
        return Refused(webhooks.status_for(parsed.reason), parsed.reason.value, parsed.detail)
    shop_id = next(
        (name for name, shop in app.settings.shops.items() if shop.domain == parsed.shop_domain),
        None,
    )
    if shop_id is None:
        reason = webhooks.InvalidReason.UNKNOWN_SHOP
        return Refused(
            webhooks.status_for(reason),
            reason.value,
            f"shop {parsed.shop_domain} is not configured",
        )
    shop = app.settings.shops[shop_id]
    secrets = [s for s in (shop.webhook_secret, shop.previous_webhook_secret) if s]
    if not webhooks.verify_hmac(raw, parsed.hmac, secrets):
        reason = webhooks.InvalidReason.BAD_HMAC
        return Refused(
            webhooks.status_for(reason), reason.value, "the HMAC does not match this shop's secret"
        )
    if not topics.is_known_topic(parsed.topic):
        reason = webhooks.InvalidReason.UNKNOWN_TOPIC
        return Refused(
            webhooks.status_for(reason),
            reason.value,
            f"'{parsed.topic}' is not a Shopify webhook topic",
        )
    try:
        payload = json.loads(raw)
    except ValueError as exc:
        return Refused(400, "malformed_json", f"the body is not valid JSON: {exc}")
    flows = app.router.flows_for(SOURCE_KIND, shop_id, parsed.topic)
    new_jobs = app.router.jobs_for(flows, parsed.topic, payload)
    triggered = webhooks.parse_triggered_at(parsed.triggered_at)
    event = NewEvent(
        source_kind=SOURCE_KIND,
        source=shop_id,
        topic=parsed.topic,
        body=raw,
        received_at=app.clock(),
        dedupe_key=parsed.webhook_id,
        shop_domain=parsed.shop_domain,
        occurred_at=triggered.timestamp() if triggered else None,
        headers=parsed.recorded(),
        content_type="application/json",
    )
    try:
        result = await app.store.append_event(event, new_jobs)
    except errors.StoreUnavailableError as exc:
        return Refused(503, "store_unavailable", str(exc))
    if not result.duplicate:
        app.metrics.event_received(SOURCE_KIND, parsed.topic)
        app.shopify_webhook_seen(shop_id, parsed.topic, payload)
    return Accepted(result.event_id, result.job_ids, result.duplicate)
