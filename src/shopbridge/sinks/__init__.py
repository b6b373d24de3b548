"""Where deliveries go: one sink per configured destination, chosen by its ``type``.

Adding a destination type is a new folder beside ``http/`` plus one line in
:data:`SINK_TYPES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from typing import Any

from shopbridge.config.schema import Destination
from shopbridge.errors import ConfigError

from . import alerts
from .base import Sink
from .http.sink import HttpSink

__all__ = ["SINK_TYPES", "HttpSink", "Sink", "build_sink"]

# Called with the destination's settings, which are of the model its ``type`` names.
SinkFactory = Callable[[str, Any], Sink]

SINK_TYPES: Mapping[str, SinkFactory] = {
    "http": HttpSink,
    "slack": alerts.slack_sink,
    "teams": alerts.teams_sink,
    "pagerduty": alerts.pagerduty_sink,
}


def build_sink(name: str, config: Destination) -> Sink:
    """The sink for destination ``name``; ConfigError when its type or settings cannot work."""
    factory = SINK_TYPES.get(config.type)
    if factory is None:
        known = ", ".join(sorted(SINK_TYPES))
        raise ConfigError(
            [(f"destinations.{name}.type", f"unknown type '{config.type}' (known: {known})")]
        )
    return factory(name, config)
