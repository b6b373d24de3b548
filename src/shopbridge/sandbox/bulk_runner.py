"""The sandbox's background work: bulk operations and file processing.

``Worker.step()`` does one pass: each file not yet ``READY`` moves one status on
(``files_store.advance_file``); each bulk operation moves on too: ``CREATED`` →
``RUNNING`` (its own commit, so pollers can see it), ``RUNNING`` → ``COMPLETED`` or
``FAILED`` after running it whole, ``CANCELING`` → ``CANCELED``. Every status is its
own committed change, so the webhook emitter sees the final one and sends
``bulk_operations/finish``. ``Sandbox`` runs ``Worker.run`` while serving; tests call
``run_until_idle``.

A bulk query runs its document with ``bulk_query.ExhaustiveRegistry`` and writes the
JSONL lines. A bulk mutation runs its mutation once per line of the staged JSONL file,
the line being the variables, each run in its own transaction (the executor's), and
writes one result line per input line: ``{"data": ..., "__lineNumber": n}`` (plus
``errors`` when the run had top-level errors), as Shopify's result files do.
"""

from __future__ import annotations

import asyncio
import contextlib
import json
from typing import TYPE_CHECKING, Any, Final

from graphql import parse

from shopbridge.observability.logging import get_logger
from shopbridge.sandbox.bulk_query import ExhaustiveRegistry, jsonl_lines
from shopbridge.sandbox.bulk_store import BULK, finish
from shopbridge.sandbox.context import RequestContext
from shopbridge.sandbox.domains.files_store import advance_file, all_files
from shopbridge.sandbox.executor import execute_document
from shopbridge.sandbox.graphql_http import new_request_id
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.runtime_cost import ActualCost
from shopbridge.sandbox.state import Doc
from shopbridge.sandbox.uploads import read_upload

if TYPE_CHECKING:
    from shopbridge.sandbox.admin import AdminApi

__all__ = ["IDLE_WAIT_SECS", "Worker"]

log = get_logger(__name__)

IDLE_WAIT_SECS: Final = 0.05
VERSION_KEY: Final = "version"


class Worker:
    """Moves the store's background work along (see the module docstring)."""

    def __init__(self, admin: AdminApi) -> None:
        self.admin = admin
        self.state = admin.state
        self._registries: dict[str, Registry] = {}
        self._task: asyncio.Task[None] | None = None

    def step(self) -> bool:
        """One pass over pending work; ``False`` when there was nothing to do."""
        moved = False
        for doc in all_files(self.state):
            moved = advance_file(self.state, doc) or moved
        for operation in self.state.all(BULK):
            moved = self._advance(operation) or moved
        return moved

    def run_until_idle(self, max_passes: int = 100) -> None:
        for _ in range(max_passes):
            if not self.step():
                return

    async def run(self) -> None:
        while True:
            try:
                busy = self.step()
            except Exception:
                log.exception("sandbox_worker_failed")
                busy = False
            await asyncio.sleep(0 if busy else IDLE_WAIT_SECS)

    def start(self) -> None:
        if self._task is None:
            self._task = asyncio.create_task(self.run(), name="sandbox-worker")

    async def stop(self) -> None:
        if self._task is not None:
            self._task.cancel()
            with contextlib.suppress(asyncio.CancelledError):
                await self._task
            self._task = None

    # --- bulk operations -----------------------------------------------------------

    def _advance(self, operation: Doc) -> bool:
        status = operation["status"]
        if status == "CANCELING":
            finish(self.state, operation, "CANCELED", [], roots=0)
            return True
        if status == "CREATED":
            with self.state.transaction(source="bulk_operation"):
                self.state.save({**operation, "status": "RUNNING"})
            return True
        if status != "RUNNING":
            return False
        try:
            if operation["type"] == "QUERY":
                lines, roots, failed = self._run_query(operation)
            else:
                lines, roots, failed = self._run_mutation(operation)
        except Exception:
            log.exception("sandbox_bulk_operation_failed", operation=operation["id"])
            lines, roots, failed = [], 0, True
        current = self.state.get_gid(operation["id"]) or operation
        if failed:
            finish(
                self.state,
                current,
                "FAILED",
                lines,
                roots=roots,
                error_code="INTERNAL_SERVER_ERROR",
            )
        else:
            finish(self.state, current, "COMPLETED", lines, roots=roots)
        return True

    def _context(self, operation: Doc, registry: Registry) -> RequestContext:
        config = self.admin.config
        return RequestContext(
            state=self.state,
            config=config,
            registry=registry,
            api="admin",
            version=operation[VERSION_KEY],
            app=operation["app"],
            request_id=new_request_id(),
            cost=ActualCost(config.cost_model),
        )

    def _run_query(self, operation: Doc) -> tuple[list[str], int, bool]:
        version = operation[VERSION_KEY]
        registry = self._registries.get(version)
        if registry is None:
            registry = self._registries[version] = ExhaustiveRegistry(self.admin.registry(version))
        document = parse(operation["query"])
        body = execute_document(document, self._context(operation, registry))
        lines, roots = jsonl_lines(registry.schema, document, body.get("data") or {})
        return lines, roots, bool(body.get("errors"))

    def _run_mutation(self, operation: Doc) -> tuple[list[str], int, bool]:
        found = read_upload(self.state, operation["stagedUploadPath"])
        if found is None:
            return [], 0, True
        content, _record = found
        registry = self.admin.registry(operation[VERSION_KEY])
        document = parse(operation["query"])
        lines = []
        for number, raw in enumerate(content.decode().splitlines()):
            if not raw.strip():
                continue
            variables: dict[str, Any] = json.loads(raw)
            body = execute_document(document, self._context(operation, registry), variables)
            line = {"data": body.get("data"), "__lineNumber": number}
            if body.get("errors"):
                line["errors"] = body["errors"]
            lines.append(json.dumps(line, separators=(",", ":")))
        return lines, len(lines), False
