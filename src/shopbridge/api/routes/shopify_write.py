"""The Shopify-write ingresses (``/v1/inventory``, ``/v1/prices``, …): one route shape.

Each reads its body raw (so ``server.max_body_bytes`` holds before parsing), lets its
source judge and store it (:mod:`shopbridge.sources`), and answers with the same
shapes: 202 accepted, 200 for a repeated ``Idempotency-Key``, 422 listing every bad
item. FastAPI only documents the body. A route module is a :class:`WriteRoute` and one
call to :func:`add_write_route`.
"""

from __future__ import annotations

from collections.abc import Awaitable, Callable
from dataclasses import dataclass
from typing import Annotated, Any

from fastapi import APIRouter, Depends, Header, Request
from fastapi.responses import JSONResponse
from pydantic import TypeAdapter

from shopbridge.api.auth import Caller, require
from shopbridge.api.body import read_body
from shopbridge.api.models import InventoryAccepted
from shopbridge.api.problems import PROBLEM_JSON, PROBLEM_RESPONSES, problem_response
from shopbridge.app import App
from shopbridge.security.api_keys import Scope
from shopbridge.sources.inventory.ingress import Stored
from shopbridge.sources.verdict import Refused

__all__ = [
    "Receive",
    "WriteRoute",
    "add_write_route",
    "invalid_example",
    "request_body",
    "stored_answer",
    "write_responses",
]

# (app, raw body, content type, Idempotency-Key, the calling key) -> stored or refused
Receive = Callable[[App, bytes, str | None, str | None, Caller], Awaitable[Stored | Refused]]


@dataclass(frozen=True, slots=True)
class WriteRoute:
    """One Shopify-write endpoint: where, what it takes, how it is documented."""

    path: str
    name: str  # the handler's name (the OpenAPI operation id is derived from it)
    summary: str
    description: str
    body: Any  # the request model(s), for the documentation only
    noun: str  # what the items are, in the 422 description ("prices")
    invalid: dict[str, Any]  # an example 422 body
    receive: Receive


def add_write_route(router: APIRouter, route: WriteRoute) -> None:
    """Add ``route`` to ``router``: needs the ``shopify:write`` scope."""

    async def endpoint(
        request: Request,
        caller: Annotated[Caller, Depends(require(Scope.SHOPIFY_WRITE))],
        idempotency_key: Annotated[
            str | None,
            Header(
                alias="Idempotency-Key",
                description="Makes a retried request safe (1 to 255 characters).",
            ),
        ] = None,
    ) -> JSONResponse:
        app: App = request.app.state.shopbridge
        raw = await read_body(request, app.settings.server.max_body_bytes)
        content_type = request.headers.get("content-type")
        return stored_answer(await route.receive(app, raw, content_type, idempotency_key, caller))

    router.add_api_route(
        route.path,
        endpoint,
        methods=["POST"],
        name=route.name,
        summary=route.summary,
        description=route.description,
        status_code=202,
        response_model=InventoryAccepted,
        responses=write_responses(route.noun, route.invalid),
        openapi_extra=request_body(route.body),
    )


def invalid_example(kind: str, errors: list[tuple[str, str]]) -> dict[str, Any]:
    """An example 422 body of ``invalid_<kind>`` listing ``(field, message)`` problems."""
    field, message = errors[0]
    return {
        "type": f"https://shopbridge.dev/problems/invalid_{kind}",
        "title": "Unprocessable Entity",
        "status": 422,
        "detail": f"nothing was stored: {field}: {message}",
        "errors": [{"field": f, "message": m} for f, m in errors],
    }


def _inline(node: Any, defs: dict[str, Any]) -> Any:
    """Replace ``$ref``s into ``$defs`` by their target: the schema goes in ``openapi_extra``."""
    if isinstance(node, dict):
        ref = node.get("$ref")
        if isinstance(ref, str) and ref.startswith("#/$defs/"):
            return _inline(defs[ref.removeprefix("#/$defs/")], defs)
        return {key: _inline(value, defs) for key, value in node.items() if key != "$defs"}
    if isinstance(node, list):
        return [_inline(value, defs) for value in node]
    return node


def request_body(model: Any) -> dict[str, Any]:
    """``openapi_extra`` describing a raw JSON body of ``model`` (read by the route itself)."""
    schema = TypeAdapter(model).json_schema()
    return {
        "requestBody": {
            "required": True,
            "content": {"application/json": {"schema": _inline(schema, schema.get("$defs", {}))}},
        }
    }


def write_responses(noun: str, invalid: dict[str, Any]) -> dict[int | str, dict[str, Any]]:
    """The documented answers of a Shopify-write ingress besides its 202."""
    return {
        **PROBLEM_RESPONSES,
        200: {
            "model": InventoryAccepted,
            "description": "A repeat of an earlier request (same Idempotency-Key): "
            "nothing new stored.",
        },
        422: {
            **PROBLEM_RESPONSES[422],
            "description": f"Some {noun} are invalid: every problem is listed, nothing was stored.",
            "content": {PROBLEM_JSON: {"example": invalid}},
        },
    }


def stored_answer(result: Stored | Refused) -> JSONResponse:
    """The answer of a Shopify-write ingress."""
    if isinstance(result, Refused):
        return problem_response(
            result.status,
            result.code,
            result.detail,
            errors=[{"field": e.field, "message": e.message} for e in result.errors] or None,
            headers={"Retry-After": "5"} if result.status == 503 else None,
        )
    body = InventoryAccepted(
        status="duplicate" if result.duplicate else "accepted",
        event_id=result.event_id,
        items=result.items,
    )
    return JSONResponse(body.model_dump(), status_code=200 if result.duplicate else 202)
