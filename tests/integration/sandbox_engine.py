"""What the integration stacks that run the engine against a sandbox shop have in common.

Each stack (``alerts/world.py``, ``marketing/world.py``, ``customers/stack.py``,
``orders/stack.py``) acts on the shop through its Admin API as an app does, subscribes the
engine to the shop's webhooks and waits for outcomes; the helpers here do those things once.
"""

from __future__ import annotations

import asyncio
import time
from collections.abc import Awaitable, Callable, Iterable
from typing import Any

import aiohttp

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.server import Sandbox
from shopbridge.sandbox.state import State
from tests.integration.harness import SECRET, SHOP, Engine

WAIT_SECS = 30.0
SUBSCRIBE = """
mutation Sub($topic: WebhookSubscriptionTopic!, $sub: WebhookSubscriptionInput!) {
  webhookSubscriptionCreate(topic: $topic, webhookSubscription: $sub) {
    userErrors { field message }
  }
}
"""
SUBSCRIPTIONS = "query { webhookSubscriptions(first: 100) { nodes { topic } } }"

AdminCall = Callable[[str, dict[str, Any]], Awaitable[Any]]
"""A stack's ``admin(query, variables)``: the ``data`` of one Admin API call."""


def webhook_topic(topic: str) -> str:
    """``orders/create`` as the Admin API's enum spells it: ``ORDERS_CREATE``."""
    return topic.replace("/", "_").upper()


def webhook_sandbox(admin_token: str, state: State | None = None) -> Sandbox:
    """A sandbox shop ``SHOP`` that signs with ``SECRET`` and sends its webhooks at once."""
    config = SandboxConfig(
        shop_domain=SHOP, admin_token=admin_token, app_secret=SECRET, webhook_time_scale=0.001
    )
    return Sandbox(config, state=state)


async def admin(
    http: aiohttp.ClientSession,
    sandbox: Sandbox,
    token: str,
    query: str,
    variables: dict[str, Any] | None = None,
) -> Any:
    """A GraphQL call to the shop's Admin API, as an app makes it; its ``data``."""
    headers = {"X-Shopify-Access-Token": token}
    payload = {"query": query, "variables": variables or {}}
    async with http.post(sandbox.admin_url(), json=payload, headers=headers) as answer:
        body = await answer.json()
    assert not body.get("errors"), body
    return body["data"]


async def control(
    http: aiohttp.ClientSession, sandbox: Sandbox, method: str, path: str, body: Any = None
) -> Any:
    """A call to the sandbox's control API (``/sandbox…``: a shopper or merchant acting)."""
    async with http.request(method, f"{sandbox.url}/sandbox{path}", json=body) as answer:
        found = await answer.json()
        assert answer.status < 400, found
        return found


async def until(
    check: Callable[[], Any],
    what: str,
    timeout: float = WAIT_SECS,
    progress: Callable[[], str] | None = None,
) -> None:
    """Wait for ``check`` (sync or async) to hold; on timeout say what ``progress`` saw."""
    deadline = time.monotonic() + timeout
    while True:
        outcome = check()
        if asyncio.iscoroutine(outcome):
            outcome = await outcome
        if outcome:
            return
        if time.monotonic() > deadline:
            seen = "" if progress is None else f"; {progress()}"
            raise AssertionError(f"timed out waiting for {what}{seen}")
        await asyncio.sleep(0.05)


async def engine_idle(engine: Engine, timeout: float = WAIT_SECS) -> None:
    """No job is queued or running (both seen empty in one look)."""
    deadline = time.monotonic() + timeout
    while True:
        pages = [
            await engine.api("GET", f"/v1/jobs?status={status}&limit=1")
            for status in ("queued", "running")
        ]
        if all(status == 200 and not page["items"] for status, page in pages):
            return
        if time.monotonic() > deadline:
            raise AssertionError(f"the engine is still busy: {pages}")
        await asyncio.sleep(0.05)


async def subscribe(call: AdminCall, engine_url: str, topics: Iterable[str]) -> None:
    """Subscribe the engine at ``engine_url`` to the shop's ``topics``, as an app does."""
    sub = {"uri": f"{engine_url}/webhooks/shopify"}
    for topic in topics:
        data = await call(SUBSCRIBE, {"topic": webhook_topic(topic), "sub": sub})
        assert data["webhookSubscriptionCreate"]["userErrors"] == []


async def subscribed(
    call: AdminCall, topics: Iterable[str], progress: Callable[[], str] | None = None
) -> None:
    """Wait until the engine (managing its own subscriptions) has subscribed to ``topics``."""
    wanted = {webhook_topic(topic) for topic in topics}

    async def made() -> bool:
        data = await call(SUBSCRIPTIONS, {})
        return wanted <= {node["topic"] for node in data["webhookSubscriptions"]["nodes"]}

    await until(made, f"subscriptions to {sorted(wanted)}", progress=progress)
