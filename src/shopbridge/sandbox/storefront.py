"""``POST /api/{version}/graphql.json``: the Storefront API subset a headless storefront uses.

Requests authenticate with ``X-Shopify-Storefront-Access-Token`` (public token) or
``Shopify-Storefront-Private-Token`` (private token); a wrong or missing token answers
HTTP 401 ``{"errors": [{"message": "", "extensions": {"code": "UNAUTHORIZED"}}]}``
(the shape reported for Storefront API token failures; not verified here). Documents
are validated against the real Storefront schema of the version, then executed with
the domains whose ``api`` is ``"storefront"``: the shop and payment settings, published
products and variants (``product``, ``products``, ``productByHandle``, ``node(s)``) with
stock-driven availability, ``search`` and ``predictiveSearch`` over products, and carts
(``cart``, ``cartCreate``, ``cartLines*``, buyer identity, discount codes, note and
attributes). Anything else answers "not supported by the sandbox". The Storefront API
has no cost bucket, so answers carry no ``extensions.cost``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any, Final

from graphql import GraphQLSyntaxError, parse

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.context import RequestContext
from shopbridge.sandbox.domains import build_registry
from shopbridge.sandbox.executor import execute_document
from shopbridge.sandbox.graphql_http import (
    Reply,
    json_reply,
    lower_headers,
    missing_query,
    new_request_id,
    not_found,
    parse_request,
    serve_version,
)
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.runtime_cost import ActualCost
from shopbridge.sandbox.schema import load_schema
from shopbridge.sandbox.state import State
from shopbridge.sandbox.validation import parse_error, validate_document

__all__ = ["UNAUTHORIZED_BODY", "StorefrontApi"]

UNAUTHORIZED_BODY: Final = {"errors": [{"message": "", "extensions": {"code": "UNAUTHORIZED"}}]}


class StorefrontApi:
    """The Storefront GraphQL endpoint of one sandbox store."""

    def __init__(self, config: SandboxConfig, state: State) -> None:
        self.config = config
        self.state = state
        self._registries: dict[str, Registry] = {}

    def registry(self, version: str) -> Registry:
        found = self._registries.get(version)
        if found is None:
            schema = load_schema("storefront", version)
            found = self._registries[version] = build_registry(schema, "storefront")
        return found

    def _authorized(self, headers: Mapping[str, str]) -> bool:
        public = headers.get("x-shopify-storefront-access-token")
        private = headers.get("shopify-storefront-private-token")
        return (public is not None and public == self.config.storefront_token) or (
            private is not None and private == self.config.storefront_private_token
        )

    def handle(self, version: str, headers: Mapping[str, str], body: bytes) -> Reply:
        request_id = new_request_id()
        served = serve_version("storefront", version)
        if served is None:
            return not_found(request_id)
        headers = lower_headers(headers)
        if not self._authorized(headers):
            return json_reply(401, UNAUTHORIZED_BODY, request_id)
        request = parse_request(headers, body)
        if request is None:
            return missing_query(request_id)
        registry = self.registry(served)
        try:
            document = parse(request.query)
        except GraphQLSyntaxError as exc:
            return json_reply(200, {"errors": [parse_error(exc, request.query)]}, request_id)
        errors: list[Any] = list(
            validate_document(registry.schema, document, request.variables, request.operation_name)
        )
        if errors:
            return json_reply(200, {"errors": errors}, request_id)
        context = RequestContext(
            state=self.state,
            config=self.config,
            registry=registry,
            api="storefront",
            version=served,
            app="storefront",
            request_id=request_id,
            cost=ActualCost(self.config.cost_model),
        )
        result = execute_document(document, context, request.variables, request.operation_name)
        return json_reply(200, result, request_id)
