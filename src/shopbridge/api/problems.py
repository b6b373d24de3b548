"""RFC 9457 problem details: every error the API gives has this one shape."""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from fastapi import FastAPI, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse
from pydantic import BaseModel
from starlette.exceptions import HTTPException as StarletteHTTPException

from shopbridge import errors
from shopbridge.observability.logging import get_logger

PROBLEM_JSON = "application/problem+json"
TYPE_BASE = "https://shopbridge.dev/problems/"

log = get_logger(__name__)


class Problem(BaseModel):
    """An error answer (application/problem+json)."""

    type: str
    title: str
    status: int
    detail: str | None = None
    errors: list[dict[str, Any]] | None = None


class ProblemError(Exception):
    """Raise from a route to answer with a problem."""

    def __init__(
        self,
        status: int,
        code: str,
        detail: str,
        *,
        errors: list[dict[str, Any]] | None = None,
        headers: dict[str, str] | None = None,
    ) -> None:
        super().__init__(detail)
        self.status = status
        self.code = code
        self.detail = detail
        self.errors = errors
        self.headers = headers


def problem_response(
    status: int,
    code: str,
    detail: str | None,
    *,
    errors: list[dict[str, Any]] | None = None,
    headers: Mapping[str, str] | None = None,
) -> JSONResponse:
    body: dict[str, Any] = {
        "type": TYPE_BASE + code,
        "title": HTTPStatus(status).phrase,
        "status": status,
        "detail": detail,
    }
    if errors:
        body["errors"] = errors
    return JSONResponse(body, status_code=status, media_type=PROBLEM_JSON, headers=headers)


PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    status: {
        "model": Problem,
        "content": {PROBLEM_JSON: {}},
        "description": HTTPStatus(status).phrase,
    }
    for status in (400, 401, 403, 404, 409, 413, 415, 422, 503)
}


def install(app: FastAPI) -> None:
    """Route every error, expected or not, to a problem answer (never a traceback)."""

    @app.exception_handler(ProblemError)
    async def _problem(_: Request, exc: ProblemError) -> JSONResponse:
        return problem_response(
            exc.status, exc.code, exc.detail, errors=exc.errors, headers=exc.headers
        )

    @app.exception_handler(RequestValidationError)
    async def _invalid(_: Request, exc: RequestValidationError) -> JSONResponse:
        details = [
            {
                "field": ".".join(str(p) for p in err["loc"][1:]) or str(err["loc"][0]),
                "message": err["msg"],
            }
            for err in exc.errors()
        ]
        summary = "; ".join(f"{d['field']}: {d['message']}" for d in details)
        return problem_response(400, "invalid_request", summary, errors=details)

    @app.exception_handler(StarletteHTTPException)
    async def _http(_: Request, exc: StarletteHTTPException) -> JSONResponse:
        code = HTTPStatus(exc.status_code).phrase.lower().replace(" ", "_")
        return problem_response(exc.status_code, code, str(exc.detail), headers=exc.headers)

    @app.exception_handler(errors.NotFoundError)
    async def _not_found(_: Request, exc: errors.NotFoundError) -> JSONResponse:
        return problem_response(404, "not_found", str(exc))

    @app.exception_handler(errors.StoreUnavailableError)
    async def _unavailable(_: Request, exc: errors.StoreUnavailableError) -> JSONResponse:
        log.error("store_unavailable", error=str(exc))
        return problem_response(
            503,
            "store_unavailable",
            "the store is unavailable; retry shortly",
            headers={"Retry-After": "5"},
        )

    @app.exception_handler(errors.EngineError)
    async def _engine(_: Request, exc: errors.EngineError) -> JSONResponse:
        return problem_response(409, "conflict", str(exc))

    @app.exception_handler(Exception)
    async def _unexpected(_: Request, exc: Exception) -> JSONResponse:
        log.exception("request_crashed", error=str(exc))
        return problem_response(500, "internal_error", "an unexpected error happened; see logs")
