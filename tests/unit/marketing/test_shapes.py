"""What marketing events read from REST payloads: ids, times, contact, customer, lines."""

from __future__ import annotations

import pytest

from shopbridge.marketing.shapes import (
    contact_of,
    customer_summary,
    iso_time,
    line_summary,
    numeric_id,
    parse_time,
)


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        (7, "7"),
        ("7", "7"),
        ("gid://shopify/Product/7", "7"),
        ("gid://shopify/Customer/12?x=1", "12"),
        (0, None),
        ("0", None),
        (True, None),
        ("abc", None),
        (None, None),
        (1.0, None),
    ],
)
def test_ids_are_numeric_strings(value: object, expected: str | None) -> None:
    assert numeric_id(value) == expected


def test_times_read_offsets_and_write_utc() -> None:
    assert parse_time("2021-12-31T19:00:00-05:00") == parse_time("2022-01-01T00:00:00Z")
    assert parse_time("2022-01-01T00:00:00") == parse_time("2022-01-01T00:00:00+00:00")
    assert parse_time("yesterday") is None
    assert parse_time(None) is None
    assert iso_time(1_640_995_200.25) == "2022-01-01T00:00:00.250Z"


def test_contact_comes_from_the_payload_then_its_customer_then_addresses() -> None:
    assert contact_of({"email": " a@x.com ", "customer": {"email": "b@x.com"}}) == (
        "a@x.com",
        None,
    )
    assert contact_of({"email": None, "customer": {"email": "b@x.com", "phone": None}}) == (
        "b@x.com",
        None,
    )
    assert contact_of({"shipping_address": {"phone": "+1 555"}}) == (None, "+1 555")
    assert contact_of({"email": "", "phone": "  "}) == (None, None)


def test_a_customer_and_a_line_in_short() -> None:
    customer = customer_summary(
        {"id": 115310627314723954, "email": "j@x.com", "first_name": "John", "note": "x"}
    )
    assert customer == {
        "id": "115310627314723954",
        "admin_graphql_api_id": "gid://shopify/Customer/115310627314723954",
        "email": "j@x.com",
        "phone": None,
        "first_name": "John",
        "last_name": None,
    }
    assert customer_summary(None) is None
    assert customer_summary({"id": None}) is None
    line = line_summary(
        {"product_id": 1, "variant_id": 2, "sku": "S", "title": "T", "quantity": 2, "price": "9"}
    )
    assert line == {
        "product_id": "1",
        "variant_id": "2",
        "sku": "S",
        "title": "T",
        "variant_title": None,
        "quantity": 2,
        "price": "9",
    }
