"""Structured logs: one JSON object a line, each naming what happened in ``action``.

Call sites log events, not sentences: ``log.info("event_received", event_id=7)``.
The event name becomes ``action`` (snake_case, past tense), so logs can be counted
and searched by what happened rather than by wording.

Everything goes through the standard library's root handler, structlog calls and
third-party records (uvicorn, aiohttp) alike, so there is one stream and one format.
A redaction step runs last before rendering and blanks credentials wherever they
appear, because a header dict logged in a hurry is how secrets end up in log storage.
"""

from __future__ import annotations

import logging
import re
import sys
from collections.abc import Mapping
from typing import Final, Literal, TextIO

import structlog
from structlog.typing import EventDict, Processor, WrappedLogger

__all__ = ["FOREIGN_ACTION", "REDACTED", "configure_logging", "get_logger", "redact"]

REDACTED: Final = "[REDACTED]"
# Matched anywhere in a key, case-insensitively: ``X-Shopify-Hmac-Sha256``,
# ``webhook_secret``, ``Authorization``, ``x-api-key``, ``access_token``.
_SENSITIVE_KEY: Final = re.compile(
    r"secret|token|password|passwd|authorization|cookie|hmac|signature|api[_-]?key",
    re.IGNORECASE,
)
# Third-party records carry prose, not an action; they get this one and keep the text.
FOREIGN_ACTION: Final = "message_logged"
# Loggers that install their own handlers; we send them to the root handler instead.
_ADOPTED_LOGGERS: Final = ("uvicorn", "uvicorn.error", "uvicorn.access")

_SHARED: Final[list[Processor]] = [
    structlog.contextvars.merge_contextvars,
    structlog.stdlib.add_log_level,
    structlog.stdlib.add_logger_name,
    structlog.processors.TimeStamper(fmt="iso", utc=True, key="timestamp"),
]


def _is_sensitive(key: object) -> bool:
    return isinstance(key, str) and _SENSITIVE_KEY.search(key) is not None


def _scrub(value: object) -> object:
    if isinstance(value, Mapping):
        return {k: REDACTED if _is_sensitive(k) else _scrub(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        # A (name, value) pair, as in a list of HTTP headers.
        if len(value) == 2 and _is_sensitive(value[0]):
            items: list[object] = [value[0], REDACTED]
        else:
            items = [_scrub(item) for item in value]
        return items if isinstance(value, list) else tuple(items)
    return value


def redact(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """Replace the value of every credential-like key, at any depth, with ``[REDACTED]``."""
    return {
        key: REDACTED if _is_sensitive(key) else _scrub(value) for key, value in event_dict.items()
    }


def _name_action(_: WrappedLogger, __: str, event_dict: EventDict) -> EventDict:
    """structlog's ``event`` is our ``action``; a stdlib record's text becomes ``message``.

    The fixed fields come first so a line reads well in a terminal and in ``jq``.
    """
    text = event_dict.pop("event", None)
    head: EventDict = {
        "timestamp": event_dict.pop("timestamp", None),
        "level": event_dict.pop("level", None),
    }
    if event_dict.get("_from_structlog", True):
        head["action"] = text
    else:
        head["action"] = FOREIGN_ACTION
        head["message"] = text
    return {**head, **event_dict}


def configure_logging(
    level: str = "info",
    fmt: Literal["json", "console"] = "json",
    *,
    stream: TextIO | None = None,
) -> None:
    """Send every log record to ``stream`` (stderr by default) as JSON lines or for a console.

    Stderr, because stdout belongs to CLI output such as a newly created API key.
    Safe to call again, e.g. from tests: the root handler is replaced, not added.
    """
    out = stream or sys.stderr
    renderer: Processor
    if fmt == "json":
        tail: list[Processor] = [structlog.processors.format_exc_info]
        renderer = structlog.processors.JSONRenderer()
    else:
        tail = []  # the console renderer prints tracebacks itself
        renderer = structlog.dev.ConsoleRenderer(
            event_key="action",
            colors=out.isatty(),
            # The default (rich) formatter prints local variables, which can hold the
            # very secrets ``redact`` keeps out of the event dict.
            exception_formatter=structlog.dev.plain_traceback,
        )
    formatter = structlog.stdlib.ProcessorFormatter(
        foreign_pre_chain=_SHARED,
        processors=[
            _name_action,
            structlog.stdlib.ProcessorFormatter.remove_processors_meta,
            *tail,
            redact,
            renderer,
        ],
    )
    handler = logging.StreamHandler(out)
    handler.setFormatter(formatter)
    root = logging.getLogger()
    root.handlers = [handler]
    root.setLevel(level.upper())
    for name in _ADOPTED_LOGGERS:
        adopted = logging.getLogger(name)
        adopted.handlers = []
        adopted.propagate = True

    structlog.configure(
        processors=[
            structlog.stdlib.filter_by_level,
            *_SHARED,
            structlog.processors.StackInfoRenderer(),
            structlog.stdlib.ProcessorFormatter.wrap_for_formatter,
        ],
        logger_factory=structlog.stdlib.LoggerFactory(),
        wrapper_class=structlog.stdlib.BoundLogger,
        # Not cached: a module logger used before configuration (or across test
        # reconfigurations) would otherwise keep its first processor chain forever.
        cache_logger_on_first_use=False,
    )


def get_logger(name: str) -> structlog.stdlib.BoundLogger:
    """A logger for module ``name``; usable at import time, configured on first use."""
    logger: structlog.stdlib.BoundLogger = structlog.stdlib.get_logger(name)
    return logger
