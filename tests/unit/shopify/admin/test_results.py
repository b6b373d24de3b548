"""userErrors mapped back onto the input items they name."""

from __future__ import annotations

from shopbridge.shopify.admin.results import UserError, item_errors, user_errors

ITEMS = [{"sku": "A"}, {"sku": "B"}, {"sku": "C"}]


def test_errors_are_split_by_item_and_the_rest_is_general() -> None:
    payload = {
        "userErrors": [
            {
                "field": ["input", "quantities", "2", "quantity"],
                "message": "too low",
                "code": "INVALID_QUANTITY_NEGATIVE",
            },
            {
                "field": ["input", "quantities", "2", "locationId"],
                "message": "no",
                "code": "INVALID_LOCATION",
            },
            {"field": ["input", "reason"], "message": "bad reason", "code": "INVALID_REASON"},
            {"field": None, "message": "whole call", "code": None},
            {"field": ["input", "quantities", "7"], "message": "out of range"},
        ]
    }
    report = item_errors(payload, ITEMS, ("input", "quantities"))
    assert [(f.index, f.item) for f in report.failed] == [(2, {"sku": "C"})]
    assert report.failed[0].errors == (
        UserError("too low", "INVALID_QUANTITY_NEGATIVE", ("quantity",)),
        UserError("no", "INVALID_LOCATION", ("locationId",)),
    )
    assert [e.message for e in report.general] == ["bad reason", "whole call", "out of range"]
    assert report.ok_indexes == (0, 1)
    assert not report.ok


def test_no_errors_means_every_item_is_ok() -> None:
    report = item_errors({"userErrors": []}, ITEMS, ("variants",))
    assert report.ok
    assert report.ok_indexes == (0, 1, 2)


def test_user_errors_without_a_code_are_read_too() -> None:
    assert user_errors(
        {"userErrors": [{"field": ["variants", "0", "price"], "message": "bad"}]}
    ) == [UserError("bad", None, ("variants", "0", "price"))]
