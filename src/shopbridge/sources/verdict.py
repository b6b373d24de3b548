"""What an ingress decided about one request, independent of the web framework."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Accepted:
    event_id: int
    job_ids: tuple[int, ...]
    duplicate: bool


@dataclass(frozen=True, slots=True)
class FieldError:
    """One thing wrong in a request body, at a dotted path such as ``items.3.quantity``."""

    field: str
    message: str


@dataclass(frozen=True, slots=True)
class Refused:
    """A reason to refuse, with the HTTP status that says it (one table per source)."""

    status: int
    code: str
    detail: str
    errors: tuple[FieldError, ...] = ()


Verdict = Accepted | Refused
