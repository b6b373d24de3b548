"""Orders out, end to end: the store's real webhooks reach four systems as clean documents."""

from __future__ import annotations

from decimal import Decimal

from tests.integration.orders.stack import orders_stack

FLOWS = """
  orders_to_erp:
    from: {shopify: [orders/create, orders/paid, orders/updated, orders/cancelled]}
    preset: order
    to: [erp]
  refunds_to_erp:
    from: {shopify: refunds/create}
    preset: refund
    to: [erp]
  pick_lists_to_wms:
    from: {shopify: orders/paid}
    preset: order
    map: |
      {"order": name, "ship_to": shipping_address.city,
       "lines": lines.{"sku": sku, "quantity": quantity}}
    to: [wms]
  payment_check:
    from: {shopify: orders/paid}
    preset: order
    filter: financial_status = "paid" and totals.outstanding = "0.00"
    map: '{"order_id": id, "paid": totals.total, "gateways": payment_gateways}'
    to: [payments]
  fraud_screening:
    from: {shopify: orders/create}
    preset: order
    map: '$merge([$, {"screen": "standard"}])'
    to: [fraud]
"""


async def test_orders_and_refunds_reach_erp_wms_payments_and_fraud(sqlite_url: str) -> None:
    async with orders_stack(sqlite_url, FLOWS) as stack:
        order = stack.buy([("SKU-00001-1", 2), ("SKU-00002-2", 1)])
        await stack.store_idle()
        await stack.engine_idle()
        line = stack.sandbox.state.get_gid(order["id"])["lineItems"][0]  # type: ignore[index]
        await stack.refund(order["id"], line["id"], "10.00")
        await stack.store_idle()
        await stack.engine_idle()

        [created] = stack.documents("erp", "orders/create")
        assert created["name"] == order["name"]
        assert [(ln["sku"], ln["quantity"]) for ln in created["lines"]] == [
            ("SKU-00001-1", 2),
            ("SKU-00002-2", 1),
        ]
        first = created["lines"][0]
        assert Decimal(first["subtotal"]) == 2 * Decimal(first["unit_price"])
        assert created["customer"]["email"] == "ada@example.com"
        assert created["shipping_address"]["city"] == "Ottawa"
        assert created["financial_status"] == "paid"
        assert created["totals"]["total"] == order["total_price"]
        assert created["reconciled"] is False
        [refund] = stack.documents("erp", "refunds/create")
        assert refund["order_id"] == created["id"]
        assert refund["lines"][0]["sku"] == "SKU-00001-1"
        assert refund["totals"]["refunded"] == "10.00"
        updated = stack.documents("erp", "orders/updated")
        assert updated[-1]["totals"]["refunded"] == "10.00"  # the refund changed the order

        [pick_list] = stack.documents("wms")
        assert pick_list == {
            "order": order["name"],
            "ship_to": "Ottawa",
            "lines": [
                {"sku": "SKU-00001-1", "quantity": 2},
                {"sku": "SKU-00002-2", "quantity": 1},
            ],
        }
        [payment] = stack.documents("payments")
        assert payment == {
            "order_id": created["id"],
            "paid": order["total_price"],
            "gateways": ["bogus"],
        }
        [screened] = stack.documents("fraud")
        assert screened["screen"] == "standard"
        assert screened["lines"] == created["lines"]
