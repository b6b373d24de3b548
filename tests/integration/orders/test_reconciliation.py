"""Reconciliation finds the order changes whose webhooks the store dropped, and never
sends a change twice, even when its webhook turns up late.

Reconciliation runs every 1.2 s here (``orders_every_mins: 0.02``) with no settle time;
the tests wait for what it delivers, never for a clock.
"""

from __future__ import annotations

import asyncio

from tests.integration.orders.stack import orders_stack

FLOWS = """
  orders_to_erp:
    from: {shopify: [orders/create, orders/paid, orders/updated]}
    preset: order
    to: [erp]
  new_orders_to_fraud:
    from: {shopify: orders/create}
    preset: order
    to: [fraud]
  paid_orders_to_wms:
    from: {shopify: orders/paid}
    preset: order
    to: [wms]
"""
QUICKLY = "{orders_every_mins: 0.02, settle_secs: 0}"


async def test_reconciliation_recovers_the_webhooks_the_store_dropped(sqlite_url: str) -> None:
    async with orders_stack(sqlite_url, FLOWS, reconcile=QUICKLY) as stack:
        heard = stack.buy([("SKU-00001-1", 1)])
        await stack.store_idle()
        await stack.until(lambda: len(stack.documents("fraud")) == 1, "the first order")

        stack.faults(drop_rate=1.0)  # the store sends nothing from here
        missed = stack.buy([("SKU-00003-2", 3)], email="grace@example.com")
        # updated_at has whole seconds: the tag must come a second after the purchase to
        # be a version of its own (within one second no one can tell two changes apart).
        await asyncio.sleep(1.0)
        await stack.tag(heard["id"], "vip")
        await stack.store_idle()
        stack.faults(drop_rate=0.0)
        dropped = [
            d
            for d in stack.sandbox.webhooks.snapshot()["recent_deliveries"]
            if d["status"] == "dropped"
        ]

        def recovered() -> bool:
            names = {d["name"] for d in stack.documents("erp") if d["reconciled"]}
            return names == {heard["name"], missed["name"]}

        await stack.until(recovered, "both orders reconciled")
        runs = await stack.metric("shopbridge_reconciliations_total", outcome="ok")
        await stack.until_metric("shopbridge_reconciliations_total", runs + 2, outcome="ok")
        await stack.engine_idle()
        reconciled = await stack.metric("shopbridge_orders_reconciled_total")
        recovered_deliveries = [r for r in stack.delivered("erp") if r.json["reconciled"]]
        fraud = stack.documents("fraud")
        wms = stack.documents("wms")

    assert {d["topic"] for d in dropped} == {"orders/create", "orders/paid", "orders/updated"}
    by_name = {
        r.json["name"]: (r.headers["x-shopbridge-topic"], r.json) for r in recovered_deliveries
    }
    # The order never heard of arrives as orders/create, the missed change as orders/updated.
    assert by_name[missed["name"]][0] == "orders/create"
    assert by_name[heard["name"]][0] == "orders/updated"
    assert by_name[heard["name"]][1]["tags"] == ["vip"]
    assert [(ln["sku"], ln["quantity"]) for ln in by_name[missed["name"]][1]["lines"]] == [
        ("SKU-00003-2", 3)
    ]
    # Once each, even after two more runs; the create-only flow got the missed order too.
    assert len(recovered_deliveries) == 2
    assert sorted(d["name"] for d in fraud) == sorted([heard["name"], missed["name"]])
    assert reconciled == 2
    # Reconciliation sends orders/create or orders/updated: a paid-only flow cannot get it.
    assert [d["name"] for d in wms] == [heard["name"]]


async def test_a_webhook_arriving_after_reconciliation_sent_its_change_is_not_sent_again(
    sqlite_url: str,
) -> None:
    async with orders_stack(sqlite_url, FLOWS, reconcile=QUICKLY) as stack:
        stack.faults(delay_secs=4.0)  # held back longer than a reconciliation takes
        late = stack.buy([("SKU-00002-2", 2)])
        await stack.until_sent(2)  # orders/create and orders/paid, both held back
        stack.faults(delay_secs=0.0)

        def reconciled() -> bool:
            return any(d["name"] == late["name"] for d in stack.documents("erp"))

        await stack.until(reconciled, "the order reconciled before its webhooks")
        await stack.store_idle()  # now the late webhooks have arrived
        await stack.engine_idle()
        erp = stack.documents("erp")
        fraud = stack.documents("fraud")
        status, filtered = await stack.engine.api(
            "GET", "/v1/jobs?status=filtered&flow=orders_to_erp"
        )

    assert [(d["name"], d["reconciled"]) for d in erp] == [(late["name"], True)]
    assert [(d["name"], d["reconciled"]) for d in fraud] == [(late["name"], True)]
    assert status == 200
    reasons = sorted(job["last_reason"] for job in filtered["items"])
    assert len(reasons) == 2  # the late orders/create and orders/paid
    assert all(r.startswith("already delivered by reconciliation") for r in reasons)
