"""``POST /admin/api/{version}/graphql.json``: one request through Shopify's checks.

In order: API version (404), ``X-Shopify-Access-Token`` (401 with Shopify's body),
body (400), parse and validation against the version's real schema (errors in
Shopify's shape, HTTP 200, no cost), input arrays of at most 250 items
(``MAX_INPUT_SIZE_EXCEEDED``), requested cost (over 1,000: ``MAX_COST_EXCEEDED``), the
leaky bucket of this app and shop (``THROTTLED`` with HTTP 200 when it cannot cover the
requested cost), execution, the refund down to the actual cost, then
``extensions.cost`` (with the per-field breakdown when ``Shopify-GraphQL-Cost-Debug:
1`` is sent) and ``extensions.search`` warnings. Every answer has an ``X-Request-Id``.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import replace
from typing import Any, Final

from graphql import GraphQLSyntaxError, parse
from graphql.language import DocumentNode, OperationType

from shopbridge.sandbox.api_faults import ApiFaults
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.context import RequestContext
from shopbridge.sandbox.cost import cost_debug
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
from shopbridge.sandbox.throttle import (
    PLANS,
    BucketRegistry,
    Plan,
    cost_extensions,
    input_array_errors,
    max_cost_exceeded,
    throttled_body,
)
from shopbridge.sandbox.validation import (
    document_errors,
    parse_error,
    request_errors,
    select_operation,
)

__all__ = ["INVALID_TOKEN_BODY", "AdminApi", "plan_of"]

INVALID_TOKEN_BODY: Final = {
    "errors": "[API] Invalid API key or access token (unrecognized login or wrong password)"
}

DOCUMENT_CACHE_SIZE: Final = 256


def plan_of(config: SandboxConfig, restore_rate: float | None = None) -> Plan:
    """The plan's throttle figures, with the overrides of throttle pressure."""
    plan = PLANS[config.plan]
    restore_rate = restore_rate if restore_rate is not None else config.restore_rate
    if restore_rate is not None:
        plan = replace(plan, restore_rate=restore_rate)
    if config.bucket_size is not None:
        plan = replace(plan, maximum_available=config.bucket_size)
    return plan


class AdminApi:
    """The Admin GraphQL endpoint of one sandbox store."""

    def __init__(self, config: SandboxConfig, state: State) -> None:
        self.config = config
        self.state = state
        self.faults = ApiFaults()
        self.buckets = BucketRegistry(
            lambda _shop: plan_of(self.config, self.faults.restore_rate), clock=config.clock
        )
        self._registries: dict[str, Registry] = {}
        # Parsed and statically validated documents by (version, text): a client sends the
        # same few documents over and over, and validating one is most of a small call.
        self._documents: dict[tuple[str, str], tuple[DocumentNode, list[Any]]] = {}

    def registry(self, version: str) -> Registry:
        found = self._registries.get(version)
        if found is None:
            found = self._registries[version] = build_registry(load_schema("admin", version))
        return found

    def set_faults(self, changes: dict[str, Any]) -> dict[str, Any]:
        """Change fault switches (``ValueError`` names a bad one); the buckets follow at once."""
        self.faults.update(changes)
        plan = plan_of(self.config, self.faults.restore_rate)
        for _key, bucket in self.buckets:
            bucket.set_restore_rate(plan.restore_rate)
        return self.faults.settings()

    def _app(self, headers: Mapping[str, str]) -> str | None:
        token = headers.get("x-shopify-access-token")
        return self.config.app_name if token and token == self.config.admin_token else None

    def handle(self, version: str, headers: Mapping[str, str], body: bytes) -> Reply:
        request_id = new_request_id()
        served = serve_version("admin", version)
        if served is None:
            return not_found(request_id)
        reply_headers = {"X-Shopify-API-Version": served}
        headers = lower_headers(headers)
        app = self._app(headers)
        if app is None:
            return json_reply(401, INVALID_TOKEN_BODY, request_id, **reply_headers)
        request = parse_request(headers, body)
        if request is None:
            return missing_query(request_id)
        body_out = self._run(
            served,
            app,
            request.query,
            request.variables,
            request.operation_name,
            debug=headers.get("shopify-graphql-cost-debug") == "1",
            request_id=request_id,
        )
        return json_reply(200, body_out, request_id, **reply_headers)

    def _run(
        self,
        version: str,
        app: str,
        query: str,
        variables: dict[str, Any] | None,
        operation_name: str | None,
        *,
        debug: bool,
        request_id: str,
    ) -> dict[str, Any]:
        registry = self.registry(version)
        schema = registry.schema
        known = self._documents.get((version, query))
        if known is None:
            try:
                parsed = parse(query)
            except GraphQLSyntaxError as exc:
                return {"errors": [parse_error(exc, query)]}
            if len(self._documents) >= DOCUMENT_CACHE_SIZE:
                self._documents.clear()
            known = self._documents[(version, query)] = (parsed, document_errors(schema, parsed))
        document, static = known
        errors: list[Any] = static or request_errors(schema, document, variables, operation_name)
        errors = errors or list(input_array_errors(schema, document, variables, operation_name))
        if errors:
            return {"errors": errors}
        breakdown = cost_debug(
            schema, document, variables, operation_name, model=self.config.cost_model
        )
        requested = breakdown.requested_query_cost
        too_big = max_cost_exceeded(requested)
        if too_big is not None:
            return too_big
        bucket = self.buckets.bucket(app, self.config.shop_domain)
        decision = bucket.try_spend(requested)
        if not decision.allowed:
            return throttled_body(requested, decision.status)
        context = RequestContext(
            state=self.state,
            config=self.config,
            registry=registry,
            api="admin",
            version=version,
            app=app,
            request_id=request_id,
            cost=ActualCost(self.config.cost_model),
        )
        body = execute_document(document, context, variables, operation_name)
        operation = select_operation(document, operation_name)
        mutation = operation is not None and operation.operation is OperationType.MUTATION
        actual = requested if mutation else context.cost.settle(requested)
        bucket.refund(requested - actual)
        fields = breakdown.fields_json() if debug else None
        extensions = cost_extensions(requested, actual, bucket.status(), fields)
        if context.search:
            extensions["search"] = context.search
        body["extensions"] = extensions
        return body
