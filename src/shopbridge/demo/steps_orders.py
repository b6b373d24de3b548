"""Demo steps for orders out: a late, older update dropped as stale; a dropped webhook found
by reconciliation. Both act on the store as the merchant and a shopper would, with the
sandbox's webhook faults standing in for Shopify's bad days."""

from __future__ import annotations

import asyncio
import time
from typing import Any, Final

from rich.console import Console

from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import until

__all__ = ["orders_stay_in_order"]

HELD_BACK_SECS: Final = 2.5
ORDER_BY_EMAIL: Final = """
query Order($query: String!) { orders(first: 1, query: $query) { nodes { id name } } }
"""
TAG: Final = """
mutation Tag($input: OrderInput!) {
  orderUpdate(input: $input) { order { id updatedAt } userErrors { field message } }
}
"""


async def orders_stay_in_order(stack: Stack, console: Console, first_step: int) -> int:
    """Run the two steps, numbered from ``first_step``; returns the next step's number."""
    await _stale_update_dropped(stack, console, first_step)
    await _dropped_webhook_reconciled(stack, console, first_step + 1)
    return first_step + 2


async def _stale_update_dropped(stack: Stack, console: Console, step: int) -> None:
    say = console.print
    erp = stack.systems["erp"]
    say(f"\n[bold]{step}.[/] Shopify delivers an order update late, after a newer one")
    found = await stack.admin(ORDER_BY_EMAIL, {"query": "email:ada@example.com"})
    order = found["orders"]["nodes"][0]
    before = len(erp.delivered)
    await stack.store("PUT", "/faults", {"webhooks": {"delay_secs": HELD_BACK_SECS}})
    taken = len(stack.sandbox.webhooks.log)
    older = await _tag(stack, order["id"], ["gift-wrap"])
    await until(lambda: len(stack.sandbox.webhooks.log) > taken, "the held-back webhook")
    await stack.store("PUT", "/faults", {"webhooks": {"delay_secs": 0}})
    await asyncio.sleep(1.0)  # Shopify's updated_at has whole seconds: the next change is newer
    newer = await _tag(stack, order["id"], ["gift-wrap", "express"])

    async def skipped() -> list[dict[str, Any]]:
        page = await stack.operate("GET", "/v1/jobs?status=filtered&flow=orders_to_erp")
        return [j for j in page["items"] if (j["last_reason"] or "").startswith("stale")]

    async def dropped() -> bool:
        return bool(await skipped())

    await until(dropped, "the stale update dropped")
    got = [r.json for r in erp.delivered[before:]]
    [job] = await skipped()
    say(
        f"   the ERP got {order['name']} as of {newer} (tags {', '.join(got[-1]['tags'])}); the "
        f"update of {older} arrived {HELD_BACK_SECS:g} s late and was not delivered: "
        f"job #{job['id']} says “{job['last_reason']}”"
    )


async def _dropped_webhook_reconciled(stack: Stack, console: Console, step: int) -> None:
    say = console.print
    erp = stack.systems["erp"]
    every = stack.settings.shops["sandbox"].reconcile.orders_every_mins * 60
    say(f"\n[bold]{step}.[/] Shopify never sends the webhooks of a new order")
    await stack.store("PUT", "/faults", {"webhooks": {"drop_rate": 1.0}})
    taken = len(stack.sandbox.webhooks.log)
    checkout = await stack.store(
        "POST",
        "/checkouts",
        {"lines": [{"sku": "SKU-00005-2", "quantity": 2}], "email": "edsger@example.com"},
    )
    order = await stack.store("POST", f"/checkouts/{checkout['token']}/complete", {})
    await until(lambda: len(stack.sandbox.webhooks.log) > taken, "the dropped webhooks")
    await stack.store("PUT", "/faults", {"webhooks": {"drop_rate": 0}})
    lost = {d.topic for d in list(stack.sandbox.webhooks.log)[taken:] if d.status == "dropped"}
    started = time.monotonic()

    def found() -> dict[str, Any] | None:
        """The order as the ERP got it (only reconciliation could have sent it)."""
        docs = [r.json for r in erp.delivered if r.json.get("name") == order["name"]]
        return docs[0] if docs else None

    await until(lambda: found() is not None, "the order found by reconciliation")
    document = found() or {}
    lines = ", ".join(f"{ln['quantity']} x {ln['sku']}" for ln in document["lines"])
    ordered = sorted(topic for topic in lost if topic.startswith("orders/"))
    say(
        f"   the store dropped {', '.join(ordered)} (and {len(lost) - len(ordered)} other "
        f"topics); {time.monotonic() - started:.1f} s later the scheduled reconciliation (every "
        f"{every:g} s here: orders updated since its checkpoint, read through the Admin API) "
        f"had found {order['name']}, and the ERP got it ({lines}, reconciled: "
        f"{document['reconciled']})"
    )


async def _tag(stack: Stack, order_id: str, tags: list[str]) -> str:
    answer = await stack.admin(TAG, {"input": {"id": order_id, "tags": tags}})
    updated_at: str = answer["orderUpdate"]["order"]["updatedAt"]
    return updated_at
