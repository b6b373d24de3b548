"""Tables: what each HTTP answer, or each failure to get one, means for a delivery."""

from __future__ import annotations

import errno
import socket
from datetime import UTC, datetime
from email.utils import format_datetime

import aiohttp
import pytest
from aiohttp.client_reqrep import ConnectionKey

from shopbridge.config.schema import DEFAULT_RETRY_STATUSES
from shopbridge.engine.outcomes import Delivered, Outcome, Reject, Retry
from shopbridge.errors import DestinationBlockedError
from shopbridge.sinks.http.classify import classify_exception, classify_response, parse_retry_after

NOW = 1_800_000_000.0
HOST = "erp.example.com"


def _classify(
    status: int,
    headers: dict[str, str] | None = None,
    body: str = "",
    retry_on: list[int] = DEFAULT_RETRY_STATUSES,
) -> Outcome:
    return classify_response(
        status, headers or {}, body, host=HOST, retry_on_status=retry_on, now=NOW
    )


@pytest.mark.parametrize("status", [200, 201, 202, 204, 299])
def test_2xx_is_delivered(status: int) -> None:
    assert _classify(status) == Delivered(status_code=status)


@pytest.mark.parametrize("status", [408, 425, 429, 500, 502, 503, 504])
def test_default_retry_statuses_retry(status: int) -> None:
    outcome = _classify(status)
    assert isinstance(outcome, Retry)
    assert outcome.status_code == status
    assert outcome.reason == f"HTTP {status} from {HOST}"
    assert outcome.after_secs is None


@pytest.mark.parametrize("status", [501, 505, 507, 520, 522, 599])
def test_other_server_errors_retry_too(status: int) -> None:
    assert isinstance(_classify(status), Retry)


@pytest.mark.parametrize("status", [400, 401, 403, 404, 409, 410, 413, 422, 451, 499])
def test_other_client_errors_are_rejected(status: int) -> None:
    outcome = _classify(status)
    assert isinstance(outcome, Reject)
    assert outcome.status_code == status
    assert outcome.reason.startswith(f"HTTP {status} from {HOST}")


def test_configured_retry_statuses_decide_for_4xx() -> None:
    assert isinstance(_classify(409, retry_on=[409, 503]), Retry)
    assert isinstance(_classify(429, retry_on=[409, 503]), Reject)


@pytest.mark.parametrize("status", [300, 301, 302, 303, 307, 308])
def test_redirects_are_rejected_not_followed(status: int) -> None:
    outcome = _classify(status, {"Location": "http://169.254.169.254/latest"})
    assert isinstance(outcome, Reject)
    assert "redirects are not followed" in outcome.reason
    assert "http://169.254.169.254/latest" in outcome.reason


@pytest.mark.parametrize("status", [100, 101, 199, 600, 999])
def test_unexpected_statuses_retry(status: int) -> None:
    outcome = _classify(status)
    assert isinstance(outcome, Retry)
    assert outcome.reason.startswith(f"unexpected HTTP {status}")


def test_reason_carries_a_short_one_line_body_excerpt() -> None:
    outcome = _classify(422, body='{"error":\n  "unknown SKU ABC-1"}')
    assert outcome == Reject(
        reason=f'HTTP 422 from {HOST}: {{"error": "unknown SKU ABC-1"}}', status_code=422
    )
    long = _classify(500, body="x" * 10_000)
    assert isinstance(long, Retry)
    assert len(long.reason) < 200
    assert long.reason.endswith("…")


@pytest.mark.parametrize(
    ("headers", "after"),
    [
        ({"Retry-After": "1.5"}, 1.5),
        ({"retry-after": "120"}, 120.0),
        ({"RETRY-AFTER": " 7 "}, 7.0),
        ({"Retry-After": "soon"}, None),
        ({}, None),
    ],
)
def test_retry_after_is_read_case_insensitively(headers: dict[str, str], after: float) -> None:
    outcome = _classify(503, headers)
    assert isinstance(outcome, Retry)
    assert outcome.after_secs == after


def _http_date(offset_secs: float) -> str:
    return format_datetime(datetime.fromtimestamp(NOW + offset_secs, tz=UTC), usegmt=True)


@pytest.mark.parametrize(
    ("value", "secs"),
    [
        ("0", 0.0),
        ("1", 1.0),
        ("1.5", 1.5),
        ("0.25", 0.25),
        ("3600", 3600.0),
        (_http_date(90), 90.0),
        (_http_date(-90), 0.0),  # a date in the past means now
        ("Fri, 15 Jan 2027 09:00:00 GMT", 3600.0),  # NOW is 2027-01-15 08:00:00 UTC
        ("Friday, 15-Jan-27 09:00:00 GMT", 3600.0),  # obsolete forms RFC 9110 still accepts
        ("Fri Jan 15 09:00:00 2027", 3600.0),
        (None, None),
        ("", None),
        ("-5", None),
        ("1e3", None),
        ("inf", None),
        ("nan", None),
        ("0x10", None),
        ("1.", None),
        ("in a minute", None),
        ("Funday, 99 Foo 2027 99:99:99 GMT", None),
        ("9" * 400, None),
    ],
)
def test_parse_retry_after(value: str | None, secs: float | None) -> None:
    assert parse_retry_after(value, now=NOW) == secs


def _key(host: str = HOST, port: int = 443) -> ConnectionKey:
    return ConnectionKey(host, port, True, True, None, None, None)


@pytest.mark.parametrize(
    ("exc", "kind", "reason"),
    [
        (TimeoutError(), Retry, f"timed out after 10.0 s ({HOST})"),
        (aiohttp.ConnectionTimeoutError(), Retry, "timed out after 10.0 s"),
        (aiohttp.SocketTimeoutError(), Retry, "timed out after 10.0 s"),
        (
            aiohttp.ClientConnectorError(
                _key(), ConnectionRefusedError(errno.ECONNREFUSED, "Connection refused")
            ),
            Retry,
            f"could not connect to {HOST}:443: Connection refused",
        ),
        (
            aiohttp.ClientConnectorDNSError(
                _key(), socket.gaierror(socket.EAI_NONAME, "Name or service not known")
            ),
            Retry,
            f"could not resolve {HOST}: Name or service not known",
        ),
        (
            aiohttp.ServerDisconnectedError(),
            Retry,
            f"{HOST} closed the connection before answering",
        ),
        (aiohttp.ClientPayloadError("truncated"), Retry, f"the answer from {HOST} was cut off"),
        (aiohttp.ClientOSError(errno.ECONNRESET, "reset"), Retry, "HTTP client error"),
        (aiohttp.InvalidURL("http://2130706433/"), Reject, "invalid destination URL"),
        (
            DestinationBlockedError("refused to connect to x at 127.0.0.1: a loopback address"),
            Reject,
            "refused to connect to x at 127.0.0.1: a loopback address",
        ),
        (RuntimeError("boom"), Retry, "unexpected error: RuntimeError: boom"),
        (KeyError("k"), Retry, "unexpected error: KeyError"),
    ],
)
def test_exceptions(exc: BaseException, kind: type[Retry | Reject], reason: str) -> None:
    outcome = classify_exception(exc, host=HOST, timeout_secs=10)
    assert type(outcome) is kind
    assert outcome.reason.startswith(reason)
    assert outcome.status_code is None
