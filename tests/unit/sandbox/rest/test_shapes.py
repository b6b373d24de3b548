"""The shape comparison other areas' payload tests rely on."""

from __future__ import annotations

import pytest

from tests.unit.sandbox.rest.shapes import assert_same_shape, official_example, shape_errors


def test_same_keys_and_types_pass() -> None:
    assert_same_shape(
        {"id": 1, "price": "1.00", "tags": ["a"]}, {"id": 2, "price": "9", "tags": []}
    )


def test_missing_and_extra_keys_are_named() -> None:
    errors = shape_errors({"id": 1, "extra": True}, {"id": 1, "title": "x"})
    assert errors == ["$: missing keys ['title']", "$: unexpected keys ['extra']"]


def test_nested_list_elements_compare_with_the_first_example_element() -> None:
    errors = shape_errors(
        {"variants": [{"price": "1"}, {"price": 2}]}, {"variants": [{"price": "9"}]}
    )
    assert errors == ["$.variants[1].price: expected string, got number"]


def test_null_on_either_side_matches_unless_nulls_are_strict() -> None:
    assert shape_errors({"a": {"b": 1}}, {"a": None}) == []
    assert shape_errors({"a": None}, {"a": "text"}) == []
    assert shape_errors({"a": None}, {"a": "text"}, strict_nulls=True) == [
        "$.a: expected string, got null"
    ]


def test_int_and_float_are_one_number_type_but_booleans_are_not_numbers() -> None:
    assert shape_errors({"w": 0.5}, {"w": 0}) == []
    assert shape_errors({"w": True}, {"w": 0}) == ["$.w: expected number, got boolean"]


def test_assert_reports_every_path() -> None:
    with pytest.raises(AssertionError, match=r"\$\.id: expected number, got string"):
        assert_same_shape({"id": "1"}, {"id": 1})


def test_official_examples_are_vendored() -> None:
    assert set(official_example("inventory_levels/update")) == {
        "inventory_item_id",
        "location_id",
        "available",
        "updated_at",
        "admin_graphql_api_id",
    }
