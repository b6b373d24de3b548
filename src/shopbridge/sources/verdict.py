"""What an ingress decided about one request, independent of the web framework."""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class Accepted:
    event_id: int
    job_ids: tuple[int, ...]
    duplicate: bool


@dataclass(frozen=True, slots=True)
class Refused:
    """A reason to refuse, with the HTTP status that says it (one table per source)."""

    status: int
    code: str
    detail: str


Verdict = Accepted | Refused
