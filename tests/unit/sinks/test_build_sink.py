"""Building sinks from configuration: the registry, and settings that could never work."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.config.schema import HttpDestination
from shopbridge.errors import ConfigError
from shopbridge.sinks import HttpSink, build_sink


def _destination(**fields: Any) -> HttpDestination:
    return HttpDestination.model_validate({"url": "https://erp.example.com/hooks", **fields})


async def test_http_destinations_get_an_http_sink() -> None:
    sink = build_sink("erp", _destination())
    assert isinstance(sink, HttpSink)
    await sink.close()  # closing a sink that never sent is fine


@pytest.mark.parametrize(
    ("fields", "path", "message"),
    [
        ({"url": "https://u:p@erp.example.com/"}, "destinations.erp.url", "credentials"),
        ({"signing_secret": "whsec_???"}, "destinations.erp.signing_secret", "base64"),
        ({"headers": {"X-Tenant": "eu\r\nX-Evil: 1"}}, "destinations.erp.headers.X-Tenant", "line"),
        (
            {"auth": {"type": "bearer", "token": "t\nX-Evil: 1"}},
            "destinations.erp.auth",
            "line breaks",
        ),
        (
            {"auth": {"type": "basic", "username": "a:b", "password": "p"}},
            "destinations.erp.auth.username",
            "':'",
        ),
    ],
)
def test_settings_that_cannot_work_fail_at_startup(
    fields: dict[str, Any], path: str, message: str
) -> None:
    with pytest.raises(ConfigError) as caught:
        build_sink("erp", _destination(**fields))
    ((where, what),) = caught.value.problems
    assert where == path
    assert message in what
    assert "p@" not in str(caught.value)
