"""API-managed webhook subscriptions: ``webhookSubscriptionCreate/Update/Delete`` and queries.

Subscriptions are ``WebhookSubscription`` documents, one app's each; the webhook
emitter (``sandbox.webhooks``) reads them after every commit. Shopify's rules kept
(shopify-api.md §2.9): ``uri`` (or the deprecated ``callbackUrl``) is required; one
address per topic ("Address for this topic has already been taken", the message
Shopify's libraries report); ``name`` is at most 50 characters of
``[A-Za-z0-9_-]`` and unique in the shop; ``filter`` uses search syntax and
``includeFields`` dotted paths; ``apiVersion`` is the version the request used
(Shopify takes the app's configured webhook version, which the sandbox does not
have). Choices and deviations, since the sandbox delivers over plain HTTP on a
developer's machine: ``http://`` addresses are accepted (Shopify wants HTTPS);
Pub/Sub and EventBridge addresses, the ``XML`` format and metafields in payloads
answer "not supported by the sandbox". The wording of the name, filter and
not-found errors is the sandbox's own. A topic the sandbox never emits is accepted,
as Shopify would, and flagged in ``GET /sandbox/state``.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from typing import Any, Final
from urllib.parse import urlsplit

from shopbridge.sandbox.connections import count_of, paginate, sort_function
from shopbridge.sandbox.context import Info, RequestContext, context_of
from shopbridge.sandbox.domains.core import lookup
from shopbridge.sandbox.errors import not_supported
from shopbridge.sandbox.gid import Gid, legacy_id
from shopbridge.sandbox.payloads import field_path, refuse_unsupported_inputs, user_error
from shopbridge.sandbox.registry import Domain
from shopbridge.sandbox.search import Filter, SearchSpec, filter_items
from shopbridge.sandbox.state import Doc, State
from shopbridge.sandbox.webhooks.filters import filter_error

__all__ = ["SUBSCRIPTION", "webhook_subscriptions"]

webhook_subscriptions = Domain("webhook_subscriptions")

SUBSCRIPTION: Final = "WebhookSubscription"
NAME_MAX: Final = 50
_NAME: Final = re.compile(r"^[A-Za-z0-9_-]+$")
_INPUTS: Final = {"uri", "callbackUrl", "filter", "format", "includeFields", "name"}
_SEARCH: Final = SearchSpec(
    filters={
        "id": Filter("id", lambda sub: sub["id"]),
        "created_at": Filter("time", lambda sub: sub["createdAt"]),
        "updated_at": Filter("time", lambda sub: sub["updatedAt"]),
        "endpoint": Filter("keyword", lambda sub: sub["uri"]),
        "topic": Filter(
            "keyword", lambda sub: [sub["topic"], sub["topic"].lower().replace("_", "/", 1)]
        ),
    },
    default=lambda sub: [sub["uri"], sub["topic"], sub.get("name")],
)

Payload = dict[str, Any]


@webhook_subscriptions.node(SUBSCRIPTION)
def _load(ctx: RequestContext, gid: Gid) -> Doc | None:
    found = ctx.state.get(SUBSCRIPTION, gid.id)
    return found if found is not None and found.get("app") == ctx.app else None


def _own(info: Info) -> list[Doc]:
    ctx = context_of(info)
    return [sub for sub in ctx.state.all(SUBSCRIPTION) if sub.get("app") == ctx.app]


def _error(info: Info, path: list[str], message: str) -> dict[str, Any]:
    return user_error(info, None, path, message)


def _address(info: Info, given: Mapping[str, Any]) -> tuple[str | None, list[str]]:
    key = "callbackUrl" if given.get("uri") is None and given.get("callbackUrl") else "uri"
    return given.get(key), field_path("webhookSubscription", key)


def _address_errors(info: Info, uri: str | None, where: list[str]) -> list[dict[str, Any]]:
    if not uri or not uri.strip():
        return [_error(info, where, "Address can't be blank")]
    if uri.startswith("pubsub://"):
        raise not_supported("Google Pub/Sub webhook destinations (pubsub://)")
    if uri.startswith("arn:"):
        raise not_supported("Amazon EventBridge webhook destinations (arn:)")
    parts = urlsplit(uri)
    if parts.scheme not in {"http", "https"} or not parts.hostname:
        return [_error(info, where, "Address is invalid")]
    return []


def _check(info: Info, doc: Mapping[str, Any], where: list[str]) -> list[dict[str, Any]]:
    """Every user error of the subscription ``doc`` would become."""
    state = context_of(info).state
    errors = _address_errors(info, doc["uri"], where)
    others = [sub for sub in _own(info) if sub["id"] != doc.get("id")]
    if not errors and any(
        sub["topic"] == doc["topic"] and sub["uri"] == doc["uri"] for sub in others
    ):
        errors.append(_error(info, where, "Address for this topic has already been taken"))
    name = doc.get("name")
    name_path = field_path("webhookSubscription", "name")
    if name is not None:
        if len(name) > NAME_MAX:
            message = f"Name is too long (maximum is {NAME_MAX} characters)"
            errors.append(_error(info, name_path, message))
        elif not _NAME.match(name):
            message = "Name can only contain letters, numbers, underscores and hyphens"
            errors.append(_error(info, name_path, message))
        elif any(
            sub.get("name") == name and sub["id"] != doc.get("id")
            for sub in state.all(SUBSCRIPTION)
        ):
            errors.append(_error(info, name_path, "Name has already been taken"))
    problem = filter_error(doc.get("filter"))
    if problem is not None:
        path = field_path("webhookSubscription", "filter")
        errors.append(_error(info, path, f"Filter is invalid: {problem}"))
    return errors


def _apply(doc: Doc, given: Mapping[str, Any]) -> None:
    """Copy the input fields that were sent onto ``doc``."""
    refuse_unsupported_inputs(given, "WebhookSubscriptionInput", _INPUTS)
    if given.get("format") == "XML":
        raise not_supported("Webhook format XML")
    if given.get("uri") is not None or given.get("callbackUrl") is not None:
        doc["uri"] = given.get("uri") or given.get("callbackUrl")
    if "filter" in given:
        doc["filter"] = given["filter"] or None
    if "includeFields" in given:
        doc["includeFields"] = list(given["includeFields"] or [])
    if "name" in given:
        doc["name"] = given["name"] or None


@webhook_subscriptions.mutation("webhookSubscriptionCreate")
def create(_root: None, info: Info, topic: str, webhookSubscription: dict[str, Any]) -> Payload:
    ctx = context_of(info)
    now = ctx.state.now()
    doc: Doc = {
        "__typename": SUBSCRIPTION,
        "topic": topic,
        "uri": None,
        "filter": None,
        "format": "JSON",
        "includeFields": [],
        "metafieldNamespaces": [],
        "metafields": [],
        "name": None,
        "apiVersion": {"handle": ctx.version, "displayName": ctx.version, "supported": True},
        "app": ctx.app,
        "createdAt": now,
        "updatedAt": now,
    }
    _apply(doc, webhookSubscription)
    errors = _check(info, doc, _address(info, webhookSubscription)[1])
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    doc["id"] = ctx.state.new_gid(SUBSCRIPTION)
    return {"webhookSubscription": ctx.state.save(doc), "userErrors": []}


def _not_found(info: Info) -> list[dict[str, Any]]:
    return [_error(info, ["id"], "Webhook subscription does not exist")]


@webhook_subscriptions.mutation("webhookSubscriptionUpdate")
def update(_root: None, info: Info, id: str, webhookSubscription: dict[str, Any]) -> Payload:
    state = context_of(info).state
    found = _lookup(info, state, id)
    if found is None:
        return {"webhookSubscription": None, "userErrors": _not_found(info)}
    doc = dict(found)
    _apply(doc, webhookSubscription)
    errors = _check(info, doc, _address(info, webhookSubscription)[1])
    if errors:
        return {"webhookSubscription": None, "userErrors": errors}
    doc["updatedAt"] = state.now()
    return {"webhookSubscription": state.save(doc), "userErrors": []}


@webhook_subscriptions.mutation("webhookSubscriptionDelete")
def delete(_root: None, info: Info, id: str) -> Payload:
    state = context_of(info).state
    found = _lookup(info, state, id)
    if found is None:
        return {"deletedWebhookSubscriptionId": None, "userErrors": _not_found(info)}
    state.delete(SUBSCRIPTION, legacy_id(found["id"]))
    return {"deletedWebhookSubscriptionId": found["id"], "userErrors": []}


def _lookup(info: Info, state: State, value: str) -> Doc | None:
    found = lookup(state, value, SUBSCRIPTION)
    return found if found is not None and found.get("app") == context_of(info).app else None


@webhook_subscriptions.query("webhookSubscription")
def subscription(_root: None, info: Info, id: str) -> Doc | None:
    return _lookup(info, context_of(info).state, id)


def _matching(info: Info, args: Mapping[str, Any]) -> list[Doc]:
    found = _own(info)
    if args.get("topics"):
        found = [sub for sub in found if sub["topic"] in args["topics"]]
    for key in ("uri", "callbackUrl"):
        if args.get(key) is not None:
            found = [sub for sub in found if sub["uri"] == args[key]]
    if args.get("format") is not None:
        found = [sub for sub in found if sub["format"] == args["format"]]
    return filter_items(info, found, args.get("query"), _SEARCH)


@webhook_subscriptions.query("webhookSubscriptions")
def subscriptions(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    sort = sort_function(
        args,
        {"ID": None, "CREATED_AT": lambda sub: sub["createdAt"]},
        "ID",
        "QueryRoot.webhookSubscriptions",
    )
    return paginate(_matching(info, args), args, sort_value=sort)


@webhook_subscriptions.query("webhookSubscriptionsCount")
def subscriptions_count(_root: None, info: Info, **args: Any) -> dict[str, Any]:
    return count_of(len(_matching(info, args)), args)


@webhook_subscriptions.field(SUBSCRIPTION, "callbackUrl")
def callback_url(sub: Doc, _info: Info) -> str:
    uri: str = sub["uri"]
    return uri


@webhook_subscriptions.field(SUBSCRIPTION, "endpoint")
def endpoint(sub: Doc, _info: Info) -> dict[str, Any]:
    return {"__typename": "WebhookHttpEndpoint", "callbackUrl": sub["uri"]}
