"""Logs are JSON lines with an ``action``; credentials never reach the output."""

from __future__ import annotations

import io
import json
import logging
from collections.abc import Callable, Iterator
from datetime import datetime
from typing import Any

import pytest
import structlog

from shopbridge.observability import logging as obs_logging
from shopbridge.observability.logging import REDACTED, configure_logging, get_logger

Lines = Callable[[], list[dict[str, Any]]]


@pytest.fixture
def restore_logging() -> Iterator[None]:
    root = logging.getLogger()
    level = root.level
    adopted = {name: logging.getLogger(name).propagate for name in ("uvicorn", "uvicorn.access")}
    yield
    for handler in list(root.handlers):
        if isinstance(handler.formatter, structlog.stdlib.ProcessorFormatter):
            root.removeHandler(handler)
    root.setLevel(level)
    for name, propagate in adopted.items():
        logging.getLogger(name).propagate = propagate
    structlog.reset_defaults()
    structlog.contextvars.clear_contextvars()


@pytest.fixture
def json_lines(restore_logging: None) -> Lines:
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)

    def read() -> list[dict[str, Any]]:
        return [json.loads(line) for line in stream.getvalue().splitlines()]

    return read


def test_json_line_fields(json_lines: Lines) -> None:
    get_logger("shopbridge.engine.worker").info("event_received", event_id=7, topic="orders/create")
    (line,) = json_lines()
    assert line["action"] == "event_received"
    assert line["level"] == "info"
    assert line["logger"] == "shopbridge.engine.worker"
    assert line["event_id"] == 7
    assert line["topic"] == "orders/create"
    assert "event" not in line
    stamp = datetime.fromisoformat(line["timestamp"])
    assert stamp.utcoffset() is not None
    assert stamp.utcoffset().total_seconds() == 0  # type: ignore[union-attr]


def test_bound_and_context_values_are_included(json_lines: Lines) -> None:
    structlog.contextvars.bind_contextvars(request_id="r-1")
    log = get_logger("t").bind(job_id=3, flow="orders_to_erp")
    log.warning("delivery_retry_scheduled", attempt=2)
    (line,) = json_lines()
    assert line["level"] == "warning"
    assert (line["request_id"], line["job_id"], line["flow"], line["attempt"]) == (
        "r-1",
        3,
        "orders_to_erp",
        2,
    )


def test_level_filters(json_lines: Lines) -> None:
    log = get_logger("t")
    log.debug("noise_emitted")
    log.info("kept_once")
    assert [line["action"] for line in json_lines()] == ["kept_once"]


def test_debug_level_lets_debug_through(restore_logging: None) -> None:
    stream = io.StringIO()
    configure_logging("DEBUG", "json", stream=stream)
    get_logger("t").debug("detail_logged")
    assert json.loads(stream.getvalue())["level"] == "debug"


def test_exception_is_rendered(json_lines: Lines) -> None:
    try:
        raise ValueError("boom")
    except ValueError:
        get_logger("t").exception("delivery_crashed", job_id=1)
    (line,) = json_lines()
    assert line["level"] == "error"
    assert "ValueError: boom" in line["exception"]


def test_stdlib_records_go_through_the_same_pipeline(json_lines: Lines) -> None:
    logging.getLogger("uvicorn.error").info("Started server process [%d]", 42)
    logging.getLogger("aiohttp.client").warning("connection %s reset", "x")
    first, second = json_lines()
    assert first["action"] == obs_logging.FOREIGN_ACTION
    assert first["message"] == "Started server process [42]"
    assert first["logger"] == "uvicorn.error"
    assert first["level"] == "info"
    assert "timestamp" in first
    assert second["level"] == "warning"


def test_uvicorn_handlers_are_adopted(restore_logging: None) -> None:
    uvicorn_logger = logging.getLogger("uvicorn.access")
    own = logging.StreamHandler(io.StringIO())
    uvicorn_logger.addHandler(own)
    uvicorn_logger.propagate = False
    stream = io.StringIO()
    configure_logging("info", "json", stream=stream)
    assert own not in uvicorn_logger.handlers
    uvicorn_logger.info('127.0.0.1 - "POST /webhooks/shopify HTTP/1.1" 200')
    assert json.loads(stream.getvalue())["logger"] == "uvicorn.access"


def test_reconfiguring_replaces_rather_than_duplicates(restore_logging: None) -> None:
    first, second = io.StringIO(), io.StringIO()
    configure_logging("info", "json", stream=first)
    configure_logging("info", "json", stream=second)
    get_logger("t").info("once_logged")
    assert first.getvalue() == ""
    assert len(second.getvalue().splitlines()) == 1


# -- redaction -----------------------------------------------------------------


def test_redacts_top_level_keys(json_lines: Lines) -> None:
    get_logger("t").info(
        "shop_configured",
        webhook_secret="whsec",
        previous_webhook_secret="old",
        access_token="shpat_1",
        password="p",
        api_key="sbk_x",
        authorization="Bearer b",
        hmac="abc=",
        signature="sig",
        shop="demo.myshopify.com",
    )
    (line,) = json_lines()
    for key in (
        "webhook_secret",
        "previous_webhook_secret",
        "access_token",
        "password",
        "api_key",
        "authorization",
        "hmac",
        "signature",
    ):
        assert line[key] == REDACTED, key
    assert line["shop"] == "demo.myshopify.com"


def test_redacts_nested_dicts_lists_and_header_pairs(json_lines: Lines) -> None:
    get_logger("t").info(
        "request_sent",
        request={
            "url": "https://erp.example/orders",
            "headers": {
                "Authorization": "Bearer secret-value",
                "X-Shopify-Hmac-Sha256": "abc=",
                "X-Api-Key": "k",
                "Content-Type": "application/json",
            },
            "attempts": [{"client_secret": "c", "n": 1}],
        },
        raw_headers=[("Authorization", "Basic xyz"), ("Accept", "*/*")],
        tags=("a", "b", "c"),
    )
    (line,) = json_lines()
    headers = line["request"]["headers"]
    assert headers["Authorization"] == REDACTED
    assert headers["X-Shopify-Hmac-Sha256"] == REDACTED
    assert headers["X-Api-Key"] == REDACTED
    assert headers["Content-Type"] == "application/json"
    assert line["request"]["attempts"] == [{"client_secret": REDACTED, "n": 1}]
    assert line["request"]["url"] == "https://erp.example/orders"
    assert line["raw_headers"] == [["Authorization", REDACTED], ["Accept", "*/*"]]
    assert line["tags"] == ["a", "b", "c"]
    text = json.dumps(line)
    for secret in ("secret-value", "Basic xyz", "abc="):
        assert secret not in text


def test_redacts_context_bound_values(json_lines: Lines) -> None:
    get_logger("t").bind(token="t0k").info("bound_logged")
    (line,) = json_lines()
    assert line["token"] == REDACTED


def test_redact_processor_leaves_input_untouched() -> None:
    nested = {"Authorization": "x"}
    event = {"action": "a", "headers": nested, "secret": "s"}
    out = obs_logging.redact(None, "info", event)
    assert out == {"action": "a", "headers": {"Authorization": REDACTED}, "secret": REDACTED}
    assert nested == {"Authorization": "x"}
    assert event["secret"] == "s"


def test_console_format(restore_logging: None) -> None:
    stream = io.StringIO()
    configure_logging("info", "console", stream=stream)
    get_logger("t").info("event_received", event_id=7, webhook_secret="whsec")
    text = stream.getvalue()
    assert "event_received" in text
    assert "event_id" in text
    assert "whsec" not in text
    assert "\x1b[" not in text  # no colours when the stream is not a terminal
