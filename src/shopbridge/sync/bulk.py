"""The bulk path: one bulk mutation runs every ``inventorySetQuantities`` call inside Shopify.

1. Write a JSONL file, one line per call (the same variables as the direct path:
   up to 250 items, a new idempotency key, ``changeFromQuantity`` per item).
2. ``stagedUploadsCreate`` (``BULK_MUTATION_VARIABLES``), then a multipart POST of
   the file to the target; the ``key`` parameter is the ``stagedUploadPath``.
3. ``bulkOperationRunMutation`` with the ``inventorySetQuantities`` document.
4. Poll ``bulkOperation(id:)`` until it leaves ``CREATED``/``RUNNING``.
5. Read the result JSONL (``partialDataUrl`` after a failure) and settle every line
   as the direct path does; a line without a result is refused. Items that were only
   held back by another item's refusal in the same line go again on the direct path.
"""

from __future__ import annotations

import asyncio
import json
import uuid
from collections.abc import Callable, Mapping, Sequence
from typing import Any, Final

import aiohttp

from shopbridge.errors import ShopifyError
from shopbridge.shopify.admin import AdminClient, documents

from .direct import Refusal, Sent, batches, mutation_variables, send_direct, settle
from .plan import Planned

__all__ = ["DEFAULT_POLL_SECS", "send_bulk"]

DEFAULT_POLL_SECS: Final = 1.0
RUNNING: Final = frozenset({"CREATED", "RUNNING", "CANCELING"})
_FILENAME: Final = "shopbridge-inventory-sync.jsonl"
_MIME: Final = "text/jsonl"

Progress = Callable[[int], None]


async def send_bulk(
    client: AdminClient,
    changes: Sequence[Planned],
    reference: str,
    *,
    poll_secs: float = DEFAULT_POLL_SECS,
    on_done: Progress | None = None,
    on_status: Callable[[str], None] | None = None,
) -> Sent:
    """Send ``changes`` as one bulk mutation; ``ShopifyError`` if the operation fails."""
    lines = list(batches(changes))
    content = "".join(
        json.dumps(mutation_variables(batch, reference), separators=(",", ":")) + "\n"
        for batch in lines
    ).encode()
    async with aiohttp.ClientSession(trust_env=False) as http:
        path = await _stage(client, http, content)
        operation_id = await _start(client, path)
        operation = await _wait(client, operation_id, poll_secs, on_status)
        url = operation.get("url") or operation.get("partialDataUrl")
        results = await _results(http, url) if isinstance(url, str) else {}
    result = Sent(sent=len(changes), mutations=len(lines))
    again: list[Planned] = []
    for number, batch in enumerate(lines):
        line = results.get(number)
        if line is None:
            why = f"the bulk operation ended {operation.get('status')} without a result for it"
            result.refused.extend(Refusal(p, operation.get("errorCode"), why) for p in batch)
        elif line.get("errors"):
            message = "; ".join(str(e.get("message", e)) for e in line["errors"])
            result.refused.extend(Refusal(p, None, message) for p in batch)
        else:
            data = line.get("data")
            payload = data.get("inventorySetQuantities") if isinstance(data, Mapping) else None
            again.extend(settle(payload if isinstance(payload, dict) else {}, batch, result))
        if on_done is not None:
            on_done(len(batch))
    if again:
        retried = await send_direct(client, again, reference)
        result.applied += retried.applied
        result.mutations += retried.mutations
        result.refused.extend(retried.refused)
    return result


async def _stage(client: AdminClient, http: aiohttp.ClientSession, content: bytes) -> str:
    staged = await client.execute(
        documents.STAGED_UPLOADS_CREATE,
        {
            "input": [
                {
                    "resource": "BULK_MUTATION_VARIABLES",
                    "filename": _FILENAME,
                    "mimeType": _MIME,
                    "httpMethod": "POST",
                }
            ]
        },
    )
    staged.raise_for_user_errors()
    targets = staged.payload.get("stagedTargets") or []
    if not targets:
        raise ShopifyError("stagedUploadsCreate returned no target for the sync file")
    target = targets[0]
    form = aiohttp.FormData()
    key: str | None = None
    for parameter in target.get("parameters") or ():
        form.add_field(parameter["name"], parameter["value"])
        if parameter["name"] == "key":
            key = parameter["value"]
    form.add_field("file", content, filename=_FILENAME, content_type=_MIME)
    try:
        async with http.post(target["url"], data=form) as response:
            if response.status >= 300:
                detail = (await response.text())[:200]
                raise ShopifyError(
                    f"the staged upload of the sync file failed: HTTP {response.status} {detail}"
                )
    except aiohttp.ClientError as exc:
        raise ShopifyError(f"the staged upload of the sync file failed: {exc}") from exc
    if key is None:
        raise ShopifyError("the staged upload target has no 'key' parameter")
    return key


async def _start(client: AdminClient, path: str) -> str:
    started = await client.execute(
        documents.BULK_OPERATION_RUN_MUTATION,
        {
            "mutation": documents.INVENTORY_SET_QUANTITIES.text,
            "stagedUploadPath": path,
            "clientIdentifier": f"shopbridge-sync-{uuid.uuid4()}",
        },
    )
    started.raise_for_user_errors()
    operation = started.payload.get("bulkOperation")
    if not isinstance(operation, Mapping):
        raise ShopifyError("bulkOperationRunMutation started no operation")
    return str(operation["id"])


async def _wait(
    client: AdminClient,
    operation_id: str,
    poll_secs: float,
    on_status: Callable[[str], None] | None,
) -> Mapping[str, Any]:
    while True:
        polled = await client.execute(documents.BULK_OPERATION, {"id": operation_id})
        operation = polled.payload
        status = str(operation.get("status"))
        if on_status is not None:
            on_status(status)
        if status not in RUNNING:
            return operation
        await asyncio.sleep(poll_secs)


async def _results(http: aiohttp.ClientSession, url: str) -> dict[int, Mapping[str, Any]]:
    """Result lines by ``__lineNumber`` (the 0-based line of the variables file)."""
    try:
        async with http.get(url) as response:
            if response.status != 200:
                raise ShopifyError(f"cannot read the bulk results: HTTP {response.status}")
            text = await response.text()
    except aiohttp.ClientError as exc:
        raise ShopifyError(f"cannot read the bulk results: {exc}") from exc
    found: dict[int, Mapping[str, Any]] = {}
    for raw in text.splitlines():
        if raw.strip():
            line = json.loads(raw)
            if isinstance(line, dict) and isinstance(line.get("__lineNumber"), int):
                found[line["__lineNumber"]] = line
    return found
