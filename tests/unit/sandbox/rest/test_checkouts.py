"""Checkout webhook payloads have the keys and JSON types of Shopify's official examples."""

from __future__ import annotations

from shopbridge.sandbox import rest, shopper
from shopbridge.sandbox.domains.checkouts_store import CHECKOUT, by_token
from shopbridge.sandbox.gid import legacy_id
from shopbridge.sandbox.seed import sku
from tests.unit.sandbox.domains.ordering import seeded_state
from tests.unit.sandbox.rest.rendering import rendered_by_rule
from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example

assert rest.checkouts  # importing the package registers the topic rules


def test_checkout_lifecycle_payloads_are_shaped_like_the_examples() -> None:
    state = seeded_state()
    first = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email="known@example.com")
    shopper.complete_checkout(state, first["token"])
    start = len(state.recent)
    address = {"address1": "1 Main", "city": "Ottawa", "country_code": "CA", "zip": "K1A"}
    started = shopper.start_checkout(
        state, lines=[(sku(1, 1), 2), (sku(2, 2), 1)], email="known@example.com",
        shipping_address=address,
    )  # fmt: skip
    shopper.update_checkout(state, started["token"], lines=[(sku(2, 1), 1)])
    shopper.complete_checkout(state, started["token"])
    payloads = rendered_by_rule(state, list(state.recent)[start:])
    create = payloads["checkouts/create"][0]
    assert_same_shape(create, official_example("checkouts/create"))
    assert create["token"] == started["token"]
    assert create["abandoned_checkout_url"] == started["abandoned_checkout_url"]
    assert create["customer"]["email"] == "known@example.com"
    assert len(create["line_items"]) == 2
    assert create["shipping_address"]["country"] == "Canada"
    updates = payloads["checkouts/update"]
    for payload in updates:
        assert_same_shape(payload, official_example("checkouts/update"))
    assert updates[-1]["completed_at"] is not None
    assert updates[-1]["gateway"] == "bogus"


def test_checkouts_delete_payload() -> None:
    state = seeded_state()
    token = shopper.start_checkout(state, lines=[(sku(1, 1), 1)], email=None)["token"]
    checkout = by_token(state, token)
    assert checkout is not None
    with state.transaction():
        state.delete(CHECKOUT, legacy_id(checkout["id"]))
    payload = rendered_by_rule(state, [state.recent[-1]])["checkouts/delete"][0]
    assert_same_shape(payload, official_example("checkouts/delete"), strict_nulls=True)
    assert payload["id"] == legacy_id(checkout["id"])
