"""Carry out a plan through the Admin API, one mutation per step, each with its own verdict.

A step Shopify refuses (``userErrors``, or top-level errors such as a topic this API
version does not know) is reported with Shopify's words and the others go on. No
usable answer at all (network, auth, throttling beyond the client's patience) raises
``ShopifyError``: steps before it stay done, and the next run finishes the job.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from shopbridge import errors
from shopbridge.shopify import topics
from shopbridge.shopify.admin import AdminClient, Document, Result, documents, user_errors

from .desired import Desired
from .plan import JSON_FORMAT, Action, Plan, Step

__all__ = ["Applied", "apply_plan", "subscription_input"]


@dataclass(frozen=True, slots=True)
class Applied:
    """How one step went; ``errors`` are Shopify's reasons when it refused."""

    step: Step
    ok: bool
    subscription_id: str | None = None
    errors: tuple[str, ...] = ()


def subscription_input(desired: Desired, callback_url: str) -> dict[str, Any]:
    """``WebhookSubscriptionInput`` for ``desired`` (null filter and fields clear them)."""
    return {
        "uri": callback_url,
        "format": JSON_FORMAT,
        "filter": desired.filter,
        "includeFields": list(desired.include_fields) if desired.include_fields else None,
    }


def _refusals(result: Result) -> tuple[str, ...]:
    return tuple(
        f"{'.'.join(error.field)}: {error.message}" if error.field else error.message
        for error in user_errors(result.payload)
    )


def _call(step: Step, callback_url: str) -> tuple[Document, dict[str, Any]]:
    """The mutation and variables that carry out ``step``."""
    desired, actual = step.desired, step.actual
    if step.action is Action.CREATE and desired is not None:
        variables = {
            "topic": topics.to_enum(step.topic) or step.topic,
            "webhookSubscription": subscription_input(desired, callback_url),
        }
        return documents.WEBHOOK_SUBSCRIPTION_CREATE, variables
    if step.action is Action.UPDATE and desired is not None and actual is not None:
        variables = {
            "id": actual.id,
            "webhookSubscription": subscription_input(desired, callback_url),
        }
        return documents.WEBHOOK_SUBSCRIPTION_UPDATE, variables
    if step.action is Action.DELETE and actual is not None:
        return documents.WEBHOOK_SUBSCRIPTION_DELETE, {"id": actual.id}
    raise ValueError(f"nothing to send for a {step.action.value} step of {step.topic}")


async def _apply_step(client: AdminClient, step: Step, callback_url: str) -> Applied:
    document, variables = _call(step, callback_url)
    try:
        result = await client.execute(document, variables)
    except errors.ShopifyGraphQLError as exc:
        messages = tuple(str(e.get("message", e)) for e in exc.errors if isinstance(e, dict))
        return Applied(step, False, errors=messages or (str(exc),))
    refused = _refusals(result)
    if refused:
        return Applied(step, False, errors=refused)
    payload = result.payload
    if step.action is Action.DELETE:
        return Applied(step, True, payload.get("deletedWebhookSubscriptionId"))
    subscription = payload.get("webhookSubscription")
    found = subscription.get("id") if isinstance(subscription, dict) else None
    return Applied(step, True, found if isinstance(found, str) else None)


async def apply_plan(client: AdminClient, plan: Plan) -> list[Applied]:
    """Run every change of ``plan``, in order, and say how each went."""
    return [await _apply_step(client, step, plan.callback_url) for step in plan.changes]
