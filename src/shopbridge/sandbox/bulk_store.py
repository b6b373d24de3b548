"""Bulk operations and their JSONL results in the store (no GraphQL, no execution here).

A ``BulkOperation`` document holds the fields Shopify exposes (counts as
``UnsignedInt64`` strings) plus ``app`` (who started it; ``bulkOperations`` lists the
app's own) and, for mutations, ``stagedUploadPath``. Its results are an internal
``_BulkResult`` document served at ``<base>/sandbox/bulk/<id>.jsonl``. Shopify
allows up to five bulk operations in progress per shop and app from 2026-01
(shopify-api.md §2.10), hence ``MAX_IN_PROGRESS``.
"""

from __future__ import annotations

from typing import Any, Final

from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.state import Doc, State
from shopbridge.sandbox.uploads import base_url

__all__ = [
    "BULK",
    "IN_PROGRESS",
    "MAX_IN_PROGRESS",
    "finish",
    "in_progress",
    "new_operation",
    "read_result",
    "result_url",
]

BULK: Final = "BulkOperation"
RESULT: Final = "_BulkResult"
MAX_IN_PROGRESS: Final = 5
IN_PROGRESS: Final = ("CREATED", "RUNNING", "CANCELING")


def new_operation(state: State, type_name: str, query: str, app: str, **extra: Any) -> Doc:
    return state.save(
        {
            "__typename": BULK,
            "id": state.new_gid(BULK),
            "status": "CREATED",
            "type": type_name,
            "query": query,
            "errorCode": None,
            "objectCount": "0",
            "rootObjectCount": "0",
            "fileSize": None,
            "url": None,
            "partialDataUrl": None,
            "createdAt": state.now(),
            "completedAt": None,
            "app": app,
            **extra,
        }
    )


def in_progress(state: State, app: str) -> list[Doc]:
    return [op for op in state.all(BULK) if op["app"] == app and op["status"] in IN_PROGRESS]


def result_url(state: State, operation: Doc) -> str:
    return f"{base_url(state)}/sandbox/bulk/{legacy_id(operation['id'])}.jsonl"


def finish(
    state: State,
    operation: Doc,
    status: str,
    lines: list[str],
    *,
    roots: int,
    error_code: str | None = None,
) -> Doc:
    """Store the results and end the operation (``COMPLETED``/``FAILED``/``CANCELED``)."""
    text = "".join(f"{line}\n" for line in lines)
    done = {**operation, "status": status, "errorCode": error_code,
            "objectCount": str(len(lines)), "rootObjectCount": str(roots),
            "completedAt": state.now()}  # fmt: skip
    with state.transaction(source="bulk_operation"):
        if lines or status == "COMPLETED":
            state.put(RESULT, legacy_id(operation["id"]), {"text": text})
            url = result_url(state, operation)
            done["fileSize"] = str(len(text.encode())) if lines else None
            if status == "COMPLETED":
                done["url"] = url if lines else None
            else:
                done["partialDataUrl"] = url
        return state.save(done)


def read_result(state: State, name: str) -> str | None:
    if not name.isdigit():
        return None
    found = state.get(RESULT, int(name))
    return None if found is None else str(found["text"])
