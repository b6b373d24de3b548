"""Reading collector bodies: the three shapes, and every problem with its path."""

from __future__ import annotations

from typing import Any

import pytest

from shopbridge.marketing.pixels import PixelBatch, product_of, read_batch
from shopbridge.sources.verdict import FieldError


def event(**fields: Any) -> dict[str, Any]:
    return {
        "id": "sh-1",
        "name": "page_viewed",
        "timestamp": "2026-07-01T10:00:00.000Z",
        "clientId": "browser",
        **fields,
    }


def test_one_event_an_array_or_an_envelope_with_the_customer() -> None:
    single = read_batch(event(), 10)
    many = read_batch([event(id="a"), event(id="b")], 10)
    wrapped = read_batch({"events": [event()], "customer_id": "gid://shopify/Customer/42"}, 10)
    assert isinstance(single, PixelBatch)
    assert isinstance(many, PixelBatch)
    assert isinstance(wrapped, PixelBatch)
    assert [(e.id, e.name, e.client_id) for e in single.events] == [
        ("sh-1", "page_viewed", "browser")
    ]
    assert [e.id for e in many.events] == ["a", "b"]
    assert (wrapped.customer_id, single.customer_id) == ("42", None)


def test_events_are_kept_exactly_as_sent() -> None:
    sent = event(customData={"x": [1, 2]}, context={"window": {"innerWidth": 1}})
    found = read_batch(sent, 10)
    assert isinstance(found, PixelBatch)
    assert found.events[0].raw == sent


def _fields(found: object) -> list[str]:
    assert isinstance(found, list)
    return sorted(problem.field for problem in found if isinstance(problem, FieldError))


@pytest.mark.parametrize(
    ("body", "fields"),
    [
        ("text", ["body"]),
        ([], ["body"]),
        ({"events": "x"}, ["events"]),
        ({"events": [event()], "customer_id": "someone"}, ["customer_id"]),
        ({"events": [event()], "shop": "acme"}, ["shop"]),
        ([event(), 3], ["1"]),
        ({"events": [event(), event(id="", seq="1")]}, ["events.1.id", "events.1.seq"]),
        (event(clientId=None, timestamp="soon"), ["clientId", "timestamp"]),
        (event(id=7), ["id"]),
        (event(name="product_viewed", data={}), ["data.productVariant"]),
        (
            event(name="product_viewed", data={"productVariant": {"product": {"id": 1.5}}}),
            ["data.productVariant.product.id"],
        ),
    ],
)
def test_every_problem_is_reported_with_its_path(body: Any, fields: list[str]) -> None:
    assert _fields(read_batch(body, 10)) == fields


def test_a_batch_larger_than_the_limit_is_refused() -> None:
    assert _fields(read_batch({"events": [event()] * 3}, 2)) == ["events"]
    assert _fields(read_batch([event()] * 3, 2)) == ["body"]


def test_a_product_view_names_its_product_in_the_numeric_form() -> None:
    viewed = {
        "data": {
            "productVariant": {
                "id": "gid://shopify/ProductVariant/9",
                "sku": "S-1",
                "price": {"amount": 10.0, "currencyCode": "EUR"},
                "product": {"id": "gid://shopify/Product/5", "title": "Hoodie"},
            }
        }
    }
    product_id, details = product_of(viewed)
    assert product_id == "5"
    assert details["product"] == {
        "id": "5",
        "title": "Hoodie",
        "vendor": None,
        "type": None,
        "url": None,
    }
    assert details["variant"] == {
        "id": "9",
        "sku": "S-1",
        "title": None,
        "price": {"amount": 10.0, "currencyCode": "EUR"},
        "image": None,
    }
