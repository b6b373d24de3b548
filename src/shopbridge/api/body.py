"""Read a request body as raw bytes, refusing oversize bodies before buffering them."""

from __future__ import annotations

from fastapi import Request

from shopbridge.api.problems import ProblemError


async def read_body(request: Request, limit: int) -> bytes:
    declared = request.headers.get("content-length")
    if declared is not None:
        try:
            size = int(declared)
        except ValueError:
            raise ProblemError(400, "invalid_request", "Content-Length is not a number") from None
        if size > limit:
            raise _too_large(limit)
    chunks: list[bytes] = []
    received = 0
    async for chunk in request.stream():
        received += len(chunk)
        if received > limit:
            raise _too_large(limit)
        chunks.append(chunk)
    return b"".join(chunks)


def _too_large(limit: int) -> ProblemError:
    return ProblemError(
        413,
        "body_too_large",
        f"the body is larger than the {limit}-byte limit (server.max_body_bytes)",
    )
