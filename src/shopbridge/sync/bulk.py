"""Bulk operations for any sync: a bulk mutation of a kind's calls, and a bulk query to read.

A bulk mutation runs inside Shopify, one call per line of a staged file:

1. Write a JSONL file, one line of variables per call (the direct path's variables).
2. ``stagedUploadsCreate`` (``BULK_MUTATION_VARIABLES``), then a multipart POST of
   the file to the target; the ``key`` parameter is the ``stagedUploadPath``.
3. ``bulkOperationRunMutation`` with the kind's mutation document.
4. Poll ``bulkOperation(id:)`` every ``poll_secs`` until it leaves
   ``CREATED``/``RUNNING``/``CANCELING`` (``sleep`` is injectable: tests do not wait).
5. Read the result JSONL (``partialDataUrl`` after a failure) and settle every line as
   the direct path does (:func:`.send.settle`). A line without a readable result is
   refused with the reason (no result, top-level errors, or a result line that is not
   JSON); changes only held back by another's refusal go again on the direct path.

A bulk query (``bulkOperationRunQuery``) reads a whole catalog without spending the
cost bucket; its result lines come back as objects, children after their parent with
``__parentId``.
"""

from __future__ import annotations

import asyncio
import json
import re
import uuid
from collections.abc import Awaitable, Callable, Mapping, Sequence
from dataclasses import dataclass, field
from typing import Any, Final, TypeVar

import aiohttp

from shopbridge.errors import ShopifyError
from shopbridge.shopify.admin import AdminClient, Document, documents

from .files import json_lines
from .outcome import Change, Sent
from .send import Calls, refuse, send_direct, settle

__all__ = [
    "DEFAULT_POLL_SECS",
    "BulkResults",
    "Sleep",
    "parse_results",
    "run_bulk_mutation",
    "run_bulk_query",
    "send_bulk",
]

DEFAULT_POLL_SECS: Final = 1.0
RUNNING: Final = frozenset({"CREATED", "RUNNING", "CANCELING"})
_MIME: Final = "text/jsonl"
_LINE_NUMBER: Final = re.compile(r'"__lineNumber"\s*:\s*([0-9]+)')

P = TypeVar("P", bound=Change)
Sleep = Callable[[float], Awaitable[None]]
Status = Callable[[str], None]


@dataclass(slots=True)
class BulkResults:
    """A finished bulk mutation: its operation and its result lines by input line."""

    operation: Mapping[str, Any]
    lines: dict[int, Mapping[str, Any]] = field(default_factory=dict)
    unreadable: dict[int, str] = field(default_factory=dict)
    stray: list[str] = field(default_factory=list)

    def answer(self, number: int, root_field: str) -> dict[str, Any] | str:
        """The mutation payload of input line ``number`` (0-based), or why there is none."""
        if number in self.unreadable:
            return f"its result line could not be read: {self.unreadable[number]}"
        line = self.lines.get(number)
        if line is None:
            why = f"the bulk operation ended {self.operation.get('status')} without a result for it"
            if self.stray:
                why += f"; {len(self.stray)} result line(s) could not be read ({self.stray[0]})"
            return why
        if line.get("errors"):
            return "; ".join(str(e.get("message", e)) for e in line["errors"])
        data = line.get("data")
        payload = data.get(root_field) if isinstance(data, Mapping) else None
        if not isinstance(payload, dict):
            return f"its result line has no '{root_field}' answer"
        return payload


async def send_bulk(
    client: AdminClient,
    calls: Calls[P],
    changes: Sequence[P],
    *,
    name: str,
    poll_secs: float = DEFAULT_POLL_SECS,
    sleep: Sleep = asyncio.sleep,
    on_done: Callable[[int], None] | None = None,
    on_status: Status | None = None,
) -> Sent[P]:
    """Send ``changes`` as one bulk mutation (``name`` names the staged file)."""
    batches = list(calls.batches(changes))
    variables = [calls.variables(batch) for batch in batches]
    results = await run_bulk_mutation(
        client, calls.document, variables, name=name, poll_secs=poll_secs, sleep=sleep,
        on_status=on_status,
    )  # fmt: skip
    result: Sent[P] = Sent(sent=len(changes), mutations=len(batches))
    again: list[P] = []
    for number, batch in enumerate(batches):
        answer = results.answer(number, calls.document.root_field)
        if isinstance(answer, str):
            code = results.operation.get("errorCode")
            refuse(result, batch, code if isinstance(code, str) else None, answer)
        else:
            again.extend(settle(answer, batch, result, calls.items))
        if on_done is not None:
            on_done(len(batch))
    if again:
        result.add(await send_direct(client, calls, again))
    return result


async def run_bulk_mutation(
    client: AdminClient,
    mutation: Document,
    variables: Sequence[Mapping[str, Any]],
    *,
    name: str,
    poll_secs: float = DEFAULT_POLL_SECS,
    sleep: Sleep = asyncio.sleep,
    on_status: Status | None = None,
) -> BulkResults:
    """Run ``mutation`` once per entry of ``variables``; ``ShopifyError`` if it cannot start."""
    content = "".join(json.dumps(v, separators=(",", ":")) + "\n" for v in variables).encode()
    async with aiohttp.ClientSession(trust_env=False) as http:
        path = await _stage(client, http, content, f"{name}.jsonl")
        started = await client.execute(
            documents.BULK_OPERATION_RUN_MUTATION,
            {
                "mutation": mutation.text,
                "stagedUploadPath": path,
                "clientIdentifier": f"{name}-{uuid.uuid4()}",
            },
        )
        operation = await _wait(client, _started(started.payload), poll_secs, sleep, on_status)
        url = operation.get("url") or operation.get("partialDataUrl")
        text = await _download(http, url) if isinstance(url, str) else ""
    return parse_results(text, operation)


async def run_bulk_query(
    client: AdminClient,
    query: Document,
    *,
    poll_secs: float = DEFAULT_POLL_SECS,
    sleep: Sleep = asyncio.sleep,
    on_status: Status | None = None,
) -> list[dict[str, Any]]:
    """Every object ``query`` selects, one per result line; ``ShopifyError`` on failure."""
    started = await client.execute(
        documents.BULK_OPERATION_RUN_QUERY, {"query": query.text, "groupObjects": False}
    )
    operation = await _wait(client, _started(started.payload), poll_secs, sleep, on_status)
    if operation.get("status") != "COMPLETED":
        raise ShopifyError(
            f"the bulk query {query.name} ended {operation.get('status')} "
            f"(error code {operation.get('errorCode')}); nothing was sent"
        )
    url = operation.get("url")
    if not isinstance(url, str):  # nothing matched: Shopify writes no file
        return []
    async with aiohttp.ClientSession(trust_env=False) as http:
        text = await _download(http, url)
    found: list[dict[str, Any]] = []
    for number, _raw, line in json_lines(text):
        if isinstance(line, ValueError):
            raise ShopifyError(
                f"line {number} of the bulk query's result file is not JSON ({line}); "
                "nothing was sent: run the sync again"
            )
        if isinstance(line, dict):
            found.append(line)
    return found


def _started(payload: Mapping[str, Any]) -> str:
    problems = payload.get("userErrors") or []
    if problems:
        messages = "; ".join(str(p.get("message", p)) for p in problems if isinstance(p, Mapping))
        raise ShopifyError(f"Shopify did not start the bulk operation: {messages}")
    operation = payload.get("bulkOperation")
    if not isinstance(operation, Mapping) or not isinstance(operation.get("id"), str):
        raise ShopifyError("Shopify started no bulk operation")
    return str(operation["id"])


async def _stage(
    client: AdminClient, http: aiohttp.ClientSession, content: bytes, filename: str
) -> str:
    staged = await client.execute(
        documents.STAGED_UPLOADS_CREATE,
        {
            "input": [
                {
                    "resource": "BULK_MUTATION_VARIABLES",
                    "filename": filename,
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
    form.add_field("file", content, filename=filename, content_type=_MIME)
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


async def _wait(
    client: AdminClient,
    operation_id: str,
    poll_secs: float,
    sleep: Sleep,
    on_status: Status | None,
) -> Mapping[str, Any]:
    while True:
        polled = await client.execute(documents.BULK_OPERATION, {"id": operation_id})
        operation = polled.payload
        status = str(operation.get("status"))
        if on_status is not None:
            on_status(status)
        if status not in RUNNING:
            return operation
        await sleep(poll_secs)


async def _download(http: aiohttp.ClientSession, url: str) -> str:
    try:
        async with http.get(url) as response:
            if response.status != 200:
                raise ShopifyError(f"cannot read the bulk results: HTTP {response.status}")
            return await response.text()
    except aiohttp.ClientError as exc:
        raise ShopifyError(f"cannot read the bulk results: {exc}") from exc


def parse_results(text: str, operation: Mapping[str, Any]) -> BulkResults:
    """Result lines by ``__lineNumber`` (0-based line of the variables file); a line that
    cannot be read is charged to the input line it names, when it names one."""
    into = BulkResults(operation)
    for number, raw, line in json_lines(text):
        if isinstance(line, ValueError):
            why = f"line {number} of the result file is not JSON ({line})"
            named = _LINE_NUMBER.search(raw)
            if named is not None:
                into.unreadable[int(named.group(1))] = why
            else:
                into.stray.append(why)
            continue
        if isinstance(line, dict) and isinstance(line.get("__lineNumber"), int):
            into.lines[line["__lineNumber"]] = line
        else:
            into.stray.append(f"line {number} of the result file names no input line")
    return into
