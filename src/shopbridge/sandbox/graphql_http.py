"""GraphQL over HTTP as Shopify's endpoints take it, independent of the web framework.

A request body is JSON ``{"query", "variables", "operationName"}`` or, with
``Content-Type: application/graphql``, the bare query. A body without a usable
``query`` answers HTTP 400 ``{"errors": {"query": "Required parameter missing or
invalid"}}`` (Rails' parameter error, as Shopify's endpoints write it). API versions:
a vendored version is served; a well-formed version older than every vendored one
falls forward to the oldest (Shopify serves retired versions with the oldest supported
one); anything else is HTTP 404 ``{"errors": "Not Found"}``.
"""

from __future__ import annotations

import json
import re
import uuid
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any, Final

from shopbridge.sandbox.schema import supported_versions

__all__ = [
    "GraphQLRequest",
    "Reply",
    "json_reply",
    "lower_headers",
    "missing_query",
    "new_request_id",
    "not_found",
    "parse_request",
    "serve_version",
]

_QUARTERLY: Final = re.compile(r"^\d{4}-(01|04|07|10)$")


@dataclass(frozen=True, slots=True)
class Reply:
    """An HTTP answer: status, JSON-able body, headers."""

    status: int
    body: Any
    headers: dict[str, str] = field(default_factory=dict)


@dataclass(frozen=True, slots=True)
class GraphQLRequest:
    query: str
    variables: dict[str, Any] | None
    operation_name: str | None


def new_request_id() -> str:
    return str(uuid.uuid4())


def json_reply(status: int, body: Any, request_id: str, **headers: str) -> Reply:
    return Reply(status, body, {"X-Request-Id": request_id, **headers})


def not_found(request_id: str) -> Reply:
    return json_reply(404, {"errors": "Not Found"}, request_id)


def lower_headers(headers: Mapping[str, str]) -> dict[str, str]:
    return {key.lower(): value for key, value in headers.items()}


def serve_version(api: str, version: str) -> str | None:
    """The vendored schema version that answers requests to ``version``, if any."""
    known = supported_versions(api)
    if version in known:
        return version
    if _QUARTERLY.match(version) and known and version < known[0]:
        return known[0]
    return None


def parse_request(headers: Mapping[str, str], body: bytes) -> GraphQLRequest | None:
    """The GraphQL request in an HTTP body; ``None`` when it has no usable query."""
    content_type = lower_headers(headers).get("content-type", "")
    if content_type.split(";")[0].strip() == "application/graphql":
        text = body.decode("utf-8", errors="replace")
        return GraphQLRequest(text, None, None) if text.strip() else None
    try:
        payload = json.loads(body or b"null")
    except ValueError:
        return None
    if not isinstance(payload, dict) or not isinstance(payload.get("query"), str):
        return None
    variables = payload.get("variables")
    if isinstance(variables, str):
        try:
            variables = json.loads(variables) if variables.strip() else None
        except ValueError:
            return None
    if variables is not None and not isinstance(variables, dict):
        return None
    name = payload.get("operationName")
    return GraphQLRequest(
        payload["query"], variables, name if isinstance(name, str) and name else None
    )


def missing_query(request_id: str) -> Reply:
    return json_reply(
        400, {"errors": {"query": "Required parameter missing or invalid"}}, request_id
    )
