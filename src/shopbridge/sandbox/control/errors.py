"""Turning refused actions and settings into problem answers that name the field."""

from __future__ import annotations

from shopbridge.api.problems import ProblemError
from shopbridge.sandbox.merchant import ActionError

__all__ = ["bad_setting", "refused"]


def refused(error: ActionError) -> ProblemError:
    return ProblemError(
        error.status,
        "invalid_action" if error.status == 422 else "not_found",
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
