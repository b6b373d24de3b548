"""Field ownership: a system writes what it owns or what nobody owns; identifiers always go."""

from __future__ import annotations

from shopbridge.customers.ownership import may_write, split_fields

OWNERSHIP = {"email": "shopify", "tags": "crm"}


def test_a_field_is_written_by_its_owner_or_by_anyone_when_unowned() -> None:
    assert may_write("tags", "crm", OWNERSHIP)
    assert not may_write("tags", "erp", OWNERSHIP)
    assert not may_write("tags", None, OWNERSHIP)
    assert not may_write("email", "crm", OWNERSHIP)
    assert may_write("note", "erp", OWNERSHIP)


def test_split_keeps_the_identifier_even_when_shopify_owns_it() -> None:
    fields = ["email", "tags", "note"]
    assert split_fields(fields, "crm", OWNERSHIP) == (["tags", "note"], ["email"])
    assert split_fields(fields, "crm", OWNERSHIP, keep=["email"]) == (fields, [])
    assert split_fields(fields, None, OWNERSHIP) == (["note"], ["email", "tags"])
