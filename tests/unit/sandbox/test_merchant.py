"""Merchant actions in the admin: stock edits that fire webhooks like any write."""

from __future__ import annotations

import pytest

from shopbridge.sandbox.config import SandboxConfig
from shopbridge.sandbox.domains import run_bootstraps
from shopbridge.sandbox.merchant import (
    ActionError,
    edit_customer,
    edit_stock,
    find_location,
    find_variant,
)
from shopbridge.sandbox.seed import seed_catalog, sku
from shopbridge.sandbox.state import Change, State


@pytest.fixture
def state() -> State:
    state = State()
    run_bootstraps(state, SandboxConfig())
    seed_catalog(state, products=2, variants=2, locations=2)
    return state


def test_setting_available_moves_on_hand_and_reports_one_level_change(state: State) -> None:
    seen: list[Change] = []
    state.on_change(seen.append)
    result = edit_stock(state, sku(1, 1), set_to=55)
    assert result["quantities"]["available"] == 55
    assert result["quantities"]["on_hand"] == 55
    levels = [c for c in seen if c.entity == "InventoryLevel"]
    assert len(levels) == 1
    assert levels[0].tags["source"] == "admin"
    assert [c.entity for c in seen if c.entity == "InventoryAdjustmentGroup"]


def test_a_delta_at_a_named_location(state: State) -> None:
    second = find_location(state, "Warehouse 2")
    before = edit_stock(state, sku(2, 1), location=second["id"], delta=0)
    after = edit_stock(state, sku(2, 1), location="Warehouse 2", delta=-3)
    assert after["quantities"]["available"] == before["quantities"]["available"] - 3
    assert after["location"] == "Warehouse 2"


def test_setting_the_same_quantity_changes_nothing(state: State) -> None:
    current = edit_stock(state, sku(1, 2), delta=0)["quantities"]["available"]
    seen: list[Change] = []
    state.on_change(seen.append)
    edit_stock(state, sku(1, 2), set_to=current)
    assert seen == []


def test_a_variant_gid_works_like_its_sku(state: State) -> None:
    variant = find_variant(state, sku(1, 1))
    assert find_variant(state, variant["id"]) == variant


@pytest.mark.parametrize(
    ("kwargs", "field", "status"),
    [
        ({"ref": "NOPE", "set_to": 1}, "sku", 404),
        ({"ref": "gid://shopify/Product/1", "set_to": 1}, "sku", 422),
        ({"ref": "SKU-00001-1", "set_to": 1, "location": "Mars"}, "location", 404),
        ({"ref": "SKU-00001-1"}, "quantity", 422),
        ({"ref": "SKU-00001-1", "set_to": 1, "delta": 1}, "quantity", 422),
        ({"ref": "SKU-00001-1", "set_to": 1, "name": "committed"}, "name", 422),
    ],
)
def test_bad_edits_name_the_field_and_change_nothing(
    state: State, kwargs: dict[str, object], field: str, status: int
) -> None:
    seen: list[Change] = []
    state.on_change(seen.append)
    ref = str(kwargs.pop("ref"))
    with pytest.raises(ActionError) as caught:
        edit_stock(state, ref, **kwargs)  # type: ignore[arg-type]
    assert (caught.value.field, caught.value.status) == (field, status)
    assert seen == []


def test_a_customer_is_created_then_edited_by_email(state: State) -> None:
    seen: list[Change] = []
    state.on_change(seen.append)
    created = edit_customer(state, "Ada@Example.com", first_name="Ada", tags=["vip", " vip "])
    assert created["created"] is True
    assert (created["email"], created["tags"]) == ("ada@example.com", ["vip"])
    edited = edit_customer(state, "ada@example.com", phone="613 555 0100", accepts_marketing=True)
    assert edited["id"] == created["id"]
    assert (edited["created"], edited["first_name"]) == (False, "Ada")
    assert edited["phone"] == "+16135550100"
    assert edited["email_marketing"] == "SUBSCRIBED"
    customers = [c for c in seen if c.entity == "Customer"]
    assert [c.action for c in customers] == ["create", "update"]
    assert customers[1].tags["source"] == "admin"


@pytest.mark.parametrize(
    ("kwargs", "field"),
    [({"email": "not-an-email"}, "email"), ({"email": "a@b.co", "phone": "12"}, "phone")],
)
def test_a_bad_customer_edit_names_the_field(
    state: State, kwargs: dict[str, str], field: str
) -> None:
    with pytest.raises(ActionError) as caught:
        edit_customer(state, **kwargs)
    assert caught.value.field == field
    assert state.count("Customer") == 0


def test_a_phone_belonging_to_someone_else_is_refused(state: State) -> None:
    edit_customer(state, "one@example.com", phone="+16135550100")
    with pytest.raises(ActionError) as caught:
        edit_customer(state, "two@example.com", phone="+1 613 555 0100")
    assert (caught.value.field, caught.value.status) == ("phone", 409)
    assert state.count("Customer") == 1
