"""Every exception shopbridge raises on purpose, in one tree.

::

    EngineError                      root; never raised itself
    ├── ConfigError                  bad flow file or settings; .problems lists (path, message)
    ├── StoreError                   database failure; the driver error is on __cause__
    │   └── StoreUnavailableError    the database cannot be reached right now (answer 503)
    ├── MappingError                 a filter/map/key expression failed → the job is rejected
    ├── DeliveryError                a sink could not deliver; .status_code, .retry_after_secs
    │   └── DestinationBlockedError  the outbound guard refused the address
    └── NotFoundError                an id the caller named does not exist

Exceptions say "cannot proceed". What happened to one delivery is a value
(:mod:`shopbridge.engine.outcomes`), never an exception.
"""

from __future__ import annotations

__all__ = [
    "ConfigError",
    "DeliveryError",
    "DestinationBlockedError",
    "EngineError",
    "MappingError",
    "NotFoundError",
    "StoreError",
    "StoreUnavailableError",
]


class EngineError(Exception):
    """Root of every shopbridge error."""

    def __init__(self, message: str | None = None) -> None:
        super().__init__(message or (self.__doc__ or type(self).__name__).strip())


class ConfigError(EngineError):
    """The configuration is not valid."""

    def __init__(self, problems: list[tuple[str, str]]) -> None:
        self.problems = problems
        lines = [f"{path}: {message}" if path else message for path, message in problems]
        super().__init__("\n".join(lines) or "the configuration is not valid")


class StoreError(EngineError):
    """The store failed."""


class StoreUnavailableError(StoreError):
    """The store cannot be reached right now; try again shortly."""


class MappingError(EngineError):
    """An expression could not be evaluated."""

    def __init__(self, message: str, *, expression: str | None = None) -> None:
        self.expression = expression
        super().__init__(message)


class DeliveryError(EngineError):
    """A destination could not be reached."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        retry_after_secs: float | None = None,
    ) -> None:
        self.status_code = status_code
        self.retry_after_secs = retry_after_secs
        super().__init__(message)


class DestinationBlockedError(DeliveryError):
    """The outbound guard refused to connect to this address."""


class NotFoundError(EngineError):
    """No such object."""
