"""Every exception shopbridge raises on purpose, in one tree.

::

    EngineError                      root; never raised itself
    ├── ConfigError                  bad flow file or settings; .problems lists (path, message)
    ├── StoreError                   database failure; the driver error is on __cause__
    │   └── StoreUnavailableError    the database cannot be reached right now (answer 503)
    ├── MappingError                 a filter/map/key expression failed → the job is rejected
    ├── DeliveryError                a sink could not deliver; .status_code, .retry_after_secs
    │   └── DestinationBlockedError  the outbound guard refused the address
    ├── NotFoundError                an id the caller named does not exist
    └── ShopifyError                 raised by shopify/; .request_id when Shopify sent one
        ├── ShopifyThrottled         THROTTLED or 429 beyond the retry budget; .wait_secs
        ├── ShopifyGraphQLError      top-level errors[] in an answer; .errors
        ├── ShopifyUserErrors        a mutation's userErrors[], when a caller wants them raised
        ├── ShopifyRequestError      no usable answer (HTTP error, network, timeout);
        │                            .status_code, .outcome_unknown (a mutation may have run)
        ├── ShopifyAuthError         the access token was refused or could not be obtained
        └── ShopifyGuardError        refused before sending: cost over 1,000 or array over 250

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
    "ShopifyAuthError",
    "ShopifyError",
    "ShopifyGraphQLError",
    "ShopifyGuardError",
    "ShopifyRequestError",
    "ShopifyThrottled",
    "ShopifyUserErrors",
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


class ShopifyError(EngineError):
    """A call to Shopify failed."""

    def __init__(self, message: str | None = None, *, request_id: str | None = None) -> None:
        self.request_id = request_id
        super().__init__(message)


class ShopifyThrottled(ShopifyError):
    """Shopify kept throttling the call after every allowed retry."""

    def __init__(
        self, message: str | None = None, *, wait_secs: float, request_id: str | None = None
    ) -> None:
        self.wait_secs = wait_secs
        super().__init__(message, request_id=request_id)


class ShopifyGraphQLError(ShopifyError):
    """Shopify answered with top-level GraphQL errors."""

    def __init__(
        self,
        errors: list[dict[str, object]],
        *,
        data: object = None,
        request_id: str | None = None,
    ) -> None:
        self.errors = errors
        self.data = data
        messages = "; ".join(str(error.get("message", error)) for error in errors[:3])
        super().__init__(messages or "Shopify answered with errors", request_id=request_id)


class ShopifyUserErrors(ShopifyError):
    """A mutation answered with userErrors."""

    def __init__(
        self, user_errors: list[dict[str, object]], *, request_id: str | None = None
    ) -> None:
        self.user_errors = user_errors
        messages = "; ".join(str(error.get("message", error)) for error in user_errors[:3])
        super().__init__(messages or "the mutation answered userErrors", request_id=request_id)


class ShopifyRequestError(ShopifyError):
    """Shopify gave no usable answer."""

    def __init__(
        self,
        message: str,
        *,
        status_code: int | None = None,
        outcome_unknown: bool = False,
        request_id: str | None = None,
    ) -> None:
        self.status_code = status_code
        self.outcome_unknown = outcome_unknown
        super().__init__(message, request_id=request_id)


class ShopifyAuthError(ShopifyError):
    """Shopify refused the credentials; check the access token or client id and secret."""


class ShopifyGuardError(ShopifyError):
    """The call was refused before sending: it breaks one of Shopify's hard limits."""
