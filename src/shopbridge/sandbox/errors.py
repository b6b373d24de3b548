"""Top-level GraphQL errors the sandbox raises while executing a document.

Raise these from a resolver; graphql-core adds ``locations`` and ``path`` and the
field's value becomes ``null`` (propagating to the nearest nullable parent), exactly
as Shopify answers. Business-rule failures of mutations are not errors: they are
``userErrors`` in the payload (see ``payloads``).
"""

from __future__ import annotations

from typing import Any, Final

from graphql import GraphQLError

__all__ = [
    "NOT_SUPPORTED",
    "bad_request",
    "graphql_error",
    "internal_error",
    "not_supported",
    "not_supported_argument",
    "not_supported_field",
]

NOT_SUPPORTED: Final = "NOT_SUPPORTED_BY_SANDBOX"


def graphql_error(message: str, code: str | None = None, **extensions: Any) -> GraphQLError:
    """An error with ``extensions.code`` (and any other extension keys)."""
    if code is not None:
        extensions = {"code": code, **extensions}
    return GraphQLError(message, extensions=extensions or None)


def bad_request(message: str) -> GraphQLError:
    """Shopify's ``BAD_REQUEST``: a request the field refuses to run."""
    return graphql_error(message, "BAD_REQUEST")


def internal_error(request_id: str) -> GraphQLError:
    """What Shopify answers when something breaks on its side."""
    return graphql_error(
        "Internal error. Looks like something went wrong on our end.\n"
        f"Request ID: {request_id} (include this in support requests).",
        "INTERNAL_SERVER_ERROR",
        requestId=request_id,
    )


def not_supported(what: str, **extensions: Any) -> GraphQLError:
    """A feature the sandbox does not implement: never answered with a silent null."""
    return graphql_error(f"{what} is not supported by the sandbox", NOT_SUPPORTED, **extensions)


def not_supported_field(type_name: str, field_name: str) -> GraphQLError:
    return not_supported(
        f"Field '{type_name}.{field_name}'", typeName=type_name, fieldName=field_name
    )


def not_supported_argument(type_name: str, field_name: str, argument: str) -> GraphQLError:
    return not_supported(
        f"Argument '{argument}' of field '{type_name}.{field_name}'",
        typeName=type_name,
        fieldName=field_name,
        argumentName=argument,
    )
