"""Refused actions and settings as problem answers that name the field at fault."""

from __future__ import annotations

from starlette.requests import Request
from starlette.responses import Response

from shopbridge.api.problems import ProblemError, problem_response
from shopbridge.sandbox.merchant import ActionError

__all__ = ["action_refused", "bad_setting"]


async def action_refused(_request: Request, error: Exception) -> Response:
    """The answer to any ``ActionError`` a route lets through (installed on the app)."""
    assert isinstance(error, ActionError)
    return problem_response(
        error.status,
        "invalid_action" if error.status in (409, 422) else "not_found",
        str(error),
        errors=[{"field": error.field, "message": error.message}],
    )


def bad_setting(section: str, error: ValueError) -> ProblemError:
    field, _, message = str(error).partition(": ")
    return ProblemError(
        422,
        "invalid_setting",
        f"{section}.{error}",
        errors=[{"field": f"{section}.{field}", "message": message or str(error)}],
    )
