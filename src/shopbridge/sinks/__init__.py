"""Where deliveries go: one sink per configured destination, chosen by its ``type``.

Adding a destination type is a new folder beside ``http/`` plus one line in
:data:`SINK_TYPES`.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping

from shopbridge.config.schema import HttpDestination
from shopbridge.errors import ConfigError

from .base import Sink
from .http.sink import HttpSink

__all__ = ["SINK_TYPES", "HttpSink", "Sink", "build_sink"]

SinkFactory = Callable[[str, HttpDestination], Sink]

SINK_TYPES: Mapping[str, SinkFactory] = {"http": HttpSink}


def build_sink(name: str, config: HttpDestination) -> Sink:
    """The sink for destination ``name``; ConfigError when its type or settings cannot work."""
    factory = SINK_TYPES.get(config.type)
    if factory is None:
        known = ", ".join(sorted(SINK_TYPES))
        raise ConfigError(
            [(f"destinations.{name}.type", f"unknown type '{config.type}' (known: {known})")]
        )
    return factory(name, config)
