"""One mutation's variables, idempotency key and per-item verdicts."""

from __future__ import annotations

from shopbridge.shopify.writer import (
    Entry,
    InventoryChange,
    JobTicket,
    Planned,
    Target,
    batch_key,
    judge,
    set_variables,
)

from .test_buffer import claimed


def planned(
    sku: str, quantity: int = 1, version: float = 1.0, change_from: int | None = None
) -> Planned:
    change = InventoryChange(sku, None, "Main", None, "available", quantity, version)
    entry = Entry(change, JobTicket(claimed(), 0.0, outstanding=1), 0.0)
    return Planned(
        entry, Target(f"gid://shopify/InventoryItem/{sku}", "gid://shopify/Location/1"), change_from
    )


def test_the_key_depends_on_the_batch_not_on_its_order() -> None:
    a, b = planned("1"), planned("2")
    assert batch_key("available", [a, b]) == batch_key("available", [b, a])
    assert batch_key("available", [a, b]) != batch_key("available", [a])
    assert batch_key("available", [a]) != batch_key("available", [planned("1", version=2.0)])
    assert batch_key("available", [a]) != batch_key("available", [a], salt=1)
    assert len(batch_key("available", [a])) <= 64


def test_every_quantity_carries_an_explicit_change_from_quantity() -> None:
    variables = set_variables("available", [planned("1", 5), planned("2", 7, change_from=3)], "k-1")
    assert variables["idempotencyKey"] == "k-1"
    given = variables["input"]
    assert (given["name"], given["reason"]) == ("available", "correction")
    assert [q["changeFromQuantity"] for q in given["quantities"]] == [None, 3]
    assert all("changeFromQuantity" in q for q in given["quantities"])


def test_a_clean_answer_applies_everything() -> None:
    items = [planned("1"), planned("2")]
    assert judge({"userErrors": []}, items).applied == tuple(items)


def test_bad_items_are_rejected_with_shopifys_reason_and_the_rest_resent() -> None:
    items = [planned("1"), planned("2"), planned("3")]
    answer = {
        "userErrors": [
            {
                "field": ["input", "quantities", "1", "locationId"],
                "message": "The specified inventory item is not stocked at the location.",
                "code": "ITEM_NOT_STOCKED_AT_LOCATION",
            }
        ]
    }
    verdicts = judge(answer, items)
    assert verdicts.applied == ()
    assert verdicts.rejected == (
        (
            items[1],
            "Shopify refused the item: The specified inventory item is not stocked at the "
            "location. (ITEM_NOT_STOCKED_AT_LOCATION)",
        ),
    )
    assert verdicts.resend == (items[0], items[2])


def test_key_trouble_resends_the_whole_batch() -> None:
    items = [planned("1")]
    busy = {
        "userErrors": [{"field": None, "message": "busy", "code": "IDEMPOTENCY_CONCURRENT_REQUEST"}]
    }
    assert judge(busy, items).retry_later
    mismatch = {
        "userErrors": [
            {"field": None, "message": "x", "code": "IDEMPOTENCY_KEY_PARAMETER_MISMATCH"}
        ]
    }
    verdict = judge(mismatch, items)
    assert (verdict.new_key, verdict.resend) == (True, tuple(items))
    general = {
        "userErrors": [
            {"field": ["input", "reason"], "message": "bad reason", "code": "INVALID_REASON"}
        ]
    }
    assert [why for _, why in judge(general, items).rejected] == [
        "Shopify refused the whole call: bad reason (INVALID_REASON)"
    ]
