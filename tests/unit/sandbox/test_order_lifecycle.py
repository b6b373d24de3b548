"""One order end to end, as an integration sees it: stock states, statuses, webhooks.

Seed a catalog, check out as a shopper, fulfil with tracking, refund with restock.
After each step the inventory quantities follow Shopify's inventory states (placing
an order moves units from ``available`` to ``committed``, ``on_hand`` unchanged;
fulfilling takes them out of ``committed`` and ``on_hand``; a restocked return puts
them back in ``available`` and ``on_hand``:
https://shopify.dev/docs/apps/fulfillment/inventory-management-apps/quantities-states),
the order's statuses are right, and the webhooks of the step are the topics Shopify
sends for that action, with REST bodies whose values agree with the GraphQL answers
(ids, ``admin_graphql_api_id``, money strings, SKUs, lower-case statuses, a moving
``updated_at``). Events are collected at each commit, as the emitter renders them.
"""

from __future__ import annotations

import re
import uuid
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from decimal import Decimal
from typing import Any

import pytest
from graphql import GraphQLSchema

from shopbridge.sandbox import shopper
from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import build_registry, run_bootstraps
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.registry import Registry
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhooks.events import Event, events_for
from tests.unit.sandbox.executing import run

_MONEY = re.compile(r"^\d+\.\d{2}$")

ORDER = """query($id: ID!) { order(id: $id) {
  id displayFinancialStatus displayFulfillmentStatus updatedAt
  totalPriceSet { shopMoney { amount } }
  lineItems(first: 5) { nodes { id sku quantity originalUnitPriceSet { shopMoney { amount } } } }
  fulfillmentOrders(first: 5) { nodes { id } }
  fulfillments { id }
  refunds { id }
  transactions { id kind status } } }"""
LEVELS = """query($id: ID!) { inventoryItem(id: $id) { id inventoryLevels(first: 5) { nodes {
  id location { id } quantities(names: ["available", "committed", "on_hand"]) {
    name quantity } } } } }"""
FULFILL = """mutation($f: FulfillmentInput!) { fulfillmentCreate(fulfillment: $f) {
  fulfillment { id status trackingInfo { company number url } } userErrors { field message } } }"""
REFUND = """mutation($i: RefundInput!, $key: String!) {
  refundCreate(input: $i) @idempotent(key: $key) {
    refund { id totalRefundedSet { shopMoney { amount } } }
    order { displayFinancialStatus displayFulfillmentStatus }
    userErrors { field message } } }"""


@dataclass
class Clock:
    """Stands still within a step; each step starts a minute later."""

    moment: datetime = field(default_factory=lambda: datetime(2026, 7, 1, 12, tzinfo=UTC))

    def __call__(self) -> datetime:
        return self.moment

    def tick(self) -> None:
        self.moment += timedelta(minutes=1)


@dataclass
class Store:
    registry: Registry
    clock: Clock = field(default_factory=Clock)
    events: list[Event] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.state = State(clock=self.clock)
        run_bootstraps(self.state, SandboxConfig())
        seed_catalog(self.state, products=1, variants=2, locations=1)
        self.state.on_commit(
            lambda changes: self.events.extend(events_for(self.state, changes, "now"))
        )

    def step(self) -> None:
        """Forget the events so far and move the clock on."""
        self.events.clear()
        self.clock.tick()

    def topics(self) -> list[str]:
        return [event.topic for event in self.events]

    def bodies(self, topic: str) -> list[dict[str, Any]]:
        return [event.payload for event in self.events if event.topic == topic]

    def body(self, topic: str) -> dict[str, Any]:
        [found] = self.bodies(topic)
        return found

    def data(self, text: str, variables: dict[str, Any]) -> dict[str, Any]:
        answer = run(self.registry, text, variables, self.state)
        assert "errors" not in answer, answer["errors"]
        found: dict[str, Any] = answer["data"]
        return found

    def order(self, order_id: str) -> dict[str, Any]:
        found: dict[str, Any] = self.data(ORDER, {"id": order_id})["order"]
        return found

    def level(self, item_id: str) -> dict[str, Any]:
        [node] = self.data(LEVELS, {"id": item_id})["inventoryItem"]["inventoryLevels"]["nodes"]
        counts = {q["name"]: q["quantity"] for q in node["quantities"]}
        return {"id": node["id"], "location": node["location"]["id"], **counts}


@pytest.fixture(scope="module")
def registry(admin: GraphQLSchema) -> Registry:
    return build_registry(admin)


def _item(store: Store, sku_code: str) -> str:
    [variant] = [
        v
        for v in store.state.all("ProductVariant")
        if (store.state.get_gid(v["inventoryItemId"]) or {}).get("sku") == sku_code
    ]
    return str(variant["inventoryItemId"])


def _time(value: str) -> datetime:
    return datetime.fromisoformat(value.replace("Z", "+00:00"))


def _check_levels(store: Store, items: dict[str, str]) -> None:
    """Every ``inventory_levels/update`` body agrees with the GraphQL level now."""
    by_item = {legacy_id(item): store.level(item) for item in items.values()}
    for body in store.bodies("inventory_levels/update"):
        level = by_item[body["inventory_item_id"]]
        assert body["admin_graphql_api_id"] == level["id"]
        assert body["location_id"] == legacy_id(level["location"])
        assert body["available"] == level["available"]


def _check_order_body(body: dict[str, Any], order: dict[str, Any]) -> None:
    """A REST order body agrees with the GraphQL order."""
    assert body["id"] == legacy_id(order["id"])
    assert body["admin_graphql_api_id"] == order["id"]
    assert body["financial_status"] == order["displayFinancialStatus"].lower()
    assert _MONEY.match(body["total_price"])
    assert Decimal(body["total_price"]) == Decimal(order["totalPriceSet"]["shopMoney"]["amount"])
    lines = order["lineItems"]["nodes"]
    assert [line["admin_graphql_api_id"] for line in body["line_items"]] == [
        line["id"] for line in lines
    ]
    assert [line["id"] for line in body["line_items"]] == [legacy_id(line["id"]) for line in lines]
    assert [line["sku"] for line in body["line_items"]] == [line["sku"] for line in lines]
    for rest_line, line in zip(body["line_items"], lines, strict=True):
        assert _MONEY.match(rest_line["price"])
        assert Decimal(rest_line["price"]) == Decimal(
            line["originalUnitPriceSet"]["shopMoney"]["amount"]
        )
    assert _time(body["updated_at"]) == _time(order["updatedAt"])


def test_checkout_fulfil_refund_moves_stock_statuses_and_webhooks_like_shopify(
    registry: Registry,
) -> None:
    store = Store(registry)
    items = {code: _item(store, code) for code in (sku(1, 1), sku(1, 2))}
    start = {code: store.level(item) for code, item in items.items()}
    for level in start.values():
        assert level["committed"] == 0
        assert level["on_hand"] == level["available"]
    wanted = {sku(1, 1): 2, sku(1, 2): 1}

    # 1. The shopper reaches checkout: nothing is committed yet.
    store.step()
    checkout = shopper.start_checkout(
        store.state,
        lines=list(wanted.items()),
        email="ada@example.com",
        first_name="Ada",
        shipping_address={"address1": "1 Main St", "city": "Ottawa", "country_code": "CA"},
    )
    assert store.topics() == ["checkouts/create"]
    assert {code: store.level(item) for code, item in items.items()} == start

    # 2. The shopper pays: orders/create AND orders/paid in the one transaction.
    store.step()
    placed = shopper.complete_checkout(store.state, checkout["token"])
    topics = store.topics()
    for topic in ("orders/create", "orders/paid", "order_transactions/create",
                  "customers/create", "checkouts/update"):  # fmt: skip
        assert topics.count(topic) == 1, topics
    assert topics.count("inventory_levels/update") == 2, topics
    for topic in ("orders/fulfilled", "fulfillments/create", "refunds/create"):
        assert topic not in topics, topics
    for code, item in items.items():
        level = store.level(item)
        assert level["available"] == start[code]["available"] - wanted[code]
        assert level["committed"] == wanted[code]
        assert level["on_hand"] == start[code]["on_hand"]
    _check_levels(store, items)
    order = store.order(placed["id"])
    assert (order["displayFinancialStatus"], order["displayFulfillmentStatus"]) == (
        "PAID",
        "UNFULFILLED",
    )
    created = store.body("orders/create")
    _check_order_body(created, order)
    _check_order_body(store.body("orders/paid"), order)
    assert created["financial_status"] == "paid"
    assert created["fulfillment_status"] is None
    assert [line["sku"] for line in created["line_items"]] == list(wanted)
    [sale] = order["transactions"]
    sale_body = store.body("order_transactions/create")
    assert (sale_body["id"], sale_body["admin_graphql_api_id"]) == (
        legacy_id(sale["id"]),
        sale["id"],
    )
    assert (sale_body["kind"], sale_body["status"]) == ("sale", "success")
    assert sale_body["amount"] == created["total_price"]
    assert sale_body["order_id"] == created["id"]

    # 3. The merchant ships everything with tracking: committed stock leaves on_hand.
    store.step()
    tracking = {"company": "UPS", "number": "1Z999AA10123456784", "url": "https://ups.example/t"}
    [fulfillment_order] = order["fulfillmentOrders"]["nodes"]
    shipped = store.data(
        FULFILL,
        {
            "f": {
                "lineItemsByFulfillmentOrder": [{"fulfillmentOrderId": fulfillment_order["id"]}],
                "trackingInfo": tracking,
                "notifyCustomer": True,
            }
        },
    )["fulfillmentCreate"]
    assert shipped["userErrors"] == []
    assert shipped["fulfillment"]["trackingInfo"] == [tracking]
    topics = store.topics()
    for topic in ("fulfillments/create", "orders/fulfilled", "orders/updated"):
        assert topics.count(topic) == 1, topics
    for topic in ("orders/create", "orders/paid", "refunds/create"):
        assert topic not in topics, topics
    for code, item in items.items():
        level = store.level(item)
        assert level["available"] == start[code]["available"] - wanted[code]
        assert level["committed"] == 0
        assert level["on_hand"] == start[code]["on_hand"] - wanted[code]
    _check_levels(store, items)
    order = store.order(placed["id"])
    assert (order["displayFinancialStatus"], order["displayFulfillmentStatus"]) == (
        "PAID",
        "FULFILLED",
    )
    fulfilled = store.body("orders/fulfilled")
    _check_order_body(fulfilled, order)
    _check_order_body(store.body("orders/updated"), order)
    assert fulfilled["fulfillment_status"] == "fulfilled"
    assert _time(fulfilled["updated_at"]) > _time(created["updated_at"])
    shipment = store.body("fulfillments/create")
    fulfillment_id = shipped["fulfillment"]["id"]
    assert (shipment["id"], shipment["admin_graphql_api_id"]) == (
        legacy_id(fulfillment_id),
        fulfillment_id,
    )
    assert shipment["order_id"] == created["id"]
    assert shipment["status"] == "success"
    assert (
        shipment["tracking_company"],
        shipment["tracking_number"],
        shipment["tracking_url"],
    ) == (
        tracking["company"],
        tracking["number"],
        tracking["url"],
    )
    assert shipment["tracking_numbers"] == [tracking["number"]]
    assert {line["sku"]: line["quantity"] for line in shipment["line_items"]} == wanted
    assert [f["id"] for f in fulfilled["fulfillments"]] == [legacy_id(fulfillment_id)]
    assert {line["fulfillment_status"] for line in fulfilled["line_items"]} == {"fulfilled"}

    # 4. Everything comes back and is refunded with restock: the shipped units return
    #    to available and on_hand; the order is refunded and stays fulfilled.
    store.step()
    refund_lines = [
        {"lineItemId": line["id"], "quantity": line["quantity"], "restockType": "RETURN"}
        for line in order["lineItems"]["nodes"]
    ]
    money_back = {
        "orderId": placed["id"],
        "kind": "REFUND",
        "gateway": "bogus",
        "amount": created["total_price"],
        "parentId": sale["id"],
    }
    refunded = store.data(
        REFUND,
        {
            "i": {"orderId": placed["id"], "refundLineItems": refund_lines,
                  "transactions": [money_back]},
            "key": str(uuid.uuid4()),
        },
    )["refundCreate"]  # fmt: skip
    assert refunded["userErrors"] == []
    assert refunded["order"] == {
        "displayFinancialStatus": "REFUNDED",
        "displayFulfillmentStatus": "FULFILLED",
    }
    topics = store.topics()
    for topic in ("refunds/create", "orders/updated", "order_transactions/create"):
        assert topics.count(topic) == 1, topics
    assert topics.count("inventory_levels/update") == 2, topics
    for topic in ("orders/paid", "orders/fulfilled", "fulfillments/create", "orders/create"):
        assert topic not in topics, topics
    assert {code: store.level(item) for code, item in items.items()} == start
    _check_levels(store, items)
    order = store.order(placed["id"])
    updated = store.body("orders/updated")
    _check_order_body(updated, order)
    assert (updated["financial_status"], updated["fulfillment_status"]) == ("refunded", "fulfilled")
    assert {line["fulfillment_status"] for line in updated["line_items"]} == {"fulfilled"}
    assert _time(updated["updated_at"]) > _time(fulfilled["updated_at"])
    refund_id = refunded["refund"]["id"]
    refund = store.body("refunds/create")
    assert (refund["id"], refund["admin_graphql_api_id"]) == (legacy_id(refund_id), refund_id)
    assert [r["id"] for r in updated["refunds"]] == [legacy_id(refund_id)]
    assert updated["refunds"][0]["admin_graphql_api_id"] == refund_id
    assert refund["order_id"] == created["id"]
    assert refund["restock"] is True
    returned = {(r["line_item"]["sku"], r["quantity"], r["restock_type"])
                for r in refund["refund_line_items"]}  # fmt: skip
    assert returned == {(code, quantity, "return") for code, quantity in wanted.items()}
    [back] = refund["transactions"]
    assert (back["kind"], back["status"], back["parent_id"]) == (
        "refund",
        "success",
        legacy_id(sale["id"]),
    )
    assert back["amount"] == created["total_price"]
    assert store.body("order_transactions/create")["id"] == back["id"]
