"""Demo step for alerts: each kind fires once, as Slack messages and PagerDuty incidents.

The story's own events supply some (the card declined earlier is a payment issue); the
step causes the rest the way they happen in a shop: the ERP sends stock for a SKU
Shopify does not know (Shopify refuses the write), the merchant holds an order for a bad
address, and recounts a SKU while the ERP is down (Shopify's stock now differs from what
the ERP sent, and the stock change dies on its way to the ERP). Then the ERP comes back,
the operator replays its dead letter, and the engine alert resolves: PagerDuty gets a
``resolve`` with the same dedup key. The demo config's alert limits are seconds.
"""

from __future__ import annotations

from typing import Any, Final

from rich.console import Console

from shopbridge.demo.receivers import Receiver
from shopbridge.demo.stack import Stack
from shopbridge.demo.waiting import until

__all__ = ["KINDS", "alerts_fire"]

KINDS: Final = {
    "payment_issue": "payment issue",
    "order_failure": "order failure",
    "fulfillment_exception": "fulfillment exception",
    "inventory_mismatch": "inventory mismatch",
    "engine_failure": "engine failure",
}
RECOUNTED: Final = "SKU-00003-1"  # the ERP sent 40 of it at the "Shop location" (step 3)
FULFILLMENT_ORDER: Final = """
query($id: ID!) { order(id: $id) { fulfillmentOrders(first: 1) { nodes { id } } } }
"""
HOLD: Final = """
mutation($id: ID!) {
  fulfillmentOrderHold(id: $id, fulfillmentHold: {reason: INCORRECT_ADDRESS,
                                                 reasonNotes: "No street number"}) {
    userErrors { field message }
  }
}
"""


def _triggers(pagerduty: Receiver) -> dict[str, dict[str, Any]]:
    """The first PagerDuty trigger of each alert kind (``payload.component``)."""
    found: dict[str, dict[str, Any]] = {}
    for received in pagerduty.delivered:
        event = received.json
        if event.get("event_action") == "trigger":
            found.setdefault(event["payload"]["component"], event)
    return found


async def alerts_fire(stack: Stack, console: Console, step: int) -> int:
    """Run the step numbered ``step``; returns the next step's number."""
    say = console.print
    slack, pagerduty, erp = (stack.systems[n] for n in ("slack", "pagerduty", "erp"))
    say(f"\n[bold]{step}.[/] Alerts: each kind fires once, to Slack and to PagerDuty")
    await stack.push(
        "/v1/inventory",
        [{"sku": "NOT-IN-SHOPIFY", "location": "Shop location", "quantity": 5, "version": 1}],
    )
    checkout = await stack.store(
        "POST",
        "/checkouts",
        {"lines": [{"sku": "SKU-00002-1", "quantity": 1}], "email": "grace@example.com"},
    )
    order = await stack.store(
        "POST", f"/checkouts/{checkout['token']}/complete", {"payment": "success"}
    )
    found = await stack.admin(FULFILLMENT_ORDER, {"id": order["id"]})
    await stack.admin(HOLD, {"id": found["order"]["fulfillmentOrders"]["nodes"][0]["id"]})
    erp.fail_with, erp.fail_times = 503, -1
    await stack.store("POST", "/stock", {"sku": RECOUNTED, "location": "Shop location", "set": 33})
    await until(lambda: set(KINDS) <= set(_triggers(pagerduty)), "one alert of each kind")
    triggers = _triggers(pagerduty)
    headers = {
        r.headers.get("x-shopbridge-topic", ""): r.json["blocks"][0]["text"]["text"]
        for r in reversed(slack.delivered)
    }
    for kind, name in KINDS.items():
        event = triggers[kind]
        header = headers.get(f"alerts/{kind}", "?")
        say(
            f"   {name:<22} Slack “{header}” · PagerDuty trigger {event['dedup_key']} "
            f"({event['payload']['severity']})",
            highlight=False,
        )

    say("   the ERP is back and the operator replays its dead letter:")
    erp.fail_with, erp.fail_times = None, 0
    dead = await stack.operate("GET", "/v1/dead-letters?destination=erp")
    for letter in dead["items"]:
        await stack.operate("POST", f"/v1/jobs/{letter['id']}/replay")
    key = triggers["engine_failure"]["dedup_key"]

    def resolved() -> bool:
        return any(
            r.json.get("event_action") == "resolve" and r.json["dedup_key"] == key
            for r in pagerduty.delivered
        )

    await until(resolved, "the engine alert resolved")
    say(
        f"   PagerDuty got a resolve for {key} (the trigger's dedup key) and Slack a "
        "“Resolved:” message; repeats within a window are one update, never a storm",
        highlight=False,
    )
    return step + 1
