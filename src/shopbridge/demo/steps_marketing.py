"""Demo steps for marketing events: an abandoned checkout found by a durable timer; first and
repeat purchases told apart through the Admin API; a product view from the storefront's
pixel through ``POST /v1/collect``.

Each step acts as a shopper would (the sandbox's checkout and Web Pixels emitter), then
waits for the derived events to reach the marketing system and says what arrived.
"""

from __future__ import annotations

import uuid
from typing import Any

from rich.console import Console

from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import until

__all__ = ["checkout_abandoned", "shoppers_seen_by_marketing"]


def _events(stack: Stack, topic: str) -> list[dict[str, Any]]:
    marketing = stack.systems["marketing"]
    return [r.json for r in marketing.delivered if r.headers.get("x-shopbridge-topic") == topic]


async def checkout_abandoned(stack: Stack, console: Console, step: int) -> int:
    """A checkout left unfinished becomes ``marketing/checkout_abandoned``; the next step."""
    say = console.print
    delay = stack.settings.marketing.abandoned_checkout.delay_secs
    say(f"\n[bold]{step}.[/] Another shopper leaves a checkout unfinished")
    left = await stack.store(
        "POST",
        "/checkouts",
        {"lines": [{"sku": "SKU-00003-1", "quantity": 1}], "email": "grace@example.com"},
    )
    await stack.store("POST", f"/checkouts/{left['token']}/abandon")

    def grace() -> list[dict[str, Any]]:
        found = _events(stack, "marketing/checkout_abandoned")
        return [e for e in found if e["email"] == "grace@example.com"]

    await until(lambda: bool(grace()), "the abandoned checkout to marketing")
    cart = grace()[-1]
    ada = [e for e in _events(stack, "marketing/checkout_abandoned") if e["email"] != cart["email"]]
    say(
        f"   {delay:g} s after its last change the checkout's timer (kept in the store, so it "
        f"survives restarts) fired: marketing got marketing/checkout_abandoned for "
        f"{cart['email']}'s cart ({len(cart['lines'])} line) with its recovery link "
        f"{cart['recovery_url'][:50]}…; Ada's paid checkout (step 6) sent "
        + ("none: her order cancelled its timer" if not ada else f"{len(ada)} as well")
    )
    return step + 1


async def shoppers_seen_by_marketing(stack: Stack, console: Console, step: int) -> int:
    """Purchases classified first or repeat, and a pixel's product view; the next step."""
    say = console.print
    say(f"\n[bold]{step}.[/] Marketing hears of first and repeat purchases and product views")
    again = await stack.store(
        "POST",
        "/checkouts",
        {"lines": [{"sku": "SKU-00005-1", "quantity": 1}], "email": "ada@example.com"},
    )
    order = await stack.store(
        "POST", f"/checkouts/{again['token']}/complete", {"payment": "success"}
    )

    def purchases(topic: str) -> list[dict[str, Any]]:
        found = _events(stack, topic)
        return [p for p in found if p["email"] == "ada@example.com"]

    await until(lambda: bool(purchases("marketing/repeat_purchase")), "the repeat purchase")
    await until(lambda: bool(purchases("marketing/first_purchase")), "the first purchase")
    first, repeat = purchases("marketing/first_purchase")[0], purchases("marketing/repeat_purchase")
    say(
        f"   Ada's order {first['order']['name']} went out as marketing/first_purchase and "
        f"{order['name']} as marketing/repeat_purchase (her order number "
        f"{repeat[-1]['order_count']}, counted in the Admin API)"
    )
    collector = stack.settings.shops["sandbox"].marketing
    key = collector.collector.key if collector is not None else None
    browser = f"demo-{uuid.uuid4().hex[:8]}"
    viewed = await stack.store(
        "POST",
        "/pixel/product-viewed",
        {
            "sku": "HOODIE-S",
            "client_id": browser,
            "collector_url": f"{stack.engine_url}/v1/collect/{key}",
        },
    )

    def views() -> list[dict[str, Any]]:
        return [v for v in _events(stack, "marketing/product_viewed") if v["client_id"] == browser]

    await until(lambda: bool(views()), "the product view to marketing")
    product = views()[0]["event"]["data"]["productVariant"]["product"]
    say(
        f"   the storefront's pixel posted product_viewed to POST /v1/collect/{key} (answer "
        f"{viewed['collector_status']}); marketing got marketing/product_viewed: browser "
        f"{browser} looked at {product['title']!r}"
    )
    return step + 1
