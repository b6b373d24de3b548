"""The direct path of any sync: mutation calls in batches, each answer settled change by change.

A kind describes its calls once (:class:`Calls`: the document, how changes group into
calls, the variables of one call, and where the changes sit in the input). The
mutations are all or nothing: when Shopify names some changes of a call, the others
were not applied either, so they go again in a new call while the named ones are
reported with Shopify's code, never resent. A call refused as a whole (top-level
errors, a guard) refuses its changes with that reason. The bulk path
(:mod:`.bulk`) settles its result lines with the same :func:`settle`.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Generic, TypeVar

from shopbridge import errors
from shopbridge.shopify.admin import (
    MAX_INPUT_ARRAY_ITEMS,
    AdminClient,
    Document,
    UserError,
    item_errors,
    user_errors,
)

from .outcome import Change, Refusal, Sent

__all__ = ["Calls", "describe", "grouped", "refuse", "send_direct", "settle"]

P = TypeVar("P", bound=Change)
Progress = Callable[[int], None]


@dataclass(frozen=True, slots=True)
class Calls(Generic[P]):
    """How one kind of planned change becomes mutation calls.

    ``items`` is the argument path of the list the changes fill (``("variants",)``);
    ``None`` when a call carries one change, which any ``userErrors`` entry refuses.
    """

    document: Document
    batches: Callable[[Sequence[P]], Iterable[list[P]]]
    variables: Callable[[list[P]], dict[str, Any]]
    items: tuple[str, ...] | None


def grouped(key: Callable[[P], str]) -> Callable[[Sequence[P]], Iterator[list[P]]]:
    """Batches of changes sharing ``key`` (what one call takes one of), at most 250 each."""

    def batches(changes: Sequence[P]) -> Iterator[list[P]]:
        groups: dict[str, list[P]] = {}
        for planned in changes:
            groups.setdefault(key(planned), []).append(planned)
        for group in groups.values():
            for start in range(0, len(group), MAX_INPUT_ARRAY_ITEMS):
                yield group[start : start + MAX_INPUT_ARRAY_ITEMS]

    return batches


def describe(found: Sequence[UserError]) -> str:
    """``field: message`` for each error, joined (the code is reported on its own)."""
    return "; ".join(
        f"{'.'.join(error.field)}: {error.message}" if error.field else error.message
        for error in found
    )


def refuse(result: Sent[P], batch: Iterable[P], code: str | None, message: str) -> None:
    result.refused.extend(Refusal(planned, code, message) for planned in batch)


def settle(
    payload: Mapping[str, Any], batch: list[P], result: Sent[P], items: tuple[str, ...] | None
) -> list[P]:
    """Record one answer for ``batch``; the changes to send again (not refused, not applied)."""
    if items is None:
        found = user_errors(payload)
        if found:
            refuse(result, batch, found[0].code, describe(found))
        else:
            result.applied += len(batch)
        return []
    report = item_errors(payload, batch, items)
    if report.ok:
        result.applied += len(batch)
        return []
    for failed in report.failed:
        refuse(result, [failed.item], failed.errors[0].code, describe(failed.errors))
    if report.general:
        held = [batch[index] for index in report.ok_indexes]
        refuse(result, held, report.general[0].code, describe(report.general))
        return []
    return [batch[index] for index in report.ok_indexes]


async def send_direct(
    client: AdminClient,
    calls: Calls[P],
    changes: Sequence[P],
    on_done: Progress | None = None,
) -> Sent[P]:
    """Send ``changes`` call by call; what Shopify refuses is reported, never raised."""
    result: Sent[P] = Sent(sent=len(changes))
    for batch in calls.batches(changes):
        pending = batch
        while pending:
            result.mutations += 1
            try:
                answer = await client.execute(calls.document, calls.variables(pending))
            except (errors.ShopifyGraphQLError, errors.ShopifyGuardError) as exc:
                refuse(result, pending, None, f"Shopify refused the call: {exc}")
                again: list[P] = []
            else:
                again = settle(answer.payload, pending, result, calls.items)
            if on_done is not None:
                on_done(len(pending) - len(again))
            pending = again
    return result
