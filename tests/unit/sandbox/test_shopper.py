"""The shopper simulation: checkouts that fire Shopify's webhooks, orders as the web makes them."""

from __future__ import annotations

import pytest

from shopbridge.sandbox import rest, shopper
from shopbridge.sandbox.changes import Change
from shopbridge.sandbox.domains.checkouts_store import by_token, is_listed
from shopbridge.sandbox.merchant import ActionError
from shopbridge.sandbox.seed import sku
from shopbridge.sandbox.state import State
from shopbridge.sandbox.webhook_topics import topics_for
from tests.unit.sandbox.domains.ordering import quantities, seeded_state

assert rest.checkouts  # importing the package registers the topic rules


@pytest.fixture
def state() -> State:
    return seeded_state()


def topics_since(state: State, start: int) -> list[str]:
    changes: list[Change] = list(state.recent)[start:]
    return [rule.topic for change in changes for rule in topics_for(change)]


def test_start_checkout_fires_checkouts_create_with_token_and_recovery_url(state: State) -> None:
    start = len(state.recent)
    started = shopper.start_checkout(
        state, lines=[(sku(1, 1), 2)], email="Ada@Example.com", first_name="Ada"
    )
    assert len(started["token"]) == 32
    assert started["abandoned_checkout_url"].startswith("https://")
    assert f"/checkouts/{started['token']}/recover?key=" in started["abandoned_checkout_url"]
    assert started["email"] == "ada@example.com"
    assert topics_since(state, start) == ["checkouts/create"]
    assert state.recent[-1].tags["source"] == "shopper"


def test_tokens_are_deterministic_for_a_seed() -> None:
    tokens = [
        shopper.start_checkout(seeded_state(), lines=[(sku(1, 1), 1)], email=None)["token"]
        for _ in range(2)
    ]
    assert tokens[0] == tokens[1]


def test_unknown_sku_names_the_line(state: State) -> None:
    with pytest.raises(ActionError) as caught:
        shopper.start_checkout(state, lines=[(sku(1, 1), 1), ("NOPE", 1)], email=None)
    assert (caught.value.field, caught.value.status) == ("lines.1.sku", 404)
    assert state.count("AbandonedCheckout") == 0


def test_update_fires_checkouts_update_but_abandoning_fires_nothing(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email=None)["token"]
    start = len(state.recent)
    updated = shopper.update_checkout(state, token, lines=[(sku(2, 1), 3)], email="g@example.com")
    assert updated["line_items"][0]["quantity"] == 3
    assert topics_since(state, start) == ["checkouts/update"]
    start = len(state.recent)
    left = shopper.abandon_checkout(state, token)
    assert left["abandoned_at"] is not None
    assert topics_since(state, start) == []
    checkout = by_token(state, token)
    assert checkout is not None
    assert is_listed(checkout)


def test_abandoned_without_contact_is_not_listed(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email=None)["token"]
    shopper.abandon_checkout(state, token)
    checkout = by_token(state, token)
    assert checkout is not None
    assert not is_listed(checkout)


def test_completing_creates_a_paid_web_order_and_a_customer(state: State) -> None:
    variant = state.all("ProductVariant")[0]
    before = quantities(state, variant)
    token = shopper.start_checkout(
        state, lines=[(variant["id"], 2)], email="new@example.com", first_name="New",
        shipping_address={"address1": "1 Main", "city": "Ottawa", "country_code": "CA"},
    )["token"]  # fmt: skip
    start = len(state.recent)
    order = shopper.complete_checkout(state, token)
    assert order["financial_status"] == "PAID"
    assert [(t["kind"], t["status"]) for t in order["transactions"]] == [("SALE", "SUCCESS")]
    stored = state.get_gid(order["id"])
    assert stored is not None
    assert stored["sourceName"] == "web"
    assert stored["checkoutToken"] == token
    assert stored["cartToken"]
    assert stored["shippingAddress"]["countryCodeV2"] == "CA"
    customer = state.get_gid(stored["customerId"])
    assert customer is not None
    assert customer["numberOfOrders"] == "1"
    assert customer["firstName"] == "New"
    after = quantities(state, variant)
    assert after["available"] == before["available"] - 2
    assert after["committed"] == before["committed"] + 2
    assert state.find("FulfillmentOrder", "orderId", order["id"])
    topics = topics_since(state, start)
    for topic in ("orders/create", "orders/paid", "order_transactions/create",
                  "customers/create", "checkouts/update"):  # fmt: skip
        assert topic in topics, topic
    checkout = by_token(state, token)
    assert checkout is not None
    assert checkout["completedAt"] is not None


def test_a_known_customer_is_linked_at_start_and_counted_at_completion(state: State) -> None:
    first = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="x@example.com")
    order = shopper.complete_checkout(state, first["token"])
    again = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="X@example.com")
    assert again["customer_id"] == order["customer_id"]
    start = len(state.recent)
    shopper.complete_checkout(state, again["token"])
    assert "customers/create" not in topics_since(state, start)
    customer = state.get_gid(order["customer_id"])
    assert customer is not None
    assert customer["numberOfOrders"] == "2"


def test_failed_payment_leaves_a_pending_order_then_pay_order_pays_it(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="f@example.com")["token"]
    order = shopper.complete_checkout(state, token, payment="failure")
    assert order["financial_status"] == "PENDING"
    assert [(t["kind"], t["status"]) for t in order["transactions"]] == [("SALE", "FAILURE")]
    failed = state.get_gid(order["transactions"][0]["id"])
    assert failed is not None
    assert failed["errorCode"] == "CARD_DECLINED"
    start = len(state.recent)
    paid = shopper.pay_order(state, order["id"])
    assert paid["financial_status"] == "PAID"
    assert "orders/paid" in topics_since(state, start)
    with pytest.raises(ActionError) as caught:
        shopper.pay_order(state, order["id"])
    assert caught.value.status == 409


def test_pending_payment_authorizes_and_pay_order_captures(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="p@example.com")["token"]
    order = shopper.complete_checkout(state, token, payment="pending", gateway="shopify_payments")
    assert order["financial_status"] == "AUTHORIZED"
    failed = shopper.fail_payment(state, order["id"])
    assert failed["transactions"][-1]["kind"] == "CAPTURE"
    assert failed["transactions"][-1]["status"] == "FAILURE"
    assert failed["financial_status"] == "AUTHORIZED"
    paid = shopper.pay_order(state, order["id"])
    assert paid["transactions"][-1]["kind"] == "CAPTURE"
    assert paid["financial_status"] == "PAID"


def test_a_completed_checkout_cannot_change(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="c@example.com")["token"]
    shopper.complete_checkout(state, token)
    for action in (shopper.abandon_checkout, shopper.complete_checkout):
        with pytest.raises(ActionError) as caught:
            action(state, token)
        assert caught.value.status == 409
    with pytest.raises(ActionError) as missing:
        shopper.update_checkout(state, "nope", email="a@example.com")
    assert missing.value.status == 404


def test_completing_needs_contact_and_stock(state: State) -> None:
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email=None)["token"]
    with pytest.raises(ActionError) as no_contact:
        shopper.complete_checkout(state, token)
    assert no_contact.value.field == "email"
    orders = state.count("Order")
    variant = state.all("ProductVariant")[0]
    with state.transaction():
        state.save({**variant, "inventoryPolicy": "DENY"})
    greedy = shopper.start_checkout(state, lines=[(variant["id"], 100_000)], email="g@example.com")
    with pytest.raises(ActionError) as short:
        shopper.complete_checkout(state, greedy["token"])
    assert (short.value.field, short.value.status) == ("lines.0.sku", 409)
    assert state.count("Order") == orders
