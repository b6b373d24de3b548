"""``AdminClient``: the Admin GraphQL API of one shop, paced by query cost.

Reading order of one call (:meth:`AdminClient.execute`):

1. **Guard** (:mod:`.cost`): refuse a call Shopify would refuse anyway (requested cost
   over 1,000, an input array over 250 items), before it spends anything.
2. **Pace** (:mod:`.throttle`): the call's cost is what the caller estimated, else what
   Shopify requested the last time this document ran with the same shape, else the
   documented worst case. Callers queue (first come, first served) until the bucket
   estimate covers it, waiting exactly the deficit divided by the restore rate.
3. **Send** with the access token (:mod:`.auth`) and a hard deadline.
4. **Learn** from ``extensions.cost`` of every answer, THROTTLED ones included.
5. **Decide** (:mod:`.retry`): THROTTLED and 429 wait and resend; 5xx, timeouts and
   network errors back off and resend, except a non-idempotent mutation whose outcome
   is unknown; top-level ``errors`` raise ``ShopifyGraphQLError``. Shopify's request
   id (``X-Request-Id``) is logged with every failure and kept on errors and results.

Never logged: the token, the client secret, variables (they carry merchant data).
"""

from __future__ import annotations

import asyncio
import contextlib
import json
import random
import time
from collections.abc import Awaitable, Callable, Mapping
from dataclasses import dataclass
from types import TracebackType
from typing import Any, Final

import aiohttp

from shopbridge import __version__
from shopbridge.config.schema import DEFAULT_API_VERSION, ShopSettings
from shopbridge.engine.retry import RetryPolicy
from shopbridge.errors import (
    ShopifyAuthError,
    ShopifyGraphQLError,
    ShopifyRequestError,
    ShopifyThrottled,
)
from shopbridge.observability.logging import get_logger
from shopbridge.sinks.http.classify import parse_retry_after

from .auth import ClientCredentialsToken, StaticToken, TokenSource
from .cost import check_limits
from .document import Document
from .results import Result
from .retry import DEFAULT_MAX_THROTTLED, DEFAULT_RETRY, Trouble, may_resend
from .stats import ClientStats
from .throttle import BucketEstimate, CostBucket, ThrottleStatus

__all__ = ["DEFAULT_TIMEOUT_SECS", "AdminClient"]

DEFAULT_TIMEOUT_SECS: Final = 30.0
DEFAULT_MAX_CONNECTIONS: Final = 8
DEFAULT_RETRY_AFTER_SECS: Final = 1.0
_USER_AGENT: Final = f"shopbridge/{__version__}"

log = get_logger(__name__)

Clock = Callable[[], float]
Sleep = Callable[[float], Awaitable[None]]


@dataclass(frozen=True, slots=True)
class _Answer:
    status: int
    body: Any
    request_id: str | None
    retry_after: str | None


class _NoAnswer(Exception):
    def __init__(self, trouble: Trouble, detail: str) -> None:
        super().__init__(detail)
        self.trouble = trouble


def _error_code(error: Any) -> str | None:
    extensions = error.get("extensions") if isinstance(error, Mapping) else None
    code = extensions.get("code") if isinstance(extensions, Mapping) else None
    return code if isinstance(code, str) else None


def _cost_figure(body: Any, name: str) -> int | None:
    extensions = body.get("extensions") if isinstance(body, Mapping) else None
    cost = extensions.get("cost") if isinstance(extensions, Mapping) else None
    value = cost.get(name) if isinstance(cost, Mapping) else None
    return int(value) if isinstance(value, int | float) else None


class AdminClient:
    """One shop's Admin GraphQL API; share one instance per shop (it owns the bucket).

    Give ``access_token`` (static) or ``client_id`` and ``client_secret`` (client
    credentials grant). ``admin_api_url`` replaces ``https://{shop}`` (the sandbox or
    a proxy); the path ``/admin/api/{version}/graphql.json`` is appended to it.
    ``clock``, ``sleep`` and ``rng`` are injectable so pacing can be tested without
    waiting.
    """

    def __init__(
        self,
        shop: str,
        *,
        access_token: str | None = None,
        client_id: str | None = None,
        client_secret: str | None = None,
        api_version: str = DEFAULT_API_VERSION,
        admin_api_url: str | None = None,
        timeout_secs: float = DEFAULT_TIMEOUT_SECS,
        retry: RetryPolicy = DEFAULT_RETRY,
        max_throttled: int = DEFAULT_MAX_THROTTLED,
        max_connections: int = DEFAULT_MAX_CONNECTIONS,
        clock: Clock = time.monotonic,
        sleep: Sleep = asyncio.sleep,
        rng: random.Random | None = None,
    ) -> None:
        base = (admin_api_url or f"https://{shop}").rstrip("/")
        self.shop = shop
        self.api_version = api_version
        self.url = f"{base}/admin/api/{api_version}/graphql.json"
        self.tokens: TokenSource
        if access_token:
            self.tokens = StaticToken(access_token)
        elif client_id and client_secret:
            self.tokens = ClientCredentialsToken(
                f"{base}/admin/oauth/access_token", client_id, client_secret, clock=clock
            )
        else:
            raise ValueError("give access_token, or client_id and client_secret")
        self.stats = ClientStats()
        self._bucket = CostBucket(clock)
        self._learned: dict[tuple[str, int], int] = {}
        self._timeout_secs = timeout_secs
        self._retry = retry
        self._max_throttled = max_throttled
        self._max_connections = max_connections
        self._sleep = sleep
        self._rng = rng or random.Random()  # noqa: S311 - jitter, not secrets
        self._clock = clock
        self._pace_lock = asyncio.Lock()
        self._answered = asyncio.Event()
        self._sent = 0
        self._session: aiohttp.ClientSession | None = None
        self._log = log.bind(shop=shop, api_version=api_version)

    @classmethod
    def from_settings(cls, settings: ShopSettings, **options: Any) -> AdminClient:
        """The client for a configured shop (``options`` as for the constructor)."""
        return cls(
            settings.domain,
            access_token=settings.access_token,
            client_id=settings.client_id,
            client_secret=settings.client_secret,
            api_version=settings.api_version,
            admin_api_url=settings.admin_api_url,
            **options,
        )

    @property
    def bucket(self) -> BucketEstimate:
        """The live estimate of Shopify's cost bucket for this app on this shop."""
        return self._bucket.estimate()

    async def execute(
        self,
        document: Document,
        variables: Mapping[str, Any] | None = None,
        *,
        cost: int | None = None,
        idempotent: bool = False,
    ) -> Result:
        """Run ``document``; ``cost`` is the caller's estimate of the requested cost.

        ``idempotent=True`` declares a mutation safe to resend after an unknown
        outcome (see :mod:`.retry`). Raises ``ShopifyGuardError`` before sending,
        ``ShopifyGraphQLError`` for top-level errors, ``ShopifyThrottled``,
        ``ShopifyRequestError`` or ``ShopifyAuthError`` when retries cannot help.
        """
        estimate = check_limits(document, variables)
        learned_key = (document.name, estimate)
        pace_cost = cost if cost is not None else self._learned.get(learned_key, estimate)
        resendable = {
            "mutation": document.is_mutation,
            "idempotent": document.idempotent or idempotent,
        }
        payload = json.dumps(
            {
                "query": document.text,
                "variables": dict(variables or {}),
                "operationName": document.name,
            }
        ).encode()
        failures = throttled = 0
        token_refreshed = False
        while True:
            await self._pace(pace_cost)
            token = ""
            try:
                token = await self._token()
                self._sent += 1
                sequence = self._sent
                answer = await self._post(payload, token)
                status = self._observe(answer, sequence)
            except _NoAnswer as missing:
                trouble, answer, status, detail = missing.trouble, None, None, str(missing)
            finally:
                self._bucket.release(pace_cost)
                self._answered.set()  # pacers waiting on an answer look again
            if answer is not None:
                if answer.status == 200 and isinstance(answer.body, dict):
                    errors = answer.body.get("errors")
                    if not errors:
                        return self._succeeded(document, answer, status, learned_key)
                    if not any(_error_code(e) == "THROTTLED" for e in errors):
                        self._log.warning(
                            "shopify_graphql_errors",
                            document=document.name,
                            request_id=answer.request_id,
                            errors=errors[:5],
                        )
                        raise ShopifyGraphQLError(
                            list(errors),
                            data=answer.body.get("data"),
                            request_id=answer.request_id,
                        )
                    throttled += 1
                    requested = _cost_figure(answer.body, "requestedQueryCost")
                    pace_cost = max(pace_cost, requested or 0)
                    self._throttled(document, answer, throttled, self._bucket.wait_secs(pace_cost))
                    continue
                if answer.status in (401, 403):
                    if not token_refreshed and self.tokens.refused(token):
                        token_refreshed = True
                        self._log.warning("shopify_token_refused", request_id=answer.request_id)
                        continue
                    raise ShopifyAuthError(
                        f"Shopify refused the access token for {self.shop} (HTTP "
                        f"{answer.status}); check the token and the app's access scopes",
                        request_id=answer.request_id,
                    )
                if answer.status == 429:
                    throttled += 1
                    wait = parse_retry_after(answer.retry_after, now=time.time())
                    wait = DEFAULT_RETRY_AFTER_SECS if wait is None else wait
                    self._throttled(document, answer, throttled, wait)
                    await self._sleep(wait)
                    continue
                if answer.status < 500 and answer.status != 200:
                    raise ShopifyRequestError(
                        f"{document.name}: HTTP {answer.status} from {self.shop}",
                        status_code=answer.status,
                        request_id=answer.request_id,
                    )
                trouble = Trouble.SERVER_ERROR
                detail = f"HTTP {answer.status}" + ("" if answer.status != 200 else " (no JSON)")
            failures += 1
            request_id = answer.request_id if answer else None
            resend = may_resend(trouble, **resendable)
            if not resend or self._retry.exhausted(failures):
                unknown = trouble.outcome_unknown and document.is_mutation
                self._log.warning(
                    "shopify_call_failed",
                    document=document.name,
                    trouble=trouble.value,
                    detail=detail,
                    attempt=failures,
                    outcome_unknown=unknown,
                    request_id=request_id,
                )
                why = "not resent: it may have run" if not resend else "no attempts left"
                raise ShopifyRequestError(
                    f"{document.name}: {detail} from {self.shop} ({why})",
                    status_code=answer.status if answer else None,
                    outcome_unknown=unknown,
                    request_id=request_id,
                )
            requested_secs = (
                parse_retry_after(answer.retry_after, now=time.time()) if answer else None
            )
            delay = self._retry.delay(failures, requested_secs, self._rng)
            self.stats.retries += 1
            self._log.info(
                "shopify_call_retried",
                document=document.name,
                trouble=trouble.value,
                detail=detail,
                attempt=failures,
                delay_secs=round(delay, 3),
                request_id=request_id,
            )
            await self._sleep(delay)

    async def close(self) -> None:
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def __aenter__(self) -> AdminClient:
        return self

    async def __aexit__(
        self,
        exc_type: type[BaseException] | None,
        exc: BaseException | None,
        traceback: TracebackType | None,
    ) -> None:
        await self.close()

    async def _pace(self, cost: float) -> None:
        """Wait (first come, first served) until the bucket covers ``cost``, then hold it.

        Until Shopify first reports the bucket, one call goes alone as a probe. While
        calls are in flight, their answers (with the refund of unused cost) may cover
        the deficit sooner than the refill would, so the wait ends at the next answer.
        """
        async with self._pace_lock:
            while True:
                in_flight = self._bucket.estimate().in_flight_cost > 0
                unknown = self._bucket.status is None
                wait = self._bucket.wait_secs(cost)
                if not (unknown and in_flight) and wait <= 0:
                    break
                self.stats.paced_waits += 1
                started = self._clock()
                if in_flight:
                    self._answered.clear()
                    with contextlib.suppress(TimeoutError):
                        await asyncio.wait_for(self._answered.wait(), None if unknown else wait)
                else:
                    await self._sleep(wait)
                self.stats.paced_secs += max(0.0, self._clock() - started)
            self._bucket.reserve(cost)

    async def _token(self) -> str:
        try:
            return await self.tokens.token(self._ensure_session())
        except ShopifyRequestError as exc:  # the grant endpoint did not answer: nothing sent
            raise _NoAnswer(Trouble.NOT_SENT, str(exc)) from exc

    async def _post(self, payload: bytes, token: str) -> _Answer:
        headers = {
            "Content-Type": "application/json",
            "Accept": "application/json",
            "User-Agent": _USER_AGENT,
            "X-Shopify-Access-Token": token,
        }
        self.stats.calls += 1
        try:
            async with self._ensure_session().post(
                self.url, data=payload, headers=headers, allow_redirects=False
            ) as response:
                raw = await response.read()
                request_id = response.headers.get("X-Request-Id")
                deprecated = response.headers.get("X-Shopify-API-Deprecated-Reason")
                if deprecated:
                    self._log.warning(
                        "shopify_deprecation_reported", reason=deprecated, request_id=request_id
                    )
                try:
                    body = json.loads(raw) if raw else None
                except ValueError:
                    body = None
                return _Answer(
                    response.status, body, request_id, response.headers.get("Retry-After")
                )
        except aiohttp.ClientConnectorError as exc:
            raise _NoAnswer(Trouble.NOT_SENT, f"cannot connect: {exc}") from exc
        except TimeoutError as exc:
            raise _NoAnswer(Trouble.LOST, f"no answer within {self._timeout_secs}s") from exc
        except aiohttp.ClientError as exc:
            raise _NoAnswer(Trouble.LOST, f"{type(exc).__name__}: {exc}") from exc

    def _observe(self, answer: _Answer, sequence: int) -> ThrottleStatus | None:
        body = answer.body
        status = ThrottleStatus.from_extensions(
            body.get("extensions") if isinstance(body, dict) else None
        )
        if status is not None:
            self._bucket.observe(status, sequence)
        return status

    def _succeeded(
        self,
        document: Document,
        answer: _Answer,
        status: ThrottleStatus | None,
        learned_key: tuple[str, int],
    ) -> Result:
        requested = _cost_figure(answer.body, "requestedQueryCost")
        actual = _cost_figure(answer.body, "actualQueryCost")
        if requested is not None:
            self._learned[learned_key] = requested
            self.stats.cost_requested += requested
        self.stats.succeeded += 1
        self.stats.cost_used += actual or 0
        data = answer.body.get("data")
        return Result(
            document,
            data if isinstance(data, dict) else {},
            answer.request_id,
            requested,
            actual,
            status,
        )

    def _throttled(self, document: Document, answer: _Answer, count: int, wait: float) -> None:
        self.stats.throttled += 1
        if count > self._max_throttled:
            raise ShopifyThrottled(
                f"{document.name}: still throttled after {count - 1} waits; the shop's "
                "API budget is used up by other work, try again later",
                wait_secs=wait,
                request_id=answer.request_id,
            )
        self.stats.retries += 1
        self._log.info(
            "shopify_call_throttled",
            document=document.name,
            status=answer.status,
            wait_secs=round(wait, 3),
            request_id=answer.request_id,
        )

    def _ensure_session(self) -> aiohttp.ClientSession:
        if self._session is None:
            self._session = aiohttp.ClientSession(
                connector=aiohttp.TCPConnector(limit=self._max_connections),
                timeout=aiohttp.ClientTimeout(total=self._timeout_secs),
                trust_env=False,
            )
        return self._session
