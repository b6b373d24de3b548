"""The one place that turns an HTTP answer, or the lack of one, into an outcome.

Pure functions, tested with tables: the sink measures and records, this module
decides. The rules, in order:

- 2xx: delivered.
- a status in the destination's ``retry_on_status`` (408, 425, 429 and the
  usual 5xx by default), or any other 5xx: retry, honouring ``Retry-After``.
  A server error is presumed temporary; retries are bounded by the retry
  policy, and a visible retry beats a silent drop.
- 3xx: rejected, because redirects are not followed (a redirect could lead the
  delivery to an address the guard never saw); the fix is the destination URL.
- other 4xx: rejected; the receiver refused this payload and will again.
- no answer (timeout, refused connection, DNS failure, reset): retry.
- the SSRF guard refused the address, or the URL is invalid: rejected.
"""

from __future__ import annotations

import email.utils
import math
import re
from collections.abc import Collection, Mapping
from datetime import UTC

import aiohttp

from shopbridge.engine.outcomes import Delivered, Outcome, Reject, Retry
from shopbridge.errors import DestinationBlockedError

__all__ = ["classify_exception", "classify_response", "parse_retry_after"]

REASON_EXCERPT_CHARS = 160

_SECONDS = re.compile(r"\d+(\.\d+)?")
_WHITESPACE = re.compile(r"\s+")


def classify_response(
    status: int,
    headers: Mapping[str, str],
    body_excerpt: str,
    *,
    host: str,
    retry_on_status: Collection[int],
    now: float,
) -> Outcome:
    """The outcome of an attempt that got an HTTP answer; ``now`` is unix seconds."""
    if 200 <= status < 300:
        return Delivered(status_code=status)
    reason = f"HTTP {status} from {host}"
    detail = _one_line(body_excerpt)
    if status in retry_on_status or 500 <= status < 600:
        after = parse_retry_after(_header(headers, "Retry-After"), now=now)
        return Retry(reason=_join(reason, detail), status_code=status, after_secs=after)
    if 300 <= status < 400:
        location = _header(headers, "Location")
        where = f" to {location}" if location else ""
        return Reject(
            reason=f"{reason}: redirects are not followed (redirected{where}); "
            "update the destination URL",
            status_code=status,
        )
    if 400 <= status < 500:
        return Reject(reason=_join(reason, detail), status_code=status)
    return Retry(reason=_join(f"unexpected {reason}", detail), status_code=status)


def classify_exception(exc: BaseException, *, host: str, timeout_secs: float) -> Retry | Reject:
    """The outcome of an attempt that raised instead of getting an answer."""
    if isinstance(exc, DestinationBlockedError):
        return Reject(reason=str(exc))
    if isinstance(exc, aiohttp.InvalidURL):
        return Reject(reason=f"invalid destination URL: {exc}")
    if isinstance(exc, TimeoutError):  # asyncio's and aiohttp's timeouts are TimeoutError
        return Retry(reason=f"timed out after {float(timeout_secs)} s ({host})")
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return Retry(reason=f"could not resolve {host}: {_os_detail(exc.os_error)}")
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return Retry(reason=f"TLS certificate of {host} not accepted: {exc.certificate_error}")
    if isinstance(exc, aiohttp.ClientSSLError):
        return Retry(reason=f"TLS handshake with {host} failed: {_os_detail(exc.os_error)}")
    if isinstance(exc, aiohttp.ClientConnectorError):
        return Retry(reason=f"could not connect to {host}:{exc.port}: {_os_detail(exc.os_error)}")
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return Retry(reason=f"{host} closed the connection before answering")
    if isinstance(exc, aiohttp.ClientPayloadError):
        return Retry(reason=f"the answer from {host} was cut off: {exc}")
    if isinstance(exc, aiohttp.ClientError):
        return Retry(reason=f"HTTP client error talking to {host}: {_describe(exc)}")
    return Retry(reason=f"unexpected error: {_describe(exc)}")


def parse_retry_after(value: str | None, *, now: float) -> float | None:
    """Seconds to wait from a ``Retry-After`` value (seconds or HTTP-date); None for junk."""
    if value is None:
        return None
    text = value.strip()
    if _SECONDS.fullmatch(text):
        secs = float(text)
        return secs if math.isfinite(secs) else None
    try:
        when = email.utils.parsedate_to_datetime(text)
    except (TypeError, ValueError, IndexError, OverflowError):
        return None
    if when.tzinfo is None:  # "-0000" and zone-less dates mean UTC (RFC 5322 / 9110)
        when = when.replace(tzinfo=UTC)
    return max(0.0, when.timestamp() - now)


def _header(headers: Mapping[str, str], name: str) -> str | None:
    """Case-insensitive lookup, so plain dicts work as well as aiohttp's headers."""
    value = headers.get(name)
    if value is not None:
        return value
    lowered = name.lower()
    return next((v for k, v in headers.items() if k.lower() == lowered), None)


def _one_line(text: str) -> str:
    line = _WHITESPACE.sub(" ", text).strip()
    if len(line) > REASON_EXCERPT_CHARS:
        return line[: REASON_EXCERPT_CHARS - 1] + "…"
    return line


def _join(reason: str, detail: str) -> str:
    return f"{reason}: {detail}" if detail else reason


def _os_detail(error: OSError) -> str:
    return error.strerror or str(error) or type(error).__name__


def _describe(exc: BaseException) -> str:
    text = str(exc)
    return f"{type(exc).__name__}: {text}" if text else type(exc).__name__
