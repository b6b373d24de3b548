"""Admin API rate limiting: the leaky bucket per (app, shop) and Shopify's answers.

How a request is charged (https://shopify.dev/docs/apps/build/apis/graphql-admin/rate-limits,
confirmed by live measurements, API 2026-07): the bucket must hold the *requested*
cost for the query to run; afterwards the difference to the *actual* cost is refunded,
so the bucket ends up charged the actual cost. A query with requested 862 and actual
158 took a 4,000 bucket to 3,842. The bucket refills continuously at the plan's
restore rate, up to its size. Shopify no longer prints bucket sizes; real responses
show 20 x the restore rate (2,000 at 100/s, 4,000 at 200/s, 20,000 at 1,000/s).

Order of checks for one request, as the server should apply them::

    errors = input_array_errors(schema, document, variables)   # MAX_INPUT_SIZE_EXCEEDED
    requested = requested_cost(schema, document, variables)
    if (too_big := max_cost_exceeded(requested)) is not None:  # > 1,000: no charge
        return too_big
    decision = bucket.try_spend(requested)
    if not decision.allowed:
        return throttled_body(requested, decision.status)      # HTTP 200
    ... execute, compute actual ...
    bucket.refund(requested - actual)
    body["extensions"] = cost_extensions(requested, actual, bucket.status())

Response shapes are copied from real responses: THROTTLED (HTTP 200, no
``Retry-After``, ``actualQueryCost: null``) and MAX_COST_EXCEEDED (error extensions
``cost``/``maxCost``, and no top-level ``extensions`` at all), both measured against a
live store on 2026-08-28.
"""

from __future__ import annotations

import math
import time
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any, Final, TypedDict

from graphql import GraphQLSchema, parse
from graphql.language import (
    DocumentNode,
    FieldNode,
    FragmentDefinitionNode,
    FragmentSpreadNode,
    InlineFragmentNode,
    SelectionSetNode,
)
from graphql.utilities import value_from_ast_untyped

from shopbridge.sandbox.validation import Location, ShopifyError, select_operation

__all__ = [
    "MAX_INPUT_ARRAY_SIZE",
    "PLANS",
    "RATE_LIMITS_DOC",
    "SINGLE_QUERY_MAX_COST",
    "BucketRegistry",
    "LeakyBucket",
    "Plan",
    "ThrottleDecision",
    "ThrottleStatus",
    "cost_extensions",
    "input_array_errors",
    "max_cost_exceeded",
    "max_cost_exceeded_body",
    "throttled_body",
]

SINGLE_QUERY_MAX_COST: Final = 1000
MAX_INPUT_ARRAY_SIZE: Final = 250
RATE_LIMITS_DOC: Final = "https://shopify.dev/api/usage/rate-limits"

Clock = Callable[[], float]

# Clock readings are large floats (epoch or monotonic seconds); differences of them carry
# rounding of ~1e-7 s, i.e. up to ~1e-3 points at 2,000 points/s. Amounts within this
# margin count as equal, so a wait of exactly retry_after_secs always suffices.
_EPSILON: Final = 1e-3


@dataclass(frozen=True, slots=True)
class Plan:
    """A store plan's GraphQL Admin API limits: restore rate and bucket size."""

    name: str
    restore_rate: float
    maximum_available: float


# Restore rates: shopify.dev rate-limits page (2025-2026). Bucket sizes: 20 x the restore
# rate, as seen in real responses for standard (2,000) and plus (20,000); advanced and
# enterprise follow the same rule (advanced's 4,000 also measured live, 2026-08-28).
PLANS: Final[Mapping[str, Plan]] = {
    "standard": Plan("standard", 100.0, 2_000.0),
    "advanced": Plan("advanced", 200.0, 4_000.0),
    "plus": Plan("plus", 1_000.0, 20_000.0),
    "enterprise": Plan("enterprise", 2_000.0, 40_000.0),
}


class ThrottleStatus(TypedDict):
    """``extensions.cost.throttleStatus`` exactly as Shopify writes it."""

    maximumAvailable: float
    currentlyAvailable: int
    restoreRate: float


@dataclass(frozen=True, slots=True)
class ThrottleDecision:
    """The outcome of asking the bucket for a query's requested cost."""

    allowed: bool
    requested: int
    status: ThrottleStatus
    retry_after_secs: float

    @property
    def throttled(self) -> bool:
        return not self.allowed


class LeakyBucket:
    """One (app, shop) budget of cost points, refilled continuously.

    ``clock`` returns seconds (monotonic); tests pass a fake one. ``restore_rate`` can
    be lowered at runtime to simulate Shopify temporarily reducing limits.
    """

    def __init__(
        self,
        plan: Plan | str = "standard",
        clock: Clock = time.monotonic,
        *,
        restore_rate: float | None = None,
        maximum_available: float | None = None,
    ) -> None:
        chosen = PLANS[plan] if isinstance(plan, str) else plan
        self.plan = chosen
        self._clock = clock
        self._restore_rate = float(
            restore_rate if restore_rate is not None else chosen.restore_rate
        )
        self._maximum = float(
            maximum_available if maximum_available is not None else chosen.maximum_available
        )
        if self._restore_rate < 0 or self._maximum <= 0:
            raise ValueError("restore rate must be >= 0 and bucket size > 0")
        self._available = self._maximum
        self._updated = clock()

    @property
    def restore_rate(self) -> float:
        return self._restore_rate

    @property
    def maximum_available(self) -> float:
        return self._maximum

    def set_restore_rate(self, points_per_sec: float) -> None:
        """Change the refill speed from now on (fault injection: throttle pressure)."""
        if points_per_sec < 0:
            raise ValueError("restore rate must be >= 0")
        self._refill()
        self._restore_rate = float(points_per_sec)

    def _refill(self) -> float:
        now = self._clock()
        elapsed = max(0.0, now - self._updated)
        self._updated = now
        self._available = min(self._maximum, self._available + elapsed * self._restore_rate)
        return self._available

    def available(self) -> float:
        """Points available now, with fractions."""
        return self._refill()

    def status(self) -> ThrottleStatus:
        available = self._refill()
        return {
            "maximumAvailable": self._maximum,
            "currentlyAvailable": math.floor(available + _EPSILON),
            "restoreRate": self._restore_rate,
        }

    def try_spend(self, requested: int) -> ThrottleDecision:
        """Take ``requested`` points if they are all there; otherwise change nothing."""
        if requested < 0:
            raise ValueError("requested cost cannot be negative")
        available = self._refill()
        if requested <= available + _EPSILON:
            self._available = max(0.0, available - requested)
            return ThrottleDecision(True, requested, self.status(), 0.0)
        missing = requested - available
        wait = math.inf if self._restore_rate == 0 else missing / self._restore_rate
        return ThrottleDecision(False, requested, self.status(), wait)

    def refund(self, points: float) -> None:
        """Give back ``points`` (requested minus actual cost), never above the bucket size."""
        if points < 0:
            raise ValueError("refund cannot be negative; charge with try_spend")
        available = self._refill()
        self._available = min(self._maximum, available + points)


class BucketRegistry:
    """Buckets keyed by (app, shop): one app's calls never spend another app's budget."""

    def __init__(
        self,
        plan_for_shop: Callable[[str], Plan | str] | None = None,
        clock: Clock = time.monotonic,
    ) -> None:
        self._plan_for_shop = plan_for_shop or (lambda _shop: "standard")
        self._clock = clock
        self._buckets: dict[tuple[str, str], LeakyBucket] = {}

    def bucket(self, app: str, shop: str) -> LeakyBucket:
        key = (app, shop)
        found = self._buckets.get(key)
        if found is None:
            found = LeakyBucket(self._plan_for_shop(shop), self._clock)
            self._buckets[key] = found
        return found

    def __iter__(self) -> Iterator[tuple[tuple[str, str], LeakyBucket]]:
        return iter(self._buckets.items())


# --- response bodies ----------------------------------------------------------------------


def cost_extensions(
    requested: int,
    actual: int | None,
    status: ThrottleStatus,
    fields: Sequence[Mapping[str, Any]] | None = None,
) -> dict[str, Any]:
    """The top-level ``extensions`` of a response (add ``fields`` for cost debug)."""
    cost: dict[str, Any] = {
        "requestedQueryCost": requested,
        "actualQueryCost": actual,
        "throttleStatus": dict(status),
    }
    if fields is not None:
        cost["fields"] = [dict(entry) for entry in fields]
    return {"cost": cost}


def throttled_body(requested: int, status: ThrottleStatus) -> dict[str, Any]:
    """The body Shopify answers (with HTTP 200 and no Retry-After) when throttled."""
    return {
        "errors": [
            {
                "message": "Throttled",
                "extensions": {"code": "THROTTLED", "documentation": RATE_LIMITS_DOC},
            }
        ],
        "extensions": cost_extensions(requested, None, status),
    }


def max_cost_exceeded_body(cost: int, max_cost: int = SINGLE_QUERY_MAX_COST) -> dict[str, Any]:
    """The body for a query costing more than the single-query maximum (no top-level
    ``extensions``: the cost sits in the error's own extensions)."""
    message = (
        f"Query cost is {cost}, which exceeds the single query max cost limit ({max_cost}).\n"
        "\n"
        "See https://shopify.dev/docs/api/usage/rate-limits for more information on how the\n"
        "cost of a query is calculated.\n"
        "\n"
        "To query larger amounts of data with fewer limits, bulk operations should be used "
        "instead.\n"
        "See https://shopify.dev/docs/api/usage/bulk-operations/queries for usage details.\n"
    )
    return {
        "errors": [
            {
                "message": message,
                "extensions": {
                    "code": "MAX_COST_EXCEEDED",
                    "cost": cost,
                    "maxCost": max_cost,
                    "documentation": RATE_LIMITS_DOC,
                },
            }
        ]
    }


def max_cost_exceeded(
    requested: int, max_cost: int = SINGLE_QUERY_MAX_COST
) -> dict[str, Any] | None:
    """The MAX_COST_EXCEEDED body when ``requested`` is over the limit, else None."""
    return max_cost_exceeded_body(requested, max_cost) if requested > max_cost else None


# --- input arrays -------------------------------------------------------------------------


def _oversized(value: Any, path: list[str | int]) -> Iterator[tuple[list[str | int], int]]:
    if isinstance(value, list | tuple):
        if len(value) > MAX_INPUT_ARRAY_SIZE:
            yield path, len(value)
        for index, item in enumerate(value):
            yield from _oversized(item, [*path, index])
    elif isinstance(value, Mapping):
        for key, item in value.items():
            yield from _oversized(item, [*path, str(key)])


def _fields(
    selection_set: SelectionSetNode,
    fragments: Mapping[str, FragmentDefinitionNode],
    path: tuple[str, ...],
    seen: frozenset[str] = frozenset(),
) -> Iterator[tuple[FieldNode, tuple[str, ...]]]:
    for selection in selection_set.selections:
        if isinstance(selection, FieldNode):
            key = selection.alias.value if selection.alias else selection.name.value
            yield selection, (*path, key)
            if selection.selection_set:
                yield from _fields(selection.selection_set, fragments, (*path, key), seen)
        elif isinstance(selection, InlineFragmentNode):
            yield from _fields(selection.selection_set, fragments, path, seen)
        elif isinstance(selection, FragmentSpreadNode):
            name = selection.name.value
            fragment = fragments.get(name)
            if fragment is not None and name not in seen:
                yield from _fields(fragment.selection_set, fragments, path, seen | {name})


def input_array_errors(
    schema: GraphQLSchema,
    document: DocumentNode | str,
    variables: Mapping[str, Any] | None = None,
    operation_name: str | None = None,
) -> list[ShopifyError]:
    """MAX_INPUT_SIZE_EXCEEDED errors for argument arrays longer than 250 items.

    The limit is documented (https://shopify.dev/docs/api/usage/limits, "Input
    arguments that accept an array have a maximum size of 250 for all APIs"); the
    documentation gives no error text. The wording and code below come from
    third-party Shopify emulators whose fixtures say they were captured from the live
    API: "The input array size of 300 is greater than the maximum allowed of 250.",
    code MAX_INPUT_SIZE_EXCEEDED, path = field, argument, nested keys.
    """
    del schema  # the limit applies to every array argument, whatever its type
    parsed = parse(document) if isinstance(document, str) else document
    operation = select_operation(parsed, operation_name)
    if operation is None:
        return []
    fragments = {
        d.name.value: d for d in parsed.definitions if isinstance(d, FragmentDefinitionNode)
    }
    values: dict[str, Any] = {}
    for definition in operation.variable_definitions or ():
        if definition.default_value is not None:
            values[definition.variable.name.value] = value_from_ast_untyped(
                definition.default_value
            )
    values.update(variables or {})
    errors: list[ShopifyError] = []
    for field, field_path in _fields(operation.selection_set, fragments, ()):
        for argument in field.arguments or ():
            value = value_from_ast_untyped(argument.value, values)
            for where, size in _oversized(value, [*field_path, argument.name.value]):
                error: ShopifyError = {
                    "message": (
                        f"The input array size of {size} is greater than the maximum "
                        f"allowed of {MAX_INPUT_ARRAY_SIZE}."
                    )
                }
                if field.loc is not None:
                    start = field.loc.source.get_location(field.loc.start)
                    location: Location = {"line": start.line, "column": start.column}
                    error["locations"] = [location]
                error["path"] = where
                error["extensions"] = {"code": "MAX_INPUT_SIZE_EXCEEDED"}
                errors.append(error)
    return errors
